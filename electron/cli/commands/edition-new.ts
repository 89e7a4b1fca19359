import { parseArgs } from 'node:util';
import { summariseEdition } from '../../../shared/model/edition';
import { builtInTemplates, findTemplate } from '../../../shared/model/templates';
import { ServiceError } from '../../rpc/errors';
import { withLibraryLock } from './backup';
import { type Command, openLibrary, usageError } from './common';

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
const isCalendarDate = (text: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
};

const wholeNumber = (value: string | undefined, name: string, min: number, max: number): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw usageError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  }
  return n;
};

/** `masthead edition new`: an edition with numbered pages on one template; prints its id. */
export const editionNewCommand: Command = {
  name: 'edition new',
  usage: `  edition new --date YYYY-MM-DD --publication NAME [--issue N] [--pages N]
         [--template ID] [--section NAME]... [--library DIR] [--json]
                  make an edition and print its id; the issue number follows the
                  publication's last one, pages default to 4 on ${builtInTemplates[0]!.id};
                  each --section names the next page's section`,
  run: withLibraryLock(async (args, io, defaultLibrary) => {
    const { values } = parseArgs({
      args,
      options: {
        date: { type: 'string' },
        publication: { type: 'string' },
        issue: { type: 'string' },
        pages: { type: 'string' },
        template: { type: 'string' },
        section: { type: 'string', multiple: true, default: [] },
        library: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (!values.date) throw usageError('edition new needs --date YYYY-MM-DD');
    if (!isCalendarDate(values.date)) {
      throw new ServiceError(
        'invalid-input',
        `--date ${values.date} is not a date: write YYYY-MM-DD. Nothing was made.`,
      );
    }
    const publication = values.publication?.trim();
    if (!publication) throw usageError('edition new needs --publication NAME');
    const templateId = values.template ?? builtInTemplates[0]!.id;
    if (!findTemplate(templateId)) {
      throw new ServiceError(
        'invalid-input',
        `There is no page template ${templateId}: choose one of ${builtInTemplates.map((t) => t.id).join(', ')} (see masthead template list). Nothing was made.`,
      );
    }
    const pageCount = wholeNumber(values.pages, '--pages', 1, 200) ?? 4;
    const sections = values.section ?? [];
    if (sections.length > pageCount) {
      throw usageError(
        `${sections.length} sections for ${pageCount} pages: give --pages ${sections.length} or fewer --section`,
      );
    }
    const { library } = await openLibrary(values.library, defaultLibrary);
    const previous = (await library.listEditions()).filter((e) => e.publication === publication);
    const issueNumber =
      wholeNumber(values.issue, '--issue', 0, 1_000_000) ??
      (previous.length ? Math.max(...previous.map((e) => e.issueNumber)) + 1 : 1);
    const edition = await library.createEdition({
      publication,
      date: values.date,
      issueNumber,
      templateId,
      pageCount,
      sections,
    });
    io.out(values.json ? JSON.stringify(summariseEdition(edition), null, 2) : edition.id);
    return 0;
  }),
};
