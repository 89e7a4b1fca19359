import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { templateMetrics } from '../../../../shared/layout/grid';
import type { BlockMeasure } from '../../../../shared/layout/types';
import type { Edition, Page, PageTemplate, Placement, StoryRank } from '../../../../shared/model/edition';
import type { DocNode, Story } from '../../../../shared/model/story';
import { routeHash } from '../../ui/use-hash-route';
import { NumberField } from '../../ui/number-field';
import { fitLabel } from './fit-label';
import { RANKS, headlineStyleFor } from '../../../../shared/compose/headline';

export interface PhotoChoice {
  asset: string;
  caption: string;
  credit: string;
  story: string;
}

/** The photos in the stories placed in the edition: what a photo block can show. */
export function photoChoices(stories: Iterable<Story>): PhotoChoice[] {
  const out: PhotoChoice[] = [];
  const seen = new Set<string>();
  const walk = (node: DocNode, story: Story) => {
    if (node.type === 'photoFigure' && typeof node.attrs?.asset === 'string' && node.attrs.asset) {
      if (!seen.has(node.attrs.asset)) {
        seen.add(node.attrs.asset);
        out.push({
          asset: node.attrs.asset,
          caption: typeof node.attrs.caption === 'string' ? node.attrs.caption : '',
          credit: typeof node.attrs.credit === 'string' ? node.attrs.credit : '',
          story: story.headline,
        });
      }
    }
    for (const child of node.content ?? []) walk(child, story);
  };
  for (const story of stories) walk(story.body as DocNode, story);
  return out;
}

interface BlockInspectorProps {
  edition: Edition;
  page: Page;
  template: PageTemplate;
  block: Placement;
  measure: BlockMeasure | undefined;
  story: Story | undefined;
  photos: PhotoChoice[];
  onChange: (patch: Partial<Omit<Placement, 'id'>>, coalesce?: string) => void;
  onRemove: () => void;
  onJump: (toPageId: string) => void;
  /** Others in the newsroom working on this block: its fields are shown read-only, naming them. */
  heldBy?: readonly string[];
}

/** The selected block's fields: its label, its place on the grid in numbers, a photo's caption, remove, jump. */
export function BlockInspector({
  edition,
  page,
  template,
  block,
  measure,
  story,
  photos,
  onChange,
  onRemove,
  onJump,
  heldBy = [],
}: BlockInspectorProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const m = templateMetrics(template);
  const fit = fitLabel(t, measure);
  // A number that would push the block off the page is refused with the reason, not silently undone.
  const [refused, setRefused] = useState<string | null>(null);
  const overrun = (key: 'column' | 'span' | 'line' | 'lines', value: number): string | null => {
    const next = { ...block, [key]: value };
    if (next.line + next.lines > m.linesPerColumn)
      return t('edition.overrunLines', { line: next.line + 1, lines: next.lines, max: m.linesPerColumn });
    if (next.column + next.span > template.columns)
      return t('edition.overrunColumns', { column: next.column + 1, span: next.span, max: template.columns });
    return null;
  };
  const otherPages = edition.pages.filter((p) => p.id !== page.id);
  const [jumpTo, setJumpTo] = useState(otherPages[0]?.id ?? '');
  const jumpTarget = otherPages.some((p) => p.id === jumpTo) ? jumpTo : (otherPages[0]?.id ?? '');
  // The headline style the composer will use: the template's for the rank, with this block's own settings.
  const { rank, style } = headlineStyleFor(template, page, block);

  // Columns and lines are counted from 1 on screen, as the desk counts them.
  const numeric = (
    key: 'column' | 'span' | 'line' | 'lines',
    label: string,
    min: number,
    max: number,
    offset: number,
  ) => (
    <label className="field inspector__number">
      <span className="field__label">{label}</span>
      <input
        className="field__input field__input--small"
        type="number"
        min={min}
        max={max}
        value={block[key] + offset}
        onChange={(e) => {
          const value = Math.round(Number(e.target.value));
          if (!Number.isFinite(value) || e.target.value === '') return;
          const reason = overrun(key, value - offset);
          setRefused(reason);
          if (!reason) onChange({ [key]: value - offset }, `${block.id}:${key}`);
        }}
      />
    </label>
  );

  // The main headline's size and lines: this block's own, over the rank's style.
  const headlineNumber = (
    key: 'sizePt' | 'maxLines',
    label: string,
    min: number,
    max: number,
    step: number,
    coalesce?: string,
  ) => (
    <NumberField
      className="inspector__number"
      inputClassName="field__input field__input--small"
      label={label}
      min={min}
      max={max}
      step={step}
      value={style.main[key]}
      onChange={(value) => {
        if (value !== null)
          onChange({ headline: { ...block.headline, main: { ...block.headline?.main, [key]: value } } }, coalesce);
      }}
    />
  );

  return (
    <section className="inspector" aria-labelledby={titleId}>
      <h2 id={titleId} className="side-panel__title">
        {t('edition.inspector', { kind: t(`edition.kind.${block.kind}`) })}
      </h2>
      {story && (
        <p className="inspector__story" lang={story.language}>
          <a href={routeHash({ view: 'story', id: story.id })}>{story.headline || t('library.untitled')}</a>
        </p>
      )}
      {block.kind === 'story' && !story && measure?.fit === 'missing' && (
        <p className="inspector__warning">{t('edition.fit.missing')}</p>
      )}
      {fit && (
        <p className="inspector__fit">
          <span className={`fit-badge fit-badge--${fit.tone}`}>{fit.text}</span>
          {measure && (
            <span className="inspector__figures">
              {t('edition.measured', { used: measure.usedLines, capacity: measure.capacityLines })}
            </span>
          )}
        </p>
      )}
      {measure?.jumpTo && <p className="inspector__jump">{measure.jumpTo}</p>}
      {measure?.jumpFrom && <p className="inspector__jump">{measure.jumpFrom}</p>}
      {heldBy.length > 0 && (
        <p className="inspector__held" role="note">
          {t('collab.blockHeldBy', { names: heldBy.join('、') })}
        </p>
      )}
      {/* Held by someone else: every field and button below is read-only until they let go. */}
      <fieldset className="inspector__fields" disabled={heldBy.length > 0}>
        <label className="field">
          <span className="field__label">{t('edition.label')}</span>
          <input
            className="field__input field__input--small"
            value={block.label}
            maxLength={200}
            onChange={(e) => onChange({ label: e.target.value }, `${block.id}:label`)}
          />
        </label>
        <div className="inspector__grid">
          {numeric('column', t('edition.column'), 1, template.columns, 1)}
          {numeric('span', t('edition.span'), 1, template.columns, 0)}
          {numeric('line', t('edition.line'), 1, m.linesPerColumn, 1)}
          {numeric('lines', t('edition.lines'), 1, m.linesPerColumn, 0)}
        </div>
        {refused && (
          <p className="inspector__refused" role="alert">
            {refused}
          </p>
        )}
        {block.kind === 'photo' && (
          <>
            <label className="field">
              <span className="field__label">{t('edition.photoAsset')}</span>
              <select
                className="field__select field__input--small"
                value={block.asset ?? ''}
                onChange={(e) => {
                  const choice = photos.find((p) => p.asset === e.target.value);
                  onChange({
                    asset: e.target.value || undefined,
                    ...(choice && !block.caption ? { caption: choice.caption } : {}),
                    ...(choice && !block.credit ? { credit: choice.credit } : {}),
                  });
                }}
              >
                <option value="">{t('edition.noPhoto')}</option>
                {photos.map((p) => (
                  <option key={p.asset} value={p.asset}>
                    {p.caption || p.asset.slice(0, 12)} — {p.story}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">{t('photo.caption')}</span>
              <textarea
                className="field__input field__input--small"
                rows={3}
                maxLength={2000}
                value={block.caption ?? ''}
                onChange={(e) => onChange({ caption: e.target.value }, `${block.id}:caption`)}
              />
            </label>
            <label className="field">
              <span className="field__label">{t('photo.credit')}</span>
              <input
                className="field__input field__input--small"
                maxLength={200}
                value={block.credit ?? ''}
                onChange={(e) => onChange({ credit: e.target.value }, `${block.id}:credit`)}
              />
            </label>
          </>
        )}
        {block.kind === 'story' && story && !block.continuation && (
          <fieldset className="inspector__headline">
            <legend>{t('edition.headlineGroup')}</legend>
            <label className="field">
              <span className="field__label">{t('edition.rank')}</span>
              <select
                className="field__select field__input--small"
                value={block.rank ?? ''}
                onChange={(e) => onChange({ rank: (e.target.value || undefined) as StoryRank | undefined })}
              >
                <option value="">{t('edition.rankAuto', { rank: t(`edition.ranks.${rank}`) })}</option>
                {RANKS.map((r) => (
                  <option key={r} value={r}>
                    {t(`edition.ranks.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            {headlineNumber('sizePt', t('edition.headlineSize'), 6, 200, 0.5, `${block.id}:size`)}
            {headlineNumber('maxLines', t('edition.headlineLines'), 1, 6, 1)}
            <label className="field">
              <span className="field__label">{t('edition.headlineBreaks')}</span>
              <textarea
                className="field__input"
                rows={2}
                value={block.headline?.mainText ?? ''}
                placeholder={story.headline}
                onChange={(e) =>
                  onChange(
                    { headline: { ...block.headline, mainText: e.target.value.trim() ? e.target.value : undefined } },
                    `${block.id}:breaks`,
                  )
                }
              />
            </label>
          </fieldset>
        )}
        {block.kind === 'story' && story && block.continuation && (
          <label className="field">
            <span className="field__label">{t('edition.continuationHead')}</span>
            <input
              className="field__input"
              value={block.continuationHead ?? ''}
              placeholder={story.headline}
              onChange={(e) =>
                onChange({ continuationHead: e.target.value || undefined }, `${block.id}:continuation-head`)
              }
            />
          </label>
        )}
        {block.kind === 'story' && measure?.fit === 'over' && otherPages.length > 0 && (
          <div className="inspector__jump-form" role="group" aria-label={t('edition.jumpTitle')}>
            <label className="field">
              <span className="field__label">{t('edition.jumpTo')}</span>
              <select
                className="field__select field__input--small"
                value={jumpTarget}
                onChange={(e) => setJumpTo(e.target.value)}
              >
                {otherPages.map((p) => (
                  <option key={p.id} value={p.id}>
                    {t('edition.pageTitle', {
                      number: edition.pages.indexOf(p) + 1,
                      section: p.section || t('edition.noSection'),
                    })}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button button--small" onClick={() => onJump(jumpTarget)}>
              {t('edition.jump')}
            </button>
          </div>
        )}
        <button
          type="button"
          className="button button--danger-quiet button--small inspector__remove"
          onClick={onRemove}
        >
          {t('edition.removeBlock')}
        </button>
      </fieldset>
    </section>
  );
}
