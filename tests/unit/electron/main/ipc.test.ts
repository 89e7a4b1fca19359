import type { IpcMainInvokeEvent } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appUrlMatcher, isTrustedSender, registerIpcHandlers } from '../../../../electron/main/ipc';
import type { Handlers } from '../../../../electron/rpc/dispatch';
import { contract, methodNames } from '../../../../shared/ipc/contract';
import { snapshot, tempDir } from '../../../helpers/temp';
import { makeWorkspace } from '../rpc/workspace-fixture';

const APP = 'file:///opt/Masthead/resources/app.asar/out/renderer/index.html';
type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

let dir: string;
let cleanup: () => Promise<void>;
let listeners: Map<string, Listener>;
let calls: string[];

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  const real = (await makeWorkspace(dir)).handlers();
  calls = [];
  // Count calls that reach the service, to prove refused calls never do.
  const counted = Object.fromEntries(
    methodNames.map((m) => [m, (input: never) => (calls.push(m), (real[m] as (i: never) => unknown)(input))]),
  ) as Handlers;
  listeners = new Map();
  registerIpcHandlers({ handle: (channel, listener) => listeners.set(channel, listener) }, counted, appUrlMatcher(APP));
});
afterEach(() => cleanup());

const event = (frame: { url: string; parent: unknown } | null) =>
  ({ senderFrame: frame }) as unknown as IpcMainInvokeEvent;
const top = { url: `${APP}#/story/x`, parent: null };
const invoke = (channel: string, e: IpcMainInvokeEvent, ...args: unknown[]) => listeners.get(channel)!(e, ...args);

describe('the IPC handler wrapper', () => {
  it('registers exactly one handler per contract method', () => {
    expect([...listeners.keys()].sort()).toEqual(methodNames.map((m) => contract[m].channel).sort());
  });

  it('serves the app’s own top frame', async () => {
    const reply = await invoke('library:create-story', event(top), { language: 'zh-Hans', headline: '本报讯' });
    expect(reply).toMatchObject({ ok: true, value: { headline: '本报讯' } });
    expect(calls).toEqual(['createStory']);
  });

  it('refuses an iframe, a foreign page, a vanished frame and a look-alike path, without calling the service', async () => {
    const before = await snapshot(dir);
    const senders = [
      { url: APP, parent: { url: APP } },
      { url: 'https://evil.example/index.html', parent: null },
      { url: 'file:///tmp/index.html', parent: null },
      { url: 'not a url', parent: null },
      null,
    ];
    for (const frame of senders) {
      const reply = await invoke('library:create-story', event(frame), { language: 'en' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(calls).toEqual([]);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('refuses bad input and extra arguments from the app itself', async () => {
    expect(await invoke('library:get-story', event(top), { id: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await invoke('library:get-story', event(top), { id: 'a' }, 'extra')).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(calls).toEqual([]);
  });
});

describe('isTrustedSender', () => {
  it('accepts the dev server origin only when one is configured', () => {
    const dev = appUrlMatcher(APP, 'http://localhost:5173/');
    expect(isTrustedSender({ url: 'http://localhost:5173/#/story/1', parent: null }, dev)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5173/', parent: null }, appUrlMatcher(APP))).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5174/', parent: null }, dev)).toBe(false);
  });
});
