import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevisionMeta, StoryLanguage } from '../../../../shared/model';
import { useUiLocale } from '../../i18n/use-ui-locale';
import { authorLabel, kindLabel, revisionLength, sessionLabel } from './revision-format';

interface RevisionListProps {
  revisions: RevisionMeta[];
  language: StoryLanguage;
  /** The revision of the story as it is now: the snapshot holding it is marked current. */
  currentRevision: number;
  selected: number | null;
  onSelect: (snapshot: number) => void;
}

/**
 * The versions, newest first, as one radio group: arrow keys move through them and a
 * screen reader hears each one's number, time, author, kind and headline.
 */
export function RevisionList({ revisions, language, currentRevision, selected, onSelect }: RevisionListProps) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const name = useId();
  return (
    <fieldset className="history-list">
      <legend className="history-list__legend">{t('history.versions')}</legend>
      <ol className="history-list__items">
        {revisions.map((meta) => {
          const current = meta.revision === currentRevision;
          const checked = meta.snapshot === selected;
          return (
            <li key={meta.snapshot}>
              <label
                className={`history-item${checked ? ' history-item--selected' : ''}${current ? ' history-item--current' : ''}`}
              >
                <input
                  type="radio"
                  className="history-item__radio"
                  name={name}
                  value={meta.snapshot}
                  checked={checked}
                  onChange={() => onSelect(meta.snapshot)}
                />
                <span className="history-item__top">
                  <span className="history-item__number">{t('history.number', { snapshot: meta.snapshot })}</span>
                  <span className="history-item__time">{sessionLabel(t, meta, locale)}</span>
                </span>
                <span className="history-item__who">
                  {authorLabel(t, meta.author)} · {kindLabel(t, meta)}
                </span>
                <span className="history-item__headline" lang={meta.headline.trim() ? language : undefined}>
                  {meta.headline.trim() || t('library.untitled')}
                </span>
                <span className="history-item__foot">
                  <span className="history-item__length">{revisionLength(t, meta, language)}</span>
                  {current && <span className="history-item__badge">{t('history.current')}</span>}
                </span>
              </label>
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}
