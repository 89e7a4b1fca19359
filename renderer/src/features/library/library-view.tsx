import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StorySummary } from '../../../../shared/model';
import { api } from '../../api/client';
import { ErrorNotice } from '../../ui/error-notice';
import { StoryTable } from './story-table';
import { TrashPanel } from './trash-panel';

interface LibraryViewProps {
  onOpen: (id: string) => void;
  onLoaded: () => void;
}

export function LibraryView({ onOpen, onLoaded }: LibraryViewProps) {
  const { t } = useTranslation();
  const trashId = useId();
  const titleId = useId();
  const [stories, setStories] = useState<StorySummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [trashOpen, setTrashOpen] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .listStories()
      .then(
        (list) => {
          if (!live) return;
          setStories(list);
          setError(null);
        },
        (failure: unknown) => {
          if (live) setError(failure);
        },
      )
      .finally(() => {
        if (live) onLoaded();
      });
    return () => {
      live = false;
    };
  }, [version, onLoaded]);

  return (
    <div className="library-view">
      {error !== null && (
        <ErrorNotice error={error}>
          <button type="button" className="button" onClick={() => setVersion((v) => v + 1)}>
            {t('library.retry')}
          </button>
        </ErrorNotice>
      )}
      <div className="library-view__title">
        <h1 id={titleId}>{t('library.caption')}</h1>
        {stories && <span className="library-view__count">{t('library.storyCount', { count: stories.length })}</span>}
      </div>
      {stories && stories.length === 0 && <p className="empty-message">{t('library.empty')}</p>}
      {stories && stories.length > 0 && <StoryTable stories={stories} labelledBy={titleId} onOpen={onOpen} />}
      {stories === null && error === null && (
        <p className="view-loading" role="status">
          {t('app.loading')}
        </p>
      )}

      <div className="library-view__trash">
        <button
          type="button"
          className="button button--quiet trash-toggle"
          aria-expanded={trashOpen}
          aria-controls={trashOpen ? trashId : undefined}
          onClick={() => setTrashOpen((open) => !open)}
        >
          <span aria-hidden="true" className="trash-toggle__chevron">
            {trashOpen ? '▾' : '▸'}
          </span>
          {t('library.showTrash')}
        </button>
        {trashOpen && <TrashPanel id={trashId} version={version} onRestored={() => setVersion((v) => v + 1)} />}
      </div>
    </div>
  );
}
