import { resolve } from 'node:path';
import type { Handlers } from '../dispatch';
import { ServiceError } from '../errors';
import type { Session } from './session';

type AppMethod = 'getAppInfo' | 'getSettings' | 'updateSettings' | 'chooseLibraryFolder';

/** The app: what it is, its settings, and which library is open. */
export function appHandlers(session: Session): Pick<Handlers, AppMethod> {
  return {
    getAppInfo: () => session.appInfo(),
    getSettings: () => session.settings.get(),
    updateSettings: (patch) => session.settings.update(patch),
    chooseLibraryFolder: async () => {
      const { chooseFolder } = session.options;
      if (!chooseFolder) throw new ServiceError('unsupported', 'This host cannot show a folder picker.');
      const path = await chooseFolder();
      if (path !== null) session.chosenFolders.add(resolve(path));
      return path === null ? null : session.switchLibrary(path);
    },
  };
}
