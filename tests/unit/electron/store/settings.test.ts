import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfSettingsStore } from '../../../../electron/store/settings';
import { defaultSettings } from '../../../../shared/model';
import { tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

describe('settings store (conf)', () => {
  it('starts from defaults and keeps changes on disk across instances', async () => {
    const store = createConfSettingsStore(dir);
    expect(store.get()).toEqual(defaultSettings());
    store.update({ uiLanguage: 'en', authorName: '林小雨' });
    const again = createConfSettingsStore(dir);
    expect(again.get()).toMatchObject({ uiLanguage: 'en', authorName: '林小雨' });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ uiLanguage: 'en' });
  });

  it('falls back per field when the file holds damaged values', async () => {
    createConfSettingsStore(dir).update({ authorName: 'Maria' });
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ uiLanguage: 'klingon', authorName: 'Maria', windowBounds: 5 }),
    );
    const store = createConfSettingsStore(dir);
    expect(store.get()).toEqual({ ...defaultSettings(), authorName: 'Maria' });
  });

  it('refuses an invalid value without changing what is stored', () => {
    const store = createConfSettingsStore(dir);
    store.update({ uiLanguage: 'zh-CN' });
    expect(() => store.update({ uiLanguage: 'fr' as never })).toThrow();
    expect(createConfSettingsStore(dir).get().uiLanguage).toBe('zh-CN');
  });
});

describe('starting the workspace', () => {
  it('opens the default library, and says why, when the remembered one cannot be opened', async () => {
    const { Workspace } = await import('../../../../electron/rpc/workspace');
    const settings = createConfSettingsStore(join(dir, 'settings'));
    await writeFile(join(dir, 'not-a-library.txt'), 'x');
    settings.update({ libraryPath: dir }); // a folder with other files: refused as a library
    const workspace = await Workspace.start({
      settings,
      host: 'web',
      version: '0',
      systemLanguage: 'en',
      defaultLibraryPath: join(dir, 'default-library'),
      assetBaseUrl: '/photos/',
    });
    expect(workspace.current.root).toBe(join(dir, 'default-library'));
    const info = await workspace.handlers().getAppInfo(undefined);
    expect(info.notice).toMatch(/no Masthead library in .*default library is open instead/);
  });

  it('does not recreate a remembered library that has vanished (an unplugged drive)', async () => {
    const { Workspace } = await import('../../../../electron/rpc/workspace');
    const { readdir } = await import('node:fs/promises');
    const settings = createConfSettingsStore(join(dir, 'settings'));
    settings.update({ libraryPath: join(dir, 'usb-drive', 'library') });
    const workspace = await Workspace.start({
      settings,
      host: 'web',
      version: '0',
      systemLanguage: 'en',
      defaultLibraryPath: join(dir, 'default-library'),
      assetBaseUrl: '/photos/',
    });
    expect(workspace.current.root).toBe(join(dir, 'default-library'));
    expect((await readdir(dir)).sort()).toEqual(['default-library', 'settings']);
    await workspace.close();
  });
});
