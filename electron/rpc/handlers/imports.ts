import { commitImport, parseImportFile, styleMapFor } from '../../import/import';
import { ImportLog, sourceHash } from '../../store/import-log';
import type { Handlers } from '../dispatch';
import type { Session } from './session';

type ImportMethod = 'parseImport' | 'commitImport';

/** Import: a file to a preview, then the stories the editor approved into the library. */
export function importHandlers(session: Session): Pick<Handlers, ImportMethod> {
  return {
    parseImport: async ({ name, data }) => {
      const bytes = Buffer.from(data, 'base64');
      const parsed = await parseImportFile(name, bytes, { styleMap: styleMapFor(session.settings.get().wordStyles) });
      // The same bytes imported before: the preview asks before making their stories again.
      const sha256 = sourceHash(bytes);
      const record = await new ImportLog(session.current.root).find(sha256);
      const importedBefore = record?.stories.length
        ? {
            at: record.stories.map((s) => s.at).sort()[0]!,
            stories: record.stories.map(({ id, headline }) => ({ id, headline })),
          }
        : null;
      return { ...parsed, sha256, importedBefore };
    },
    commitImport: async (input) => ({ created: await commitImport(session.current, input) }),
  };
}
