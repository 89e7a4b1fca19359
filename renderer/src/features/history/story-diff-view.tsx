import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoryFields, StoryLanguage } from '../../../../shared/model';
import type { Block, BodyDiffItem, FieldDiff, OtherField, Segment, StoryDiff } from './story-diff';

export type DiffLayout = 'inline' | 'side-by-side';

interface StoryDiffViewProps {
  diff: StoryDiff;
  before: StoryFields;
  after: StoryFields;
  layout: DiffLayout;
  /** Names of the two versions, for the side-by-side column heads. */
  beforeLabel: string;
  afterLabel: string;
}

/** Which side of a side-by-side view a text is drawn for: the older shows deletions, the newer insertions. */
type Side = 'both' | 'before' | 'after';

/**
 * <ins> and <del> are not announced by most screen readers; the marker is CSS generated
 * content from data-marker, so it is heard but not copied with the text.
 */
function Segments({ segments, side, language }: { segments: Segment[]; side: Side; language: StoryLanguage }) {
  const { t } = useTranslation();
  return (
    <span lang={language}>
      {segments.map((seg, i) => {
        if (seg.op === 'equal') return <span key={i}>{seg.text}</span>;
        if (seg.op === 'delete') {
          return side === 'after' ? null : (
            <del key={i} data-marker={t('history.deleted')}>
              {seg.text}
            </del>
          );
        }
        return side === 'before' ? null : (
          <ins key={i} data-marker={t('history.inserted')}>
            {seg.text}
          </ins>
        );
      })}
    </span>
  );
}

const whole = (text: string, op: Segment['op']): Segment[] => (text ? [{ op, text }] : []);

function fieldSegments(field: FieldDiff): Segment[] {
  if (field.change === 'added') return whole(field.after, 'insert');
  if (field.change === 'removed') return whole(field.before, 'delete');
  return field.segments;
}

function BlockKind({ block, other }: { block: Block; other?: Block }) {
  const { t } = useTranslation();
  const name = (b: Block) => t(`history.blocks.${b.kind}`, { defaultValue: b.kind });
  if (other && other.kind !== block.kind) {
    return (
      <span className="diff-block__kind diff-block__kind--changed">
        {t('history.kindChanged', { before: name(other), after: name(block) })}
      </span>
    );
  }
  if (block.kind === 'paragraph') return null;
  return <span className="diff-block__kind">{name(block)}</span>;
}

function UnchangedRun({ blocks, language, columns }: { blocks: Block[]; language: StoryLanguage; columns: 1 | 2 }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className={`diff-unchanged diff-unchanged--cols-${columns}`}>
      <button type="button" className="diff-unchanged__toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true" className="diff-unchanged__chevron">
          {open ? '▾' : '▸'}
        </span>
        {t('history.unchanged', { count: blocks.length })}
      </button>
      {open &&
        blocks.map((block, i) => (
          <p key={i} className="diff-block diff-block--unchanged">
            <BlockKind block={block} />
            <span lang={language}>{block.text}</span>
          </p>
        ))}
    </div>
  );
}

function InlineBodyItem({ item, language }: { item: BodyDiffItem; language: StoryLanguage }) {
  switch (item.change) {
    case 'unchanged':
      return <UnchangedRun blocks={item.blocks} language={language} columns={1} />;
    case 'changed':
      return (
        <p className="diff-block diff-block--changed">
          <BlockKind block={item.after} other={item.before} />
          <Segments segments={item.segments} side="both" language={language} />
        </p>
      );
    case 'added':
      return (
        <p className="diff-block diff-block--added">
          <BlockKind block={item.block} />
          <Segments segments={whole(item.block.text, 'insert')} side="both" language={language} />
        </p>
      );
    case 'removed':
      return (
        <p className="diff-block diff-block--removed">
          <BlockKind block={item.block} />
          <Segments segments={whole(item.block.text, 'delete')} side="both" language={language} />
        </p>
      );
  }
}

/** One row of the side-by-side view: the older version's block on the left, the newer's on the right. */
function SideBySideBodyItem({ item, language }: { item: BodyDiffItem; language: StoryLanguage }) {
  const cell = (content: ReactNode, className: string) => <div className={`diff-cell ${className}`}>{content}</div>;
  const empty = cell(null, 'diff-cell--empty');
  switch (item.change) {
    case 'unchanged':
      return <UnchangedRun blocks={item.blocks} language={language} columns={2} />;
    case 'changed':
      return (
        <>
          {cell(
            <p className="diff-block">
              <BlockKind block={item.before} />
              <Segments segments={item.segments} side="before" language={language} />
            </p>,
            'diff-cell--before diff-cell--changed',
          )}
          {cell(
            <p className="diff-block">
              <BlockKind block={item.after} />
              <Segments segments={item.segments} side="after" language={language} />
            </p>,
            'diff-cell--after diff-cell--changed',
          )}
        </>
      );
    case 'added':
      return (
        <>
          {empty}
          {cell(
            <p className="diff-block">
              <BlockKind block={item.block} />
              <Segments segments={whole(item.block.text, 'insert')} side="after" language={language} />
            </p>,
            'diff-cell--after diff-cell--added',
          )}
        </>
      );
    case 'removed':
      return (
        <>
          {cell(
            <p className="diff-block">
              <BlockKind block={item.block} />
              <Segments segments={whole(item.block.text, 'delete')} side="before" language={language} />
            </p>,
            'diff-cell--before diff-cell--removed',
          )}
          {empty}
        </>
      );
  }
}

function otherValue(t: TFunction, field: OtherField, fields: StoryFields): string {
  switch (field) {
    case 'status':
      return t(`status.${fields.status}`);
    case 'tags':
      return fields.tags.map((tag) => tag.name).join(t('history.listSeparator')) || t('history.none');
    case 'targetLength':
      return fields.targetLength
        ? t(fields.targetLength.unit === 'chars' ? 'units.chars' : 'units.words', {
            count: fields.targetLength.value,
          })
        : t('history.none');
    case 'fit':
      return fields.fit ? `${fields.fit.columns} × ${fields.fit.lines}` : t('history.none');
    case 'notes':
      return fields.notes.trim()
        ? t('history.notesSet', { count: [...fields.notes.trim()].length })
        : t('history.none');
    default:
      return fields[field] || t('history.none');
  }
}

/** What changed between two versions of a story: the headline group, the body, then the rest. */
export function StoryDiffView({ diff, before, after, layout, beforeLabel, afterLabel }: StoryDiffViewProps) {
  const { t } = useTranslation();
  const { language } = diff;
  const fields = diff.fields.filter((f) => f.before !== '' || f.after !== '');
  const sideBySide = layout === 'side-by-side';

  if (diff.identical) {
    return <p className="diff-empty">{t('history.identical')}</p>;
  }

  return (
    <div className={`story-diff story-diff--${layout}`}>
      <section className="story-diff__section" aria-label={t('history.headlineGroup')}>
        <h3 className="story-diff__heading">{t('history.headlineGroup')}</h3>
        {sideBySide && (
          <div className="diff-columns" aria-hidden="true">
            <span className="diff-columns__label">{beforeLabel}</span>
            <span className="diff-columns__label">{afterLabel}</span>
          </div>
        )}
        <dl className="diff-fields">
          {fields.map((field) => (
            <div key={field.field} className={`diff-field diff-field--${field.change}`}>
              <dt className="diff-field__label">{t(`story.${field.field}`)}</dt>
              {sideBySide ? (
                <>
                  <dd className="diff-cell diff-cell--before">
                    <Segments segments={fieldSegments(field)} side="before" language={language} />
                  </dd>
                  <dd className="diff-cell diff-cell--after">
                    <Segments segments={fieldSegments(field)} side="after" language={language} />
                  </dd>
                </>
              ) : (
                <dd className="diff-field__text">
                  <Segments segments={fieldSegments(field)} side="both" language={language} />
                </dd>
              )}
            </div>
          ))}
        </dl>
      </section>

      <section className="story-diff__section" aria-label={t('history.body')}>
        <h3 className="story-diff__heading">{t('history.body')}</h3>
        {diff.formattingChanged && <p className="diff-note">{t('history.formattingOnly')}</p>}
        {diff.body.length === 0 ? (
          <p className="diff-note">{t('history.emptyBody')}</p>
        ) : sideBySide ? (
          <div className="diff-grid">
            {diff.body.map((item, i) => (
              <SideBySideBodyItem key={i} item={item} language={language} />
            ))}
          </div>
        ) : (
          <div className="diff-body">
            {diff.body.map((item, i) => (
              <InlineBodyItem key={i} item={item} language={language} />
            ))}
          </div>
        )}
      </section>

      {diff.otherChanges.length > 0 && (
        <section className="story-diff__section" aria-label={t('history.otherChanges')}>
          <h3 className="story-diff__heading">{t('history.otherChanges')}</h3>
          <dl className="diff-others">
            {diff.otherChanges.map((field) => (
              <div key={field} className="diff-others__row">
                <dt>{t(`history.fields.${field}`)}</dt>
                <dd>
                  <del data-marker={t('history.deleted')}>{otherValue(t, field, before)}</del>
                  <span aria-hidden="true"> → </span>
                  <ins data-marker={t('history.inserted')}>{otherValue(t, field, after)}</ins>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
