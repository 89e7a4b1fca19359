import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NewsroomStoryRow } from '../../../../shared/ipc/newsroom';
import { api } from '../../api/client';
import { ErrorNotice } from '../../ui/error-notice';
import { useHashRoute } from '../../ui/use-hash-route';
import { useNewsroomStatus } from './newsroom-store';
import './newsroom.css';

interface NewsroomStoriesProps {
  /** Told once a story was brought onto this machine: the library list has a new row. */
  onOpened?: (id: string) => void;
}

/**
 * The library's newsroom rows: stories of the newsroom this machine does not hold (from the
 * catalogue), each opened on demand — brought into the library, kept offline from then on —
 * and who else has it open now. Nothing in single-desk use.
 */
export function NewsroomStories({ onOpened }: NewsroomStoriesProps) {
  const { t } = useTranslation();
  const status = useNewsroomStatus();
  const [, navigate] = useHashRoute();
  const titleId = useId();
  const [rows, setRows] = useState<NewsroomStoryRow[]>([]);
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const active = status !== null && status.state !== 'off';
  const count = status?.serverStoryCount ?? null;

  useEffect(() => {
    if (!active) return;
    let live = true;
    api.listNewsroomStories().then(
      (list) => live && setRows(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [active, count, status?.state]);

  if (!active || rows.length === 0) return null;

  const open = async (id: string) => {
    setOpening(id);
    setError(null);
    try {
      await api.newsroomOpenStory({ id });
      setRows((current) => current.filter((row) => row.id !== id));
      onOpened?.(id);
      navigate({ view: 'story', id });
    } catch (failure) {
      setError(failure);
    } finally {
      setOpening(null);
    }
  };

  return (
    <section className="newsroom-stories" aria-labelledby={titleId}>
      <h2 id={titleId} className="newsroom-stories__title">
        {t('newsroom.elsewhere', { count: rows.length })}
      </h2>
      <p className="field__hint">{t('newsroom.elsewhereHint')}</p>
      {error !== null && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
      <ul className="newsroom-stories__list">
        {rows.map((row) => {
          const others = status?.presence[row.id] ?? [];
          const headline = row.headline || t('newsroom.untitled');
          return (
            <li key={row.id} className="newsroom-stories__row">
              <div>
                <div className="newsroom-stories__headline">{headline}</div>
                <div className="newsroom-stories__meta">
                  {[row.section, t(`status.${row.status}`), row.updatedBy || row.createdBy].filter(Boolean).join(' · ')}
                </div>
                {others.length > 0 && (
                  <div className="newsroom-stories__presence">{t('newsroom.openBy', { names: others.join(', ') })}</div>
                )}
              </div>
              <button
                type="button"
                className="button"
                disabled={opening !== null}
                aria-label={t('newsroom.openStory', { headline })}
                onClick={() => void open(row.id)}
              >
                {opening === row.id ? t('newsroom.opening') : t('newsroom.open')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
