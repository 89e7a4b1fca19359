import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Handlers, dispatch } from '../../../../electron/rpc/dispatch';
import { ServiceError } from '../../../../electron/rpc/errors';
import { snapshot, tempDir } from '../../../helpers/temp';
import { makeWorkspace } from './workspace-fixture';

let dir: string;
let cleanup: () => Promise<void>;
let handlers: Handlers;
const quiet = () => undefined;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  handlers = (await makeWorkspace(dir)).handlers();
});
afterEach(() => cleanup());

describe('dispatch', () => {
  it('parses input, calls the service and returns its value', async () => {
    const created = await dispatch(handlers, 'createStory', { language: 'zh-Hans', headline: '头条' }, quiet);
    expect(created).toMatchObject({ ok: true, value: { headline: '头条', revision: 1 } });
    const list = await dispatch(handlers, 'listStories', undefined, quiet);
    expect(list.ok && (list.value as { headline: string }[]).map((s) => s.headline)).toContain('头条');
    expect(await readdir(join(dir, 'library', 'stories'))).toHaveLength(5);
  });

  it('refuses malformed input with the place of the problem, and changes no file', async () => {
    const before = await snapshot(dir);
    const bad: [string, unknown][] = [
      ['createStory', { language: 'fr' }],
      ['createStory', { language: 'en', extra: 1 }],
      ['getStory', { id: '../library' }],
      ['getStory', 'sample-zh-port-trade'],
      ['saveStory', { id: 'sample-zh-port-trade', baseRevision: 2, changes: { body: { type: 'html' } } }],
      ['saveStory', { id: 'sample-zh-port-trade', baseRevision: '2', changes: {} }],
      ['updateSettings', { libraryPath: '/etc' }],
      ['listStories', [1, 2]],
      ['dropDatabase', {}],
      [{ toString: null } as unknown as string, {}],
    ];
    for (const [method, input] of bad) {
      const reply = await dispatch(handlers, method, input, quiet);
      expect(reply, `${typeof method === 'string' ? method : typeof method} ${JSON.stringify(input)}`).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    }
    const headline = await dispatch(handlers, 'createStory', { language: 'en', headline: 'x'.repeat(301) }, quiet);
    expect(headline).toMatchObject({ ok: false, error: { issues: [{ path: 'headline' }] } });
    expect(await snapshot(dir)).toEqual(before);
  });

  it('passes a service error through with its code, and hides nothing else', async () => {
    expect(await dispatch(handlers, 'getStory', { id: 'missing' }, quiet)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    const logged: unknown[] = [];
    const broken: Handlers = {
      ...handlers,
      listStories: () => {
        throw new Error('disk on fire');
      },
      getAppInfo: () => ({ version: 1 }) as never,
      listTrash: () => {
        throw new ServiceError('io', 'Could not read the trash: the disk is full.');
      },
    };
    expect(await dispatch(broken, 'listStories', undefined, (_m, e) => logged.push(e))).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('disk on fire') },
    });
    expect(await dispatch(broken, 'getAppInfo', undefined, (_m, e) => logged.push(e))).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('breaks the contract') },
    });
    expect(await dispatch(broken, 'listTrash', undefined, quiet)).toMatchObject({
      ok: false,
      error: { code: 'io', message: 'Could not read the trash: the disk is full.' },
    });
    expect(logged).toHaveLength(2);
  });
});
