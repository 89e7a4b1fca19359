import { join } from 'node:path';
import { createConfSettingsStore } from '../../../../electron/store/settings';
import { Workspace } from '../../../../electron/rpc/workspace';
import { sampleLibrary } from '../../../helpers/temp';

/** A real workspace over a real temp library and settings folder. */
export async function makeWorkspace(dir: string): Promise<Workspace> {
  return Workspace.start({
    settings: createConfSettingsStore(join(dir, 'settings')),
    host: 'web',
    version: '0.0.0-test',
    systemLanguage: 'zh-CN',
    defaultLibraryPath: join(dir, 'library'),
    seedFrom: sampleLibrary,
    assetBaseUrl: '/photos/',
  });
}
