import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditionSummary } from '../../../../shared/model/edition';
import { api } from '../../api/client';
import { toUiLocale } from '../../i18n';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { formatDateTime } from '../../ui/format';
import { routeHash } from '../../ui/use-hash-route';
import { NewEditionDialog } from './new-edition-dialog';
import './edition.css';

interface EditionsViewProps {
  onOpen: (id: string) => void;
  onLoaded: () => void;
  reportError: (error: unknown) => void;
}

/** The library's editions, newest date first, with "New edition" and delete. */
export function EditionsView({ onOpen, onLoaded, reportError }: EditionsViewProps) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const [editions, setEditions] = useState<EditionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<EditionSummary | null>(null);

  useEffect(() => {
    let live = true;
    api
      .listEditions()
      .then(
        (list) => {
          if (!live) return;
          setEditions(list);
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

  const remove = async (edition: EditionSummary) => {
    setDeleting(null);
    try {
      await api.deleteEdition({ id: edition.id });
      setVersion((v) => v + 1);
    } catch (failure) {
      reportError(failure);
    }
  };

  const locale = toUiLocale(i18n.language);
  return (
    <div className="editions-view">
      {error !== null && (
        <ErrorNotice error={error}>
          <button type="button" className="button" onClick={() => setVersion((v) => v + 1)}>
            {t('library.retry')}
          </button>
        </ErrorNotice>
      )}
      <div className="library-view__title editions-view__title">
        <h1 id={titleId}>{t('edition.listTitle')}</h1>
        {editions && <span className="library-view__count">{t('edition.count', { count: editions.length })}</span>}
        <button type="button" className="button button--primary editions-view__new" onClick={() => setCreating(true)}>
          <span aria-hidden="true" className="button__icon">
            +
          </span>
          {t('edition.new')}
        </button>
      </div>
      {editions && editions.length === 0 && <p className="empty-message">{t('edition.empty')}</p>}
      {editions && editions.length > 0 && (
        <table className="story-table editions-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">{t('edition.date')}</th>
              <th scope="col">{t('edition.publication')}</th>
              <th scope="col" className="numeric">
                {t('edition.issue')}
              </th>
              <th scope="col" className="numeric">
                {t('edition.pages')}
              </th>
              <th scope="col">{t('library.updated')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('library.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {editions.map((edition) => (
              <tr key={edition.id}>
                <td className="editions-table__date">
                  <a className="story-link" href={routeHash({ view: 'edition', id: edition.id })}>
                    <span className="story-link__headline">{edition.date}</span>
                  </a>
                </td>
                <td>{edition.publication}</td>
                <td className="numeric">{edition.issueNumber}</td>
                <td className="numeric">{t('edition.pageCount', { count: edition.pageCount })}</td>
                <td>{formatDateTime(edition.updatedAt, locale)}</td>
                <td className="editions-table__actions">
                  <button
                    type="button"
                    className="button button--danger-quiet button--small"
                    aria-label={t('edition.deleteNamed', { publication: edition.publication, date: edition.date })}
                    onClick={() => setDeleting(edition)}
                  >
                    {t('edition.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editions === null && error === null && (
        <p className="view-loading" role="status">
          {t('app.loading')}
        </p>
      )}
      {creating && (
        <NewEditionDialog
          previous={editions?.[0] ?? null}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            onOpen(id);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('edition.deleteTitle')}
          text={t('edition.deleteText', { publication: deleting.publication, date: deleting.date })}
          confirmLabel={t('edition.delete')}
          cancelLabel={t('story.cancel')}
          danger
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </div>
  );
}
