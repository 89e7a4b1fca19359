import { commitImport, parseImportFile, styleMapFor } from '../../import/import';
import type { Handlers } from '../dispatch';
import type { Session } from './session';

type ImportMethod = 'parseImport' | 'commitImport';

/** Import: a file to a preview, then the stories the editor approved into the library. */
export function importHandlers(session: Session): Pick<Handlers, ImportMethod> {
  return {
    parseImport: ({ name, data }) =>
      parseImportFile(name, Buffer.from(data, 'base64'), {
        styleMap: styleMapFor(session.settings.get().wordStyles),
      }),
    commitImport: async (input) => ({ created: await commitImport(session.current, input) }),
  };
}
