import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../shared/ipc/contract';
import type { StoryStatus } from '../../../../shared/model';
import { api } from '../../api/client';
import { ErrorNotice } from '../../ui/error-notice';
import { STORY_DRAG_TYPE } from './block-overlay';

interface StoryPanelProps {
  /** Stories already placed somewhere in the edition. */
  placed: ReadonlySet<string>;
  onPlace: (story: ListedStory) => void;
}

/** A story as the library's list gives it. */
export type ListedStory = MethodOutput<'listStories'>[number];

const STATUSES: StoryStatus[] = ['draft', 'submitted', 'edited', 'approved'];

/** Case-blind match on the headline and kicker. */
export function matchesStory(story: ListedStory, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [story.headline, story.kicker].some((field) => field.toLowerCase().includes(q));
}

/**
 * The library beside the page: stories to drag onto it (or place with a button, from the
 * keyboard), filtered by headline, section and status. Spiked stories are left out.
 */
export function StoryPanel({ placed, onPlace }: StoryPanelProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const [stories, setStories] = useState<ListedStory[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');
  const [section, setSection] = useState('');
  const [status, setStatus] = useState<StoryStatus | ''>('');

  useEffect(() => {
    let live = true;
    api.listStories().then(
      (list) => {
        if (live) setStories(list.filter((s) => s.status !== 'spiked'));
      },
      (failure: unknown) => {
        if (live) setError(failure);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const sections = useMemo(() => [...new Set((stories ?? []).map((s) => s.section).filter(Boolean))].sort(), [stories]);
  const shown = useMemo(
    () =>
      (stories ?? [])
        .filter((s) => matchesStory(s, query))
        .filter((s) => !section || s.section === section)
        .filter((s) => !status || s.status === status)
        .slice(0, 200),
    [stories, query, section, status],
  );

  return (
    <section className="story-panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="side-panel__title">
        {t('edition.storiesTitle')}
      </h2>
      {error !== null && <ErrorNotice error={error} />}
      <div className="story-panel__filters">
        <input
          className="field__input field__input--small"
          type="search"
          aria-label={t('edition.filterHeadline')}
          placeholder={t('edition.filterHeadline')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <select
          className="field__select field__input--small"
          aria-label={t('edition.section')}
          value={section}
          onChange={(e) => setSection(e.target.value)}
        >
          <option value="">{t('edition.anySection')}</option>
          {sections.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select
          className="field__select field__input--small"
          aria-label={t('story.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value as StoryStatus | '')}
        >
          <option value="">{t('edition.anyStatus')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {stories === null && error === null && <p className="view-loading">{t('app.loading')}</p>}
      {stories && shown.length === 0 && <p className="story-panel__empty">{t('edition.noStoriesMatch')}</p>}
      <ul className="story-panel__list">
        {shown.map((story) => {
          const headline = story.headline || t('library.untitled');
          return (
            <li
              key={story.id}
              className="story-panel__item"
              draggable
              onDragStart={(e) => {
                e.dataTransfer.effectAllowed = 'copy';
                e.dataTransfer.setData(STORY_DRAG_TYPE, story.id);
                e.dataTransfer.setData('text/plain', headline);
              }}
            >
              <span className="story-panel__grip" aria-hidden="true">
                ⠿
              </span>
              <span className="story-panel__text">
                <span className="story-panel__headline" lang={story.language}>
                  {headline}
                </span>
                <span className="story-panel__meta">
                  {[
                    story.section,
                    t(`status.${story.status}`),
                    story.language === 'zh-Hans'
                      ? t('units.chars', { count: story.charCount })
                      : t('units.words', { count: story.wordCount }),
                    placed.has(story.id) ? t('edition.placed') : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </span>
              <button
                type="button"
                className="button button--small story-panel__place"
                aria-label={t('edition.placeNamed', { headline })}
                onClick={() => onPlace(story)}
              >
                {t('edition.place')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
