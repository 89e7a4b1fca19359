import { Suspense, lazy, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsPatch, StoryLanguage } from '../../shared/model';
import { api } from './api/client';
import { type Boot, settledBoot, takeBoot } from './first-requests';
import { LockBanner } from './features/backups/lock-banner';
import { AppCommands } from './features/commands/app-commands';
import { ImportHost } from './features/import/import-host';
import { LibraryView } from './features/library/library-view';
import { useNewsroomStatus } from './features/newsroom/newsroom-store';
import { applyUiLanguage, resolveUiLanguage } from './i18n';
import { AppHeader } from './ui/app-header';
import { ErrorNotice } from './ui/error-notice';
import { useHashRoute } from './ui/use-hash-route';

// The library is the first screen: the editor (TipTap), the edition screens and the settings
// load as their own chunks, so the window shows its first rows without parsing them.
const loadStoryView = () => import('./features/story/story-view');
const StoryView = lazy(() => loadStoryView().then((m) => ({ default: m.StoryView })));
const EditionsView = lazy(() => import('./features/edition/editions-view').then((m) => ({ default: m.EditionsView })));
const EditionWorkspace = lazy(() =>
  import('./features/edition/edition-workspace').then((m) => ({ default: m.EditionWorkspace })),
);
const SettingsDialog = lazy(() =>
  import('./features/settings/settings-dialog').then((m) => ({ default: m.SettingsDialog })),
);

interface ReportedError {
  id: number;
  error: unknown;
}

export function App() {
  const { t } = useTranslation();
  const [route, navigate] = useHashRoute();
  // Already here when the first render waited for it (main.tsx): the first render is the whole screen.
  const [boot, setBoot] = useState<Boot | null>(settledBoot);
  const [bootError, setBootError] = useState<unknown>(null);
  // Signed in to a newsroom, the desk saves as its newsroom user (workspace.ts): no name to ask for.
  const newsroomUser = useNewsroomStatus()?.user ?? null;
  const [viewLoaded, setViewLoaded] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  // Bumped after an import: remounting the library view reloads its list.
  const [libraryVersion, setLibraryVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const [errors, setErrors] = useState<ReportedError[]>([]);
  const [noticeDismissed, setNoticeDismissed] = useState(false);
  const nextErrorId = useRef(0);

  const reportError = useCallback((error: unknown) => {
    const id = nextErrorId.current++;
    setErrors((list) => [...list, { id, error }]);
  }, []);

  useEffect(() => {
    takeBoot().then(setBoot, (error: unknown) => setBootError(error));
  }, []);

  const uiLanguage = boot ? resolveUiLanguage(boot.settings.uiLanguage, boot.appInfo.systemLanguage) : null;
  useEffect(() => {
    if (uiLanguage) applyUiLanguage(uiLanguage);
  }, [uiLanguage]);

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  // The E2E suite waits for this: the shell and the first view have their data (or their error).
  // Set as that render is committed, so it goes on screen in the same frame as the view's data.
  const ready = bootError !== null || (boot !== null && viewLoaded);
  useLayoutEffect(() => {
    if (ready) document.body.dataset.ready = 'true';
  }, [ready]);

  const markViewLoaded = useCallback(() => setViewLoaded(true), []);
  // Once the first screen is up, fetch the editor's chunk in the background: opening a story stays instant.
  useEffect(() => {
    if (!viewLoaded) return;
    const timer = window.setTimeout(() => void loadStoryView().catch(() => undefined), 300);
    return () => window.clearTimeout(timer);
  }, [viewLoaded]);
  const openStory = useCallback((id: string) => navigate({ view: 'story', id }), [navigate]);
  // Back to the library from a story: the list returns to that story's row.
  const [cameFrom, setCameFrom] = useState<string | null>(null);
  const go = useCallback(
    (next: Parameters<typeof navigate>[0]) => {
      if (route.view === 'story' && next.view === 'library') setCameFrom(route.id);
      navigate(next);
    },
    [route, navigate],
  );
  const showLibrary = useCallback(() => go({ view: 'library' }), [go]);

  const newStory = async (language: StoryLanguage) => {
    setCreating(true);
    try {
      const story = await api.createStory({ language });
      openStory(story.id);
    } catch (error) {
      reportError(error);
    } finally {
      setCreating(false);
    }
  };

  const updateSettings = async (patch: SettingsPatch) => {
    if (!boot) return;
    const before = boot.settings;
    // Applied at once (the language switch must be immediate), undone if the host refuses.
    setBoot((b) => (b ? { ...b, settings: { ...b.settings, ...patch } } : b));
    try {
      const settings = await api.updateSettings(patch);
      setBoot((b) => (b ? { ...b, settings } : b));
    } catch (error) {
      setBoot((b) => (b ? { ...b, settings: before } : b));
      throw error;
    }
  };

  return (
    <div className="app">
      <AppCommands
        route={route}
        navigate={go}
        onNewStory={(language) => void newStory(language)}
        onOpenSettings={() => setSettingsOpen(true)}
        onSwitchLanguage={
          uiLanguage ? () => void updateSettings({ uiLanguage: uiLanguage === 'en' ? 'zh-CN' : 'en' }) : undefined
        }
        reportError={reportError}
      />
      <AppHeader
        libraryPath={boot?.appInfo.libraryPath ?? null}
        // A library held by another Masthead is read-only here: no new stories.
        creating={creating || Boolean(boot?.appInfo.readOnly)}
        onNewStory={(language) => void newStory(language)}
        onOpenSettings={() => setSettingsOpen(true)}
        onImport={() => setImportOpen(true)}
      />
      <main className="app-main">
        {bootError !== null && <ErrorNotice error={bootError} summary={t('app.startFailed')} />}
        {boot && <LockBanner appInfo={boot.appInfo} />}
        {boot?.appInfo.notice && !noticeDismissed && (
          <ErrorNotice
            error={new Error(boot.appInfo.notice)}
            summary={t('app.libraryFallback')}
            onDismiss={() => setNoticeDismissed(true)}
          />
        )}
        {errors.length > 0 && (
          <div className="app-errors">
            {errors.map(({ id, error }) => (
              <ErrorNotice
                key={id}
                error={error}
                onDismiss={() => setErrors((list) => list.filter((e) => e.id !== id))}
              />
            ))}
          </div>
        )}
        {boot === null && bootError === null && (
          <p className="view-loading" role="status">
            {t('app.loading')}
          </p>
        )}
        {boot !== null && (
          <Suspense
            fallback={
              <p className="view-loading" role="status">
                {t('app.loading')}
              </p>
            }
          >
            {route.view === 'story' ? (
              <StoryView
                // A restored backup replaces the story under the editor: remount to read it afresh.
                key={`${route.id}:${libraryVersion}`}
                id={route.id}
                onLeave={showLibrary}
                onLoaded={markViewLoaded}
                reportError={reportError}
                authorName={newsroomUser || boot.settings.newsroom?.user || boot.settings.authorName}
                smartTypography={boot.settings.smartTypography}
                onOpenSettings={() => setSettingsOpen(true)}
              />
            ) : route.view === 'editions' ? (
              <EditionsView
                onOpen={(id) => navigate({ view: 'edition', id })}
                onLoaded={markViewLoaded}
                reportError={reportError}
              />
            ) : route.view === 'edition' ? (
              <EditionWorkspace
                // One workspace per edition: its history and autosave live as long as it is open.
                key={`${route.id}:${libraryVersion}`}
                id={route.id}
                pageId={route.pageId}
                navigate={navigate}
                onLoaded={markViewLoaded}
                reportError={reportError}
              />
            ) : (
              <LibraryView key={libraryVersion} onOpen={openStory} onLoaded={markViewLoaded} returnTo={cameFrom} />
            )}
          </Suspense>
        )}
      </main>
      <ImportHost
        open={importOpen}
        onOpenChange={setImportOpen}
        onImported={() => setLibraryVersion((v) => v + 1)}
        onOpenLibrary={showLibrary}
      />
      {settingsOpen && boot && (
        <Suspense fallback={null}>
          <SettingsDialog
            settings={boot.settings}
            appInfo={boot.appInfo}
            onUpdate={updateSettings}
            onClose={() => setSettingsOpen(false)}
            reportError={reportError}
            onRestored={() => setLibraryVersion((v) => v + 1)}
          />
        </Suspense>
      )}
    </div>
  );
}
