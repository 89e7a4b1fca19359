import { type App, type Session, type WebContents } from 'electron';

/**
 * Hardening that applies to every web contents the app ever creates, so a new window
 * cannot forget it: no window.open, no navigation away from the app, no webviews,
 * every permission request denied.
 */
export function hardenApp(app: App, isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    const blockForeign = (event: { preventDefault(): void }, url: string): void => {
      let allowed: boolean;
      try {
        allowed = isAppUrl(url);
      } catch {
        allowed = false;
      }
      if (!allowed) event.preventDefault();
    };
    contents.on('will-navigate', blockForeign);
    contents.on('will-redirect', blockForeign);
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export const hardenedWebPreferences = (preload: string) =>
  ({
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: true,
  }) as const;
