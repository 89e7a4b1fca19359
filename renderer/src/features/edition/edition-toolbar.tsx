import { useTranslation } from 'react-i18next';
import type { Edition, Page } from '../../../../shared/model/edition';
import type { EditionDocument } from './use-edition-document';

interface EditionToolbarProps {
  edition: Edition;
  /** The page open for layout, or null on the flatplan. */
  page: Page | null;
  doc: EditionDocument;
  onFlatplan: () => void;
  onList: () => void;
}

export function EditionToolbar({ edition, page, doc, onFlatplan, onList }: EditionToolbarProps) {
  const { t } = useTranslation();
  const pageNumber = page ? edition.pages.indexOf(page) + 1 : 0;
  return (
    <div className="edition-toolbar">
      <nav className="edition-toolbar__crumbs" aria-label={t('edition.breadcrumbs')}>
        <button type="button" className="button button--quiet button--small" onClick={onList}>
          {t('edition.listTitle')}
        </button>
        <span aria-hidden="true">›</span>
        {page ? (
          <button type="button" className="button button--quiet button--small" onClick={onFlatplan}>
            {t('edition.flatplan')}
          </button>
        ) : (
          <span className="edition-toolbar__here">{t('edition.flatplan')}</span>
        )}
        {page && (
          <>
            <span aria-hidden="true">›</span>
            <span className="edition-toolbar__here">
              {t('edition.pageTitle', { number: pageNumber, section: page.section || t('edition.noSection') })}
            </span>
          </>
        )}
      </nav>
      <h1 className="edition-toolbar__title">
        <span className="edition-toolbar__publication">{edition.publication}</span>
        <span className="edition-toolbar__meta">
          {t('edition.titleMeta', { date: edition.date, issue: edition.issueNumber })}
        </span>
      </h1>
      <div className="edition-toolbar__actions" role="group" aria-label={t('edition.history')}>
        <button
          type="button"
          className="button button--small"
          disabled={!doc.canUndo}
          onClick={doc.undo}
          title={t('edition.undoShortcut')}
        >
          <span aria-hidden="true">↶</span> {t('edition.undo')}
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={!doc.canRedo}
          onClick={doc.redo}
          title={t('edition.redoShortcut')}
        >
          <span aria-hidden="true">↷</span> {t('edition.redo')}
        </button>
        <span className={`save-indicator save-indicator--${doc.save.phase}`} role="status">
          {t(`edition.save.${doc.save.phase}`)}
        </span>
      </div>
    </div>
  );
}
