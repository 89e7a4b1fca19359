import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NewsroomNotice, NewsroomStoryRow } from '../../../../shared/ipc/newsroom';
import { api } from '../../api/client';
import { ErrorNotice } from '../../ui/error-notice';
import { useHashRoute } from '../../ui/use-hash-route';
import { refreshNewsroomStatus, useNewsroomStatus } from './newsroom-store';
import './newsroom.css';

interface NewsroomStoriesProps {
  /** Told once a story was brought onto this machine: the library list has a new row. */
  onOpened?: (id: string) => void;
}

/**
 * The library's newsroom part: what the sync did that the desk should know (a deleted story
 * back because someone edited it, a value put in history), this library's stories others have
 * open now, and the newsroom's stories this machine does not hold (from the catalogue), each
 * opened on demand — brought into the library and kept offline from then on. Nothing in
 * single-desk use.
 */
export function NewsroomStories({ onOpened }: NewsroomStoriesProps) {
  const { t } = useTranslation();
  const status = useNewsroomStatus();
  const [, navigate] = useHashRoute();
  const titleId = useId();
  const [rows, setRows] = useState<NewsroomStoryRow[]>([]);
  const [headlines, setHeadlines] = useState<ReadonlyMap<string, string>>(new Map());
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const active = status !== null && status.state !== 'off';
  const count = status?.serverStoryCount ?? null;
  const presence = useMemo(() => status?.presence ?? {}, [status?.presence]);

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
  }, [active, count, status?.state, status?.libraryWrites]);

  // This library's stories that others have open: their headlines, asked for when that set changes.
  const remoteIds = useMemo(() => new Set(rows.map((row) => row.id)), [rows]);
  const openHereIds = useMemo(
    () =>
      Object.keys(presence)
        .filter((id) => !remoteIds.has(id))
        .sort(),
    [presence, remoteIds],
  );
  const openHereKey = openHereIds.join(',');
  useEffect(() => {
    if (!openHereKey) return;
    let live = true;
    api.getStories({ ids: openHereKey.split(',') }).then(
      (stories) => live && setHeadlines(new Map(stories.map((s) => [s.id, s.headline]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [openHereKey]);

  if (!active) return null;
  const notices = status?.notices ?? [];
  const openHere = openHereIds.filter((id) => headlines.has(id));
  if (rows.length === 0 && notices.length === 0 && openHere.length === 0) return null;

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

  const dismiss = async () => {
    await api.newsroomDismissNotices().catch(() => undefined);
    refreshNewsroomStatus();
  };

  const noticeText = (notice: NewsroomNotice) => {
    const headline = notice.headline || t('newsroom.untitled');
    return notice.kind === 'restored'
      ? t('newsroom.notice.restored', { headline, by: notice.by })
      : t('newsroom.notice.overruled', { headline, by: notice.by, field: notice.field ?? '' });
  };

  return (
    <section className="newsroom-stories" aria-labelledby={titleId}>
      <h2 id={titleId} className="newsroom-stories__title">
        {rows.length > 0 ? t('newsroom.elsewhere', { count: rows.length }) : t('newsroom.title')}
      </h2>
      {notices.length > 0 && (
        <div className="notice newsroom-stories__notices" role="status">
          <ul className="newsroom-stories__notice-list">
            {notices.map((notice) => (
              <li key={`${notice.kind}:${notice.storyId}:${notice.at}:${notice.field ?? ''}`}>
                <button
                  type="button"
                  className="newsroom-stories__notice-link"
                  onClick={() => navigate({ view: 'story', id: notice.storyId })}
                >
                  {noticeText(notice)}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="button button--quiet" onClick={() => void dismiss()}>
            {t('errors.dismiss')}
          </button>
        </div>
      )}
      {openHere.length > 0 && (
        <ul className="newsroom-stories__list" aria-label={t('newsroom.openElsewhere')}>
          {openHere.map((id) => (
            <li key={id} className="newsroom-stories__row">
              <div>
                <div className="newsroom-stories__headline">{headlines.get(id) || t('newsroom.untitled')}</div>
                <div className="newsroom-stories__presence">
                  {t('newsroom.openBy', { names: (presence[id] ?? []).join(', ') })}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {rows.length > 0 && <p className="field__hint">{t('newsroom.elsewhereHint')}</p>}
      {error !== null && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
      <ul className="newsroom-stories__list">
        {rows.map((row) => {
          const others = presence[row.id] ?? [];
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
