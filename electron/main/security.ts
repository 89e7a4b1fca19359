import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Dialog,
  Session,
  Shell,
  WebContents,
} from 'electron';
import { mainMessages } from './messages';

/** What opening a link outside the app needs; injected so tests can fake every part. */
export interface ExternalLinkDeps {
  shell: Pick<Shell, 'openExternal'>;
  dialog: Pick<Dialog, 'showMessageBox'>;
  /** app.getLocale(), read when the dialog is shown (it is only valid after 'ready'). */
  locale: () => string;
  log?: (message: string) => void;
}

/** The longest URL shown in the confirmation; a longer one is cut (and still opened whole). */
const SHOWN_URL_CHARS = 500;

/** Only web pages may leave the app: never file:, javascript:, data: or a custom scheme. */
export function isExternalWebUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const defaultLog = (message: string): void => console.warn(`[masthead security] ${message}`);

/**
 * Opens an http(s) URL in the system browser after the user confirms it in a native dialog.
 * Anything else is refused without asking. Resolves to whether the URL was opened.
 */
export async function openExternalAfterConfirm(raw: string, deps: ExternalLinkDeps): Promise<boolean> {
  const log = deps.log ?? defaultLog;
  if (!isExternalWebUrl(raw)) {
    log(`refused to open ${raw.slice(0, 200)}: only http and https links open outside the app`);
    return false;
  }
  const url = new URL(raw).toString();
  const text = mainMessages(deps.locale());
  const shown = url.length > SHOWN_URL_CHARS ? `${url.slice(0, SHOWN_URL_CHARS)}…` : url;
  const { response } = await deps.dialog.showMessageBox({
    type: 'question',
    title: text.openExternalTitle,
    message: text.openExternalMessage,
    detail: text.openExternalDetail(shown),
    buttons: [text.openInBrowser, text.cancel],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return false;
  await deps.shell.openExternal(url);
  return true;
}

/**
 * Hardening that applies to every web contents the app ever creates, so a new window
 * cannot forget it: no window.open (an http(s) link is offered to the system browser
 * instead), no navigation away from the app, no webviews.
 */
export function hardenApp(app: Pick<App, 'on'>, isAppUrl: (url: string) => boolean, links: ExternalLinkDeps): void {
  const log = links.log ?? defaultLog;
  const offerExternally = (url: string): void => {
    openExternalAfterConfirm(url, links).catch((error: unknown) =>
      log(`opening ${url.slice(0, 200)} failed: ${String(error)}`),
    );
  };
  const isApp = (url: string): boolean => {
    try {
      return isAppUrl(url);
    } catch {
      return false;
    }
  };
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      offerExternally(url);
      return { action: 'deny' };
    });
    // A link clicked inside the page: stay in the app, offer web links to the browser.
    contents.on('will-navigate', (event, url) => {
      if (isApp(url)) return;
      event.preventDefault();
      offerExternally(url);
    });
    // A redirect is never the user's doing: refuse it without asking.
    contents.on('will-redirect', (event, url) => {
      if (isApp(url)) return;
      event.preventDefault();
      log(`blocked a redirect to ${url.slice(0, 200)}`);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function denyPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/**
 * The only place a window is made. The web preferences are written out literally at the
 * `new BrowserWindow` call, so Electronegativity (a static checker) sees them too.
 * Auxclick is disabled so a middle click cannot try to open a window at all.
 */
export function createHardenedWindow(
  BrowserWindow: BrowserWindowClass,
  options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
  preload: string,
): BrowserWindow {
  return new BrowserWindow({
    ...options,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  });
}
