import { type Dispatch, type KeyboardEvent, memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { warningText } from './warning-text';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ImportPart, ImportWarning, PartRole } from '../../../../shared/import/types';
import { STORY_STATUSES, isStoryStatus } from '../../../../shared/model/story-status';
import { countText } from '../../../../shared/text/count';
import { storyLength } from '../library/story-length';
import {
  EDITABLE_ROLES,
  type PreviewAction,
  type PreviewStory,
  SECTION_MAX,
  type StoryIssue,
  storyIssues,
  summarise,
  warningOwner,
} from './import-preview-state';

const SHORT = 80;
const OPENING = 160;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max).trimEnd()}…` : text);

export const sourceLabel = (t: TFunction, source: string): string =>
  source === 'paste' ? t('import.sourcePaste') : source;

const roleLabel = (t: TFunction, role: PartRole): string => t(`import.roles.${role}`);

function issueText(t: TFunction, issue: StoryIssue): string {
  switch (issue.kind) {
    case 'tooLong':
      return t('import.issueTooLong', { field: roleLabel(t, issue.field), length: issue.length, max: issue.max });
    case 'dropped':
      return t('import.issueDropped', {
        count: issue.count,
        role: roleLabel(t, issue.role),
        text: clip(issue.text, 40),
      });
    case 'noHeadline':
      return t('import.issueNoHeadline');
  }
}

interface StoryCardProps {
  story: PreviewStory;
  index: number;
  dispatch: Dispatch<PreviewAction>;
  /** Move focus here (the story was just made by a split or merge). */
  focus: boolean;
  onFocused: () => void;
}

/**
 * One story found by the import: what it will become (headline group, dateline, byline,
 * opening, cross-heads, photos), what the editor must look at (warnings, lines not placed),
 * and, expanded, every line with its role.
 */
export const StoryCard = memo(function StoryCard({ story, index, dispatch, focus, onFocused }: StoryCardProps) {
  const { t, i18n } = useTranslation();
  // Labels inside the story's text speak the interface language, not the story's.
  const uiLang = i18n.language;
  const numberId = useId();
  const headlineId = useId();
  const partsId = useId();
  const sectionId = useId();
  const statusId = useId();
  const [expanded, setExpanded] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focus) return;
    heading.current?.focus();
    onFocused();
  }, [focus, onFocused]);
  const summary = useMemo(() => summarise(story), [story]);
  const issues = useMemo(() => storyIssues(story), [story]);
  const lang = story.language;

  const paragraphs = story.parts.filter((p) => p.role === 'paragraph');
  const crossheads = story.parts.filter((p) => p.role === 'crosshead');
  const photos = story.parts.filter((p) => p.role === 'photo');
  const unplaced = story.parts.filter((p) => p.role === 'unplaced');
  const counts = useMemo(() => countText(summary.body.map((b) => b.text).join('\n')), [summary.body]);
  const alerts = story.warnings.length + unplaced.length + issues.length;
  const set = (action: PreviewAction) => dispatch(action);

  return (
    <article
      className={['import-card', story.include ? '' : 'import-card--excluded', alerts ? 'import-card--alert' : ''].join(
        ' ',
      )}
      aria-labelledby={`${numberId} ${headlineId}`}
    >
      <div className="import-card__top">
        <label className="import-card__include">
          <input
            type="checkbox"
            checked={story.include}
            onChange={(e) => set({ type: 'toggleInclude', story: story.key, include: e.target.checked })}
          />
          {t('import.include')}
        </label>
        <h3 id={numberId} ref={heading} tabIndex={-1} className="import-card__number">
          {t('import.storyNumber', { n: index + 1 })}
        </h3>
        <span className="import-card__meta">
          {t(`language.${lang}`)} · {sourceLabel(t, story.source)} ·{' '}
          {storyLength(t, { language: lang, charCount: counts.characters, wordCount: counts.words })} ·{' '}
          {t('import.paragraphs', { count: paragraphs.length })}
        </span>
        {alerts > 0 && (
          <span className="import-card__badge">
            {[
              story.warnings.length ? t('import.warnings', { count: story.warnings.length }) : '',
              unplaced.length ? t('import.unplacedCount', { count: unplaced.length }) : '',
            ]
              .filter(Boolean)
              .join(' · ') || t('import.checkThis')}
          </span>
        )}
        {index > 0 && (
          <button
            type="button"
            className="button button--small import-card__merge"
            onClick={() => set({ type: 'mergeWithPrevious', story: story.key })}
          >
            {t('import.mergePrevious')}
          </button>
        )}
      </div>

      <div className="import-card__main">
        <div className="import-card__story" lang={lang}>
          {summary.kicker && <p className="import-card__kicker">{summary.kicker}</p>}
          <p
            id={headlineId}
            className={summary.headline ? 'import-card__headline' : 'import-card__headline import-card__headline--none'}
            lang={summary.headline ? undefined : uiLang}
          >
            {summary.headline ?? t('import.noHeadline')}
          </p>
          {summary.subheadline && <p className="import-card__subheadline">{summary.subheadline}</p>}
          {(summary.dateline || summary.byline || summary.jump) && (
            <dl className="import-card__facts">
              {summary.dateline && (
                <div>
                  <dt lang={uiLang}>{roleLabel(t, 'dateline')}</dt>
                  <dd>{summary.dateline}</dd>
                </div>
              )}
              {summary.byline && (
                <div>
                  <dt lang={uiLang}>{roleLabel(t, 'byline')}</dt>
                  <dd>{summary.byline}</dd>
                </div>
              )}
              {summary.jump && (
                <div>
                  <dt lang={uiLang}>{roleLabel(t, 'jump')}</dt>
                  <dd>{summary.jump}</dd>
                </div>
              )}
            </dl>
          )}
          {paragraphs.slice(0, 2).map((p, i) => (
            <p key={i} className="import-card__opening">
              {clip(p.text, OPENING)}
            </p>
          ))}
          {crossheads.length > 0 && (
            <p className="import-card__crossheads">
              <span className="import-card__label" lang={uiLang}>
                {t('import.crossheads')}
              </span>
              {crossheads.map((c) => c.text).join(' · ')}
            </p>
          )}
          {photos.length > 0 && (
            <ul className="import-card__photos" aria-label={t('import.photos')}>
              {photos.map((p, i) => (
                <li key={i}>
                  {p.image?.startsWith('data:image/') ? (
                    <img src={p.image} alt={p.text} className="import-card__thumb" />
                  ) : (
                    <span className="import-card__thumb import-card__thumb--none" aria-hidden="true" />
                  )}
                  <span className="import-card__caption">{clip(p.text, 60)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>

        <div className="import-card__side">
          <div className="field import-card__field">
            <label className="field__label" htmlFor={sectionId}>
              {t('import.section')}
            </label>
            <input
              id={sectionId}
              className="field__input"
              value={story.section}
              maxLength={SECTION_MAX}
              onChange={(e) => set({ type: 'setSection', story: story.key, section: e.target.value })}
            />
          </div>
          <div className="field import-card__field">
            <label className="field__label" htmlFor={statusId}>
              {t('import.status')}
            </label>
            <select
              id={statusId}
              className="field__input"
              value={story.status}
              onChange={(e) => {
                const status = e.target.value;
                if (isStoryStatus(status)) set({ type: 'setStatus', story: story.key, status });
              }}
            >
              {STORY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>

      {(story.warnings.length > 0 || issues.length > 0 || unplaced.length > 0) && (
        <ul className="import-card__alerts" aria-label={t('import.toCheck')}>
          {issues.map((issue, i) => (
            <li
              key={`i${i}`}
              className={issue.kind === 'tooLong' ? 'import-alert import-alert--block' : 'import-alert'}
            >
              {issueText(t, issue)}
            </li>
          ))}
          {unplaced.map((part, i) => (
            <li key={`u${i}`} className="import-alert">
              <span className="import-alert__line">{t('import.line', { line: part.line })}</span>
              {t('import.unplacedLine')} <q lang={lang}>{clip(part.text, 60)}</q>
            </li>
          ))}
          {story.warnings.map((w, i) => (
            <li key={`w${i}`} className="import-alert">
              <span className="import-alert__line">{t('import.line', { line: w.line })}</span>
              {warningText(t, w)}
              {w.text && (
                <>
                  {' '}
                  <q lang={lang}>{w.text}</q>
                </>
              )}
              {w.code === 'crosshead-or-paragraph' && <CrossheadChoice story={story} warning={w} dispatch={dispatch} />}
            </li>
          ))}
        </ul>
      )}

      <button
        type="button"
        className="button button--quiet button--small import-card__expand"
        aria-expanded={expanded}
        aria-controls={expanded ? partsId : undefined}
        onClick={() => setExpanded((e) => !e)}
      >
        <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
        {t('import.showParts', { count: story.parts.length })}
      </button>
      {expanded && <PartList id={partsId} story={story} dispatch={dispatch} />}
    </article>
  );
});

/** The one-click answer to a line flagged "cross-head or broken paragraph?". */
function CrossheadChoice({
  story,
  warning,
  dispatch,
}: {
  story: PreviewStory;
  warning: ImportWarning;
  dispatch: Dispatch<PreviewAction>;
}) {
  const { t } = useTranslation();
  const part = warningOwner(warning, story.parts);
  if (part >= story.parts.length - 1) return null;
  return (
    <span className="import-alert__choice" role="group" aria-label={t('import.crossheadQuestion')}>
      <button
        type="button"
        className="button button--small"
        onClick={() => dispatch({ type: 'resolveCrosshead', story: story.key, part, choice: 'crosshead' })}
      >
        {t('import.isCrosshead')}
      </button>
      <button
        type="button"
        className="button button--small"
        onClick={() => dispatch({ type: 'resolveCrosshead', story: story.key, part, choice: 'join' })}
      >
        {t('import.joinNext')}
      </button>
    </span>
  );
}

function PartList({ id, story, dispatch }: { id: string; story: PreviewStory; dispatch: Dispatch<PreviewAction> }) {
  const warningsByPart = useMemo(() => {
    const map = new Map<number, ImportWarning[]>();
    for (const w of story.warnings) {
      const owner = warningOwner(w, story.parts);
      map.set(owner, [...(map.get(owner) ?? []), w]);
    }
    return map;
  }, [story.warnings, story.parts]);
  return (
    <ol id={id} className="import-parts">
      {story.parts.map((part, i) => (
        <PartRow
          key={i}
          part={part}
          index={i}
          count={story.parts.length}
          storyKey={story.key}
          language={story.language}
          warnings={warningsByPart.get(i) ?? []}
          dispatch={dispatch}
        />
      ))}
    </ol>
  );
}

interface PartRowProps {
  part: ImportPart;
  index: number;
  /** How many lines the story has: the last one has nothing to merge with. */
  count: number;
  storyKey: string;
  language: PreviewStory['language'];
  warnings: ImportWarning[];
  dispatch: Dispatch<PreviewAction>;
}

function PartRow({ part, index, count, storyKey, language, warnings, dispatch }: PartRowProps) {
  const { t } = useTranslation();
  const textId = useId();
  const text = useRef<HTMLTextAreaElement>(null);
  const [full, setFull] = useState(false);
  /** Where the caret stands in the line's text: the split point. */
  const [caret, setCaret] = useState(0);
  const long = part.text.length > SHORT;
  const roles: PartRole[] = part.image ? ['photo', ...EDITABLE_ROLES] : [...EDITABLE_ROLES];
  const flagged = warnings.length > 0 || part.role === 'unplaced';
  const question = warnings.some((w) => w.code === 'crosshead-or-paragraph');
  const canSplit = caret > 0 && caret < part.text.length && part.role !== 'photo';
  const last = index === count - 1;
  const split = () => {
    const at = text.current?.selectionStart ?? caret;
    if (at > 0 && at < part.text.length) dispatch({ type: 'splitPart', story: storyKey, part: index, at });
  };
  const mergeNext = () => dispatch({ type: 'mergePartWithNext', story: storyKey, part: index });
  // The line is read-only text with a caret: Enter breaks it there, Delete at its end joins the next line.
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const el = e.currentTarget;
    const collapsed = el.selectionStart === el.selectionEnd;
    if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      split();
    } else if (e.key === 'Delete' && collapsed && el.selectionStart === part.text.length && !last) {
      e.preventDefault();
      mergeNext();
    } else if (e.key === 'Backspace' && collapsed && el.selectionStart === 0 && index > 0) {
      e.preventDefault();
      dispatch({ type: 'mergePartWithNext', story: storyKey, part: index - 1 });
    }
  };
  return (
    <li className={`import-part import-part--${part.role}${flagged ? ' import-part--flagged' : ''}`}>
      <span className="import-part__line">{part.line}</span>
      <select
        className="import-part__role"
        aria-label={t('import.roleOf', { line: part.line })}
        aria-describedby={textId}
        value={part.role}
        onChange={(e) => dispatch({ type: 'setRole', story: storyKey, part: index, role: e.target.value as PartRole })}
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {t(`import.roles.${role}`)}
          </option>
        ))}
      </select>
      <div className="import-part__body">
        {part.role === 'photo' && part.image?.startsWith('data:image/') && (
          <img src={part.image} alt="" className="import-part__thumb" />
        )}
        <textarea
          id={textId}
          ref={text}
          readOnly
          rows={1}
          className={`import-part__text${long && !full ? ' import-part__text--clipped' : ''}`}
          lang={language}
          value={part.text}
          aria-label={t('import.textOf', { line: part.line })}
          aria-keyshortcuts="Enter Delete Backspace"
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
        />
        {long && (
          <button
            type="button"
            className="button button--quiet button--small import-part__more"
            aria-expanded={full}
            onClick={() => setFull((f) => !f)}
          >
            {full ? t('import.less') : t('import.more')}
          </button>
        )}
        {warnings.map((w, i) => (
          <span key={i} className="import-part__warning">
            {warningText(t, w)}
          </span>
        ))}
        {question && !last && (
          <span className="import-part__choice">
            <button
              type="button"
              className="button button--small"
              onClick={() => dispatch({ type: 'resolveCrosshead', story: storyKey, part: index, choice: 'crosshead' })}
            >
              {t('import.isCrosshead')}
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => dispatch({ type: 'resolveCrosshead', story: storyKey, part: index, choice: 'join' })}
            >
              {t('import.joinNext')}
            </button>
          </span>
        )}
      </div>
      <div className="import-part__actions">
        <button
          type="button"
          className="button button--small"
          aria-describedby={textId}
          aria-keyshortcuts="Enter"
          disabled={!canSplit}
          title={canSplit ? undefined : t('import.splitLineHint')}
          onClick={split}
        >
          {t('import.splitLine')}
        </button>
        {!last && (
          <button
            type="button"
            className="button button--small"
            aria-describedby={textId}
            aria-keyshortcuts="Delete"
            onClick={mergeNext}
          >
            {t('import.mergeNext')}
          </button>
        )}
        {index > 0 && (
          <button
            type="button"
            className="button button--small import-part__split"
            aria-describedby={textId}
            onClick={() => dispatch({ type: 'split', story: storyKey, part: index })}
          >
            {t('import.split')}
          </button>
        )}
      </div>
    </li>
  );
}
