import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StorySummary } from '../../../../shared/model';
import { useUiLocale } from '../../i18n/use-ui-locale';
import { formatDateTime } from '../../ui/format';
import { routeHash } from '../../ui/use-hash-route';
import { storyLength } from './story-length';

interface StoryTableProps {
  stories: StorySummary[];
  /** The heading that names the table ("Stories"), so its accessible name is exactly that. */
  labelledBy: string;
  onOpen: (id: string) => void;
}

export function StoryTable({ stories, labelledBy, onOpen }: StoryTableProps) {
  const { t } = useTranslation();
  const locale = useUiLocale();

  // The whole row is a mouse target; keyboard and screen reader users get the headline link.
  const openFromRow = (event: MouseEvent<HTMLTableRowElement>, id: string) => {
    if (event.target instanceof Element && event.target.closest('a, button, input, select, textarea')) return;
    if (window.getSelection()?.toString()) return;
    onOpen(id);
  };

  return (
    <table className="story-table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col" className="story-table__headline">
            {t('library.headline')}
          </th>
          <th scope="col">{t('library.section')}</th>
          <th scope="col">{t('library.status')}</th>
          <th scope="col" className="numeric">
            {t('library.length')}
          </th>
          <th scope="col">{t('library.updated')}</th>
        </tr>
      </thead>
      <tbody>
        {stories.map((story) => (
          <tr key={story.id} className="story-table__row" onClick={(e) => openFromRow(e, story.id)}>
            <td className="story-table__headline" lang={story.language}>
              <a className="story-link" href={routeHash({ view: 'story', id: story.id })}>
                {story.kicker && <span className="story-link__kicker">{story.kicker}</span>}
                <span
                  className={
                    story.headline ? 'story-link__headline' : 'story-link__headline story-link__headline--untitled'
                  }
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
            <td>
              <time dateTime={story.updatedAt}>{formatDateTime(story.updatedAt, locale)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
