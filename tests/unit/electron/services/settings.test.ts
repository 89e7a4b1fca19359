import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfSettingsStore } from '../../../../electron/services/settings';
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
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ uiLanguage: 'klingon', authorName: 'Maria', windowBounds: 5 }));
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
