import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { preflight } from '../../../../shared/layout/preflight';
import type { EditionLayout, EditionLayoutInput } from '../../../../shared/layout/types';
import { useCommands } from '../commands/command-context';
import { ExportDialog } from '../export/export-dialog';
import { useEditionProofing } from '../proofing/edition-proofing';
import { useAssetBaseUrl } from '../../ui/use-asset-base-url';
import { ErrorNotice } from '../../ui/error-notice';
import type { Route } from '../../ui/use-hash-route';
import { createEngine } from './create-engine';
import { FlatplanView } from './flatplan-view';
import type { PageEngine } from './page-engine';
import { PageLayoutView } from './page-layout-view';
import { PreflightPanel } from './preflight-panel';
import { useEditionDocument } from './use-edition-document';
import { EditionToolbar } from './edition-toolbar';
import { usePagePresence } from './page-presence';
import './edition.css';

interface EditionWorkspaceProps {
  id: string;
  pageId: string | undefined;
  navigate: (route: Route) => void;
  onLoaded: () => void;
  reportError: (error: unknown) => void;
}

const isTextField = (element: Element | null): boolean =>
  element instanceof HTMLInputElement ||
  element instanceof HTMLTextAreaElement ||
  element instanceof HTMLSelectElement ||
  (element instanceof HTMLElement && element.isContentEditable);

/**
 * One edition open on the desk: its flatplan or one of its pages. Both share the edition's
 * history, its autosave and one layout engine, so switching between them loses nothing.
 */
export function EditionWorkspace({ id, pageId, navigate, onLoaded, reportError }: EditionWorkspaceProps) {
  const { t } = useTranslation();
  const doc = useEditionDocument(id, reportError);
  const { edition, stories, pendingStories, loadError } = doc;
  const [engine, setEngine] = useState<PageEngine | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const assetBase = useAssetBaseUrl();
  // Banned wording found by proofing blocks export too (the desk chief may export over it, recorded).
  const { counts: proofingCounts } = useEditionProofing(id, stories);
  // Who has which page (and which block on it) open, across the newsroom (empty without one).
  const presence = usePagePresence(id, pageId, selected);

  useEffect(() => {
    const created = createEngine(document);
    // The engine needs the live document, which only exists once mounted.
    setEngine(created);
    return () => created.dispose();
  }, []);

  useEffect(() => {
    if (edition || loadError !== null) onLoaded();
  }, [edition, loadError, onLoaded]);

  // Coming back to a page (or to the flatplan) reads the placed stories again: they may have
  // been edited in the meantime, and their copyfit with them.
  const { refreshStories } = doc;
  useEffect(() => {
    void refreshStories();
  }, [pageId, refreshStories]);

  // Until a story just placed has been read, its block is left out of the layout (it shows on
  // the overlay without a measure) rather than measured as missing for a moment.
  const input = useMemo<EditionLayoutInput | null>(() => {
    if (!edition) return null;
    const laid =
      pendingStories.size === 0
        ? edition
        : {
            ...edition,
            pages: edition.pages.map((page) => ({
              ...page,
              placements: page.placements.filter((p) => !p.storyId || !pendingStories.has(p.storyId)),
            })),
          };
    return {
      edition: laid,
      stories,
      ...(assetBase ? { assetUrl: (asset: string) => `${assetBase}${encodeURIComponent(asset)}` } : {}),
    };
  }, [edition, stories, pendingStories, assetBase]);

  // The first layout waits for the placed stories; later ones never blank the screen.
  const opening =
    pendingStories.size > 0 && stories.size === 0 && Boolean(edition?.pages.some((p) => p.placements.length));
  const [layoutError, setLayoutError] = useState<unknown>(null);
  const layout = useMemo<EditionLayout | null>(() => {
    if (!engine || !input || opening) return null;
    try {
      return engine.layout(input);
    } catch (error) {
      queueMicrotask(() => setLayoutError(error));
      return null;
    }
  }, [engine, input, opening]);

  useCommands([
    {
      id: 'edition.undo',
      group: 'app',
      title: (tr) => tr('edition.undo'),
      shortcuts: ['Mod-z'],
      when: () => doc.canUndo && !isTextField(document.activeElement),
      run: doc.undo,
    },
    {
      id: 'edition.redo',
      group: 'app',
      title: (tr) => tr('edition.redo'),
      shortcuts: ['Mod-Shift-z', 'Mod-y'],
      when: () => doc.canRedo && !isTextField(document.activeElement),
      run: doc.redo,
    },
  ]);

  if (loadError !== null)
    return (
      <ErrorNotice error={loadError} summary={t('edition.loadFailed')}>
        <button type="button" className="button" onClick={() => navigate({ view: 'editions' })}>
          {t('edition.backToList')}
        </button>
      </ErrorNotice>
    );
  if (!edition || !input)
    return (
      <p className="view-loading" role="status">
        {t('app.loading')}
      </p>
    );

  const page = pageId ? edition.pages.find((p) => p.id === pageId) : undefined;
  const openPage = (target: string, blockId?: string) => {
    setSelected(blockId ?? null);
    navigate({ view: 'edition', id, pageId: target });
  };

  return (
    <div className="edition-workspace">
      <EditionToolbar
        edition={edition}
        page={page ?? null}
        doc={doc}
        onFlatplan={() => navigate({ view: 'edition', id })}
        onList={() => navigate({ view: 'editions' })}
      />
      {doc.save.phase === 'conflict' && (
        <ErrorNotice error={doc.save.error} summary={t('edition.conflict')}>
          <button type="button" className="button button--primary" onClick={doc.reload}>
            {t('edition.reload')}
          </button>
        </ErrorNotice>
      )}
      {doc.save.phase === 'error' && (
        <ErrorNotice error={doc.save.error} summary={t('edition.saveFailed')}>
          <button type="button" className="button" onClick={() => void doc.flush()}>
            {t('library.retry')}
          </button>
        </ErrorNotice>
      )}
      {layoutError !== null && (
        <ErrorNotice error={layoutError} summary={t('edition.layoutFailed')} onDismiss={() => setLayoutError(null)} />
      )}
      {pageId && !page && <ErrorNotice error={null} summary={t('edition.pageGone')} />}
      {!engine || !layout ? (
        <p className="view-loading" role="status">
          {t('edition.layingOut')}
        </p>
      ) : page ? (
        <PageLayoutView
          key={page.id}
          edition={edition}
          page={page}
          stories={stories}
          engine={engine}
          input={input}
          layout={layout}
          change={doc.change}
          selected={selected}
          onSelect={setSelected}
          openPage={openPage}
          reportError={reportError}
          presence={presence}
        />
      ) : (
        <FlatplanView
          edition={edition}
          stories={stories}
          engine={engine}
          input={input}
          layout={layout}
          change={doc.change}
          openPage={openPage}
          presence={presence}
          aside={
            <PreflightPanel
              edition={edition}
              stories={stories}
              layout={layout}
              onOpen={(target, blockId) => openPage(target, blockId ?? undefined)}
            />
          }
          actions={
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                // The export reads the edition from the library: what is waiting is saved first.
                // The placed stories are read again, so the dialog's preflight has each story
                // as it is now (taken back from approval a moment ago in another window).
                void Promise.all([doc.flush(), doc.refreshStories()]).then(() => setExporting(true));
              }}
            >
              {t('edition.preflight.export')}
            </button>
          }
        />
      )}
      {exporting && (
        <ExportDialog
          editionId={edition.id}
          blocking={
            layout
              ? preflight(edition, stories, layout, proofingCounts).problems.filter((p) => p.severity === 'blocking')
              : []
          }
          onClose={() => setExporting(false)}
        />
      )}
    </div>
  );
}
