import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StorySummary } from '../../../../shared/model';
import { api } from '../../api/client';
import { useUiLocale } from '../../i18n/use-ui-locale';
import { ErrorNotice } from '../../ui/error-notice';
import { formatDateTime } from '../../ui/format';
import { storyLength } from './story-length';

interface TrashPanelProps {
  id: string;
  /** Changes whenever the trash may have changed, to list it again. */
  version: number;
  onRestored: () => void;
}

export function TrashPanel({ id, version, onRestored }: TrashPanelProps) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const captionId = useId();
  const [stories, setStories] = useState<StorySummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [restoring, setRestoring] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.listTrash().then(
      (list) => {
        if (!live) return;
        setStories(list);
        setError(null);
      },
      (failure: unknown) => {
        if (live) setError(failure);
      },
    );
    return () => {
      live = false;
    };
  }, [version]);

  const restore = async (storyId: string) => {
    setRestoring(storyId);
    try {
      await api.restoreStory({ id: storyId });
      setError(null);
      onRestored();
    } catch (failure) {
      setError(failure);
    } finally {
      setRestoring(null);
    }
  };

  return (
    <section id={id} className="trash-panel" aria-labelledby={captionId}>
      <h2 id={captionId} className="trash-panel__title">
        {t('library.trashCaption')}
      </h2>
      {error !== null && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
      {stories && stories.length === 0 && <p className="empty-message">{t('library.trashEmpty')}</p>}
      {stories && stories.length > 0 && (
        <table className="story-table story-table--trash" aria-labelledby={captionId}>
          <thead>
            <tr>
              <th scope="col" className="story-table__headline">
                {t('library.headline')}
              </th>
              <th scope="col">{t('library.section')}</th>
              <th scope="col" className="numeric">
                {t('library.length')}
              </th>
              <th scope="col">{t('library.updated')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('library.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {stories.map((story) => {
              const headlineId = `${id}-${story.id}`;
              return (
                <tr key={story.id}>
                  <td id={headlineId} className="story-table__headline" lang={story.language}>
                    {story.kicker && <span className="story-link__kicker">{story.kicker}</span>}
                    <span className="story-link__headline">{story.headline || t('library.untitled')}</span>
                  </td>
                  <td lang={story.language}>{story.section || t('library.noSection')}</td>
                  <td className="numeric">{storyLength(t, story)}</td>
                  <td>
                    <time dateTime={story.updatedAt}>{formatDateTime(story.updatedAt, locale)}</time>
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button--small"
                      aria-describedby={headlineId}
                      disabled={restoring !== null}
                      onClick={() => void restore(story.id)}
                    >
                      {t('library.restore')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
