import type { IpcMainInvokeEvent } from 'electron';
import { type Envelope, contract, methodNames } from '../../shared/ipc/contract';
import { type Handlers, dispatch } from '../rpc/dispatch';

/** The part of ipcMain the wrapper uses, so tests can hand in their own. */
export interface IpcRegistrar {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

/** The frame facts the sender check needs (WebFrameMain has them). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * True only for the app's own top-level page: not an iframe, not a page the window was
 * navigated to, not a frame that has gone away.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, isAppUrl: (url: string) => boolean): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    return isAppUrl(frame.url);
  } catch {
    return false;
  }
}

/** URL check for the packaged app (file:// renderer) and electron-vite's dev server. */
export function appUrlMatcher(rendererIndexUrl: string, devServerUrl?: string): (url: string) => boolean {
  const index = new URL(rendererIndexUrl);
  const dev = devServerUrl ? new URL(devServerUrl).origin : null;
  return (raw) => {
    const url = new URL(raw);
    if (dev && url.origin === dev) return true;
    return url.protocol === 'file:' && url.pathname === index.pathname;
  };
}

const forbidden: Envelope = {
  ok: false,
  error: { code: 'forbidden', message: 'Calls are accepted only from the Masthead window.' },
};

/**
 * Registers every contract method on one channel each, through one wrapper: refuse a
 * foreign sender, then hand the single argument to dispatch (parse, call, check).
 */
export function registerIpcHandlers(ipc: IpcRegistrar, handlers: Handlers, isAppUrl: (url: string) => boolean): void {
  for (const method of methodNames) {
    ipc.handle(contract[method].channel, async (event, ...args) => {
      if (!isTrustedSender(event.senderFrame as SenderFrame | null, isAppUrl)) return forbidden;
      if (args.length > 1) {
        return { ok: false, error: { code: 'invalid-input', message: 'a call takes one argument' } } satisfies Envelope;
      }
      return dispatch(handlers, method, args[0]);
    });
  }
}
