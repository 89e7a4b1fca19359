import type { TFunction } from 'i18next';
import { type MouseEvent, memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StorySummary } from '../../../../shared/model';
import { type UiLocale } from '../../i18n';
import { useUiLocale } from '../../i18n/use-ui-locale';
import { formatDateTime } from '../../ui/format';
import { routeHash } from '../../ui/use-hash-route';
import { type LibrarySort, type SortKey, firstDirection } from './library-filter';
import { storyLength } from './story-length';

interface StoryTableProps {
  stories: readonly StorySummary[];
  /** The heading that names the table ("Stories"), so its accessible name is exactly that. */
  labelledBy: string;
  onOpen: (id: string) => void;
  sort: LibrarySort;
  onSort: (sort: LibrarySort) => void;
}

const COLUMNS: { key: SortKey; label: 'headline' | 'section' | 'status' | 'length' | 'updated'; className?: string }[] =
  [
    { key: 'headline', label: 'headline', className: 'story-table__headline' },
    { key: 'section', label: 'section' },
    { key: 'status', label: 'status' },
    { key: 'length', label: 'length', className: 'numeric' },
    { key: 'updated', label: 'updated' },
  ];

export function StoryTable({ stories, labelledBy, onOpen, sort, onSort }: StoryTableProps) {
  const { t } = useTranslation();
  const locale = useUiLocale();

  return (
    <table className="story-table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          {COLUMNS.map((column) => {
            const active = sort.key === column.key;
            return (
              <th
                key={column.key}
                scope="col"
                className={column.className}
                aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                <button
                  type="button"
                  className="sort-button"
                  onClick={() =>
                    onSort({
                      key: column.key,
                      direction: active ? (sort.direction === 'asc' ? 'desc' : 'asc') : firstDirection(column.key),
                    })
                  }
                >
                  {t(`library.${column.label}`)}
                  <span className="sort-button__arrow" aria-hidden="true">
                    {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {stories.map((story) => (
          <StoryRow key={story.id} story={story} t={t} locale={locale} onOpen={onOpen} />
        ))}
      </tbody>
    </table>
  );
}

interface StoryRowProps {
  story: StorySummary;
  /** Passed in, not read per row, so ten thousand rows do not each listen for a language switch. */
  t: TFunction;
  locale: UiLocale;
  onOpen: (id: string) => void;
}

/**
 * One row, memoised on the summary object: the list keeps its objects between filter and
 * sort changes, so only rows that appear are rendered, the rest are moved or kept.
 */
const StoryRow = memo(function StoryRow({ story, t, locale, onOpen }: StoryRowProps) {
  // The whole row is a mouse target; keyboard and screen reader users get the headline link.
  const openFromRow = (event: MouseEvent<HTMLTableRowElement>) => {
    if (event.target instanceof Element && event.target.closest('a, button, input, select, textarea')) return;
    if (window.getSelection()?.toString()) return;
    onOpen(story.id);
  };
  return (
    <tr className="story-table__row" onClick={openFromRow}>
      <td className="story-table__headline" lang={story.language}>
        <a className="story-link" href={routeHash({ view: 'story', id: story.id })}>
          {story.kicker && <span className="story-link__kicker">{story.kicker}</span>}
          <span
            className={story.headline ? 'story-link__headline' : 'story-link__headline story-link__headline--untitled'}
          >
            {story.headline || t('library.untitled')}
          </span>
        </a>
      </td>
      <td lang={story.language}>{story.section || t('library.noSection')}</td>
      <td>
        <span className={`status-badge status-badge--${story.status}`}>{t(`status.${story.status}`)}</span>
      </td>
      <td className="numeric">{storyLength(t, story)}</td>
      <td className="story-table__changed">
        <time dateTime={story.updatedAt}>{formatDateTime(story.updatedAt, locale)}</time>
        {story.updatedBy && (
          <span className="story-table__by">
            <span className="visually-hidden">{t('library.changedBy')} </span>
            {story.updatedBy}
          </span>
        )}
      </td>
    </tr>
  );
});
