import { parseArgs } from 'node:util';
import { describeProblem } from '../../../shared/layout/preflight';
import { checkEdition } from '../../layout/edition-check';
import { type Command, findEdition, openLibrary, pad, usageError } from './common';

/** `masthead edition list`: the editions of a library, newest date first. */
export const editionListCommand: Command = {
  name: 'edition list',
  usage: `  edition list [--library DIR] [--json]
                  list the editions: id, date, publication, pages`,
  run: async (args, io, defaultLibrary) => {
    const { values } = parseArgs({
      args,
      options: { library: { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
    });
    const { root, library } = await openLibrary(values.library, defaultLibrary);
    const editions = await library.listEditions();
    if (values.json) {
      io.out(JSON.stringify({ library: root, editions }, null, 2));
      return 0;
    }
    const header = `${pad('DATE', 10)}  ${pad('ISSUE', 6)}  ${pad('PAGES', 5)}  ${pad('ID', 38)}  PUBLICATION`;
    const rows = editions.map(
      (e) =>
        `${pad(e.date, 10)}  ${pad(String(e.issueNumber), 6)}  ${pad(String(e.pageCount), 5)}  ${pad(e.id, 38)}  ${e.publication}`,
    );
    io.out([header, ...rows, `${editions.length} ${editions.length === 1 ? 'edition' : 'editions'}`].join('\n'));
    return 0;
  },
};

/** `masthead check --edition DATE|ID`: preflight measured in Chromium; exit 1 when anything blocks export. */
export const checkCommand: Command = {
  name: 'check',
  usage: `  check --edition DATE|ID [--library DIR] [--json]
                  preflight an edition (measured with Chromium): overset and underset
                  blocks, unapproved stories, empty headlines, photos, jumps, folios,
                  line-start punctuation; exits 1 when anything blocks export`,
  run: async (args, io, defaultLibrary) => {
    const { values } = parseArgs({
      args,
      options: {
        edition: { type: 'string' },
        library: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (!values.edition) throw usageError('check needs --edition DATE|ID');
    const { library } = await openLibrary(values.library, defaultLibrary);
    const result = await checkEdition(library, await findEdition(library, values.edition));
    if (values.json) {
      io.out(JSON.stringify(result, null, 2));
    } else {
      const { edition, report } = result;
      io.out(`${edition.publication} · ${edition.date} · No. ${edition.issueNumber} · ${edition.pages} pages`);
      for (const p of report.problems)
        io.out(`${p.severity === 'blocking' ? 'BLOCKING' : 'warning '}  ${describeProblem(p)}`);
      io.out(
        report.ok
          ? `Ready for export (${report.warnings} warnings).`
          : `${report.blocking} problems block export, ${report.warnings} warnings.`,
      );
    }
    return result.report.ok ? 0 : 1;
  },
};
