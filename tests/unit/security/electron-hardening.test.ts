import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appUrlMatcher } from '../../../electron/main/ipc';
import { mainMessages } from '../../../electron/main/messages';
import {
  type BrowserWindowClass,
  type ExternalLinkDeps,
  createHardenedWindow,
  denyPermissions,
  hardenApp,
  isExternalWebUrl,
  openExternalAfterConfirm,
} from '../../../electron/main/security';
import { repoRoot } from '../../helpers/temp';

const APP = 'file:///opt/Masthead/resources/app.asar/out/renderer/index.html';
const isAppUrl = appUrlMatcher(APP);

type Listener = (event: { preventDefault(): void }, url: string) => void;

/** A web contents that records the handlers hardenApp installs. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
    on: (name: string, listener: Listener) => listeners.set(name, listener),
  };
  const fire = (name: string, url = APP) => {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    const listener = listeners.get(name);
    if (!listener) throw new Error(`no ${name} listener`);
    listener(event, url);
    return event.prevented;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

/** A fake app, shell and dialog; the dialog answers with the given button. */
function harden(answer: 'open' | 'cancel' = 'open', locale = 'en-US') {
  const opened: string[] = [];
  const asked: { buttons?: string[]; detail?: string; cancelId?: number }[] = [];
  const logged: string[] = [];
  const deps: ExternalLinkDeps = {
    shell: { openExternal: async (url: string) => void opened.push(url) },
    dialog: {
      showMessageBox: (async (options: { buttons?: string[]; detail?: string; cancelId?: number }) => {
        asked.push(options);
        return { response: answer === 'open' ? 0 : 1, checkboxChecked: false };
      }) as unknown as ExternalLinkDeps['dialog']['showMessageBox'],
    },
    locale: () => locale,
    log: (m) => logged.push(m),
  };
  let created: ((event: unknown, contents: WebContents) => void) | undefined;
  const app = { on: (_name: string, listener: typeof created) => ((created = listener), app) };
  hardenApp(app as never, isAppUrl, deps);
  const wc = fakeContents();
  created!({}, wc.contents as unknown as WebContents);
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { ...wc, opened, asked, logged, settle, deps };
}

describe('windows are created hardened', () => {
  it('passes the secure web preferences to every BrowserWindow', () => {
    let seen: BrowserWindowConstructorOptions | undefined;
    class FakeWindow {
      constructor(options: BrowserWindowConstructorOptions) {
        seen = options;
      }
    }
    createHardenedWindow(FakeWindow as unknown as BrowserWindowClass, { width: 800, title: 'x' }, '/app/preload.cjs');
    expect(seen?.width).toBe(800);
    expect(seen?.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
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
    });
    expect(seen?.webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('cannot be handed weaker preferences by the caller', () => {
    let seen: BrowserWindowConstructorOptions | undefined;
    class FakeWindow {
      constructor(options: BrowserWindowConstructorOptions) {
        seen = options;
      }
    }
    const sneaky = { webPreferences: { sandbox: false, nodeIntegration: true } } as never;
    createHardenedWindow(FakeWindow as unknown as BrowserWindowClass, sneaky, '/p.cjs');
    expect(seen?.webPreferences).toMatchObject({ sandbox: true, nodeIntegration: false });
  });

  it('the main process makes its window through createHardenedWindow only', async () => {
    const index = await readFile(join(repoRoot, 'electron/main/index.ts'), 'utf8');
    expect(index).toContain('createHardenedWindow(');
    expect(index).not.toMatch(/new BrowserWindow\s*\(/);
  });
});

describe('window.open and links', () => {
  it('always denies window.open, and opens an https link only after the user confirms', async () => {
    const h = harden('open');
    expect(h.open('https://example.com/story?id=1')).toEqual({ action: 'deny' });
    await h.settle();
    expect(h.asked).toHaveLength(1);
    expect(h.asked[0]?.detail).toContain('https://example.com/story?id=1');
    expect(h.asked[0]?.buttons).toEqual(['Open in browser', 'Cancel']);
    expect(h.asked[0]?.cancelId).toBe(1);
    expect(h.opened).toEqual(['https://example.com/story?id=1']);
  });

  it('opens nothing when the user cancels', async () => {
    const h = harden('cancel');
    expect(h.open('http://example.com/')).toEqual({ action: 'deny' });
    await h.settle();
    expect(h.asked).toHaveLength(1);
    expect(h.opened).toEqual([]);
  });

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'file:///C:/Windows/System32/calc.exe',
    'data:text/html,<script>alert(1)</script>',
    'ms-settings:',
    'smb://server/share',
    'masthead-asset://asset/x.png',
    'vbscript:msgbox',
    'https:',
    'not a url',
    '',
  ])('never asks about or opens %j', async (url) => {
    const h = harden('open');
    expect(h.open(url)).toEqual({ action: 'deny' });
    expect(h.fire('will-navigate', url)).toBe(true);
    await h.settle();
    expect(h.asked).toEqual([]);
    expect(h.opened).toEqual([]);
    expect(h.logged.length).toBeGreaterThan(0);
  });

  it('asks in Chinese on a Chinese system', async () => {
    const h = harden('open', 'zh-CN');
    h.open('https://example.cn/');
    await h.settle();
    expect(h.asked[0]?.buttons).toEqual(['在浏览器中打开', '取消']);
    expect(mainMessages('zh-TW').cancel).toBe('取消');
    expect(mainMessages('fr').cancel).toBe('Cancel');
  });

  it('keeps a clicked web link out of the window and offers it to the browser', async () => {
    const h = harden('open');
    expect(h.fire('will-navigate', 'https://example.com/')).toBe(true);
    await h.settle();
    expect(h.opened).toEqual(['https://example.com/']);
  });

  it('lets the app navigate to itself, without asking', async () => {
    const h = harden('open');
    expect(h.fire('will-navigate', APP)).toBe(false);
    expect(h.fire('will-navigate', `${APP}#/story/1`)).toBe(false);
    expect(h.fire('will-redirect', APP)).toBe(false);
    await h.settle();
    expect(h.asked).toEqual([]);
  });

  it('blocks redirects away from the app without offering them', async () => {
    const h = harden('open');
    expect(h.fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(h.fire('will-navigate', 'file:///opt/Masthead/other.html')).toBe(true);
    await h.settle();
    expect(h.opened).toEqual([]);
    expect(h.asked).toEqual([]);
  });

  it('blocks every webview', () => {
    const h = harden();
    expect(h.fire('will-attach-webview')).toBe(true);
  });

  it('survives a dialog or shell that fails', async () => {
    const h = harden('open');
    h.deps.shell.openExternal = () => Promise.reject(new Error('no browser'));
    h.open('https://example.com/');
    await h.settle();
    await h.settle();
    expect(h.logged.some((m) => m.includes('no browser'))).toBe(true);
  });

  it('recognises web URLs only', () => {
    expect(isExternalWebUrl('https://a.example/x')).toBe(true);
    expect(isExternalWebUrl('HTTP://A.EXAMPLE')).toBe(true);
    expect(isExternalWebUrl('http://')).toBe(false);
    expect(isExternalWebUrl(' javascript:alert(1)')).toBe(false);
  });

  it('openExternalAfterConfirm reports whether it opened', async () => {
    const { deps } = harden('open');
    expect(await openExternalAfterConfirm('https://example.com', deps)).toBe(true);
    expect(await openExternalAfterConfirm('file:///x', deps)).toBe(false);
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void, d?: unknown) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    denyPermissions({
      setPermissionRequestHandler: (h: typeof request) => void (request = h),
      setPermissionCheckHandler: (h: typeof check) => void (check = h),
    } as never);
    const permissions = [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'midiSysex',
      'pointerLock',
      'fullscreen',
      'openExternal',
      'clipboard-read',
      'clipboard-sanitized-write',
      'hid',
      'serial',
      'usb',
      'display-capture',
      'window-management',
      'unknown',
    ];
    for (const permission of permissions) {
      const callback = vi.fn();
      request!({}, permission, callback, { requestingUrl: APP });
      expect(callback).toHaveBeenCalledWith(false);
      expect(check!({}, permission, APP, {})).toBe(false);
    }
  });
});

describe('the page content security policy', () => {
  it('allows only the app’s own scripts and nothing inline', async () => {
    const html = await readFile(join(repoRoot, 'renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta).not.toBeNull();
    const directives = new Map(
      meta![1]!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...values]) => [name!, values]),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    for (const values of directives.values()) {
      expect(values).not.toContain("'unsafe-inline'");
      expect(values).not.toContain("'unsafe-eval'");
      expect(values).not.toContain('*');
      expect(values.some((v) => v.startsWith('http:'))).toBe(false);
    }
    // No inline script element could run anyway; make sure none is written.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });
});
