import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { summariseImport } from '../../shared/import/text-page';
import type { ImportedStory } from '../../shared/import/types';
import { StoryStatus, WordStyleRole } from '../../shared/model';
import { commitImport, parseImportFile, styleMapFor } from '../import/import';
import { ImportLog, sourceHash } from '../store/import-log';
import { openLibrary } from './commands/common';
import { describeIoError } from '../rpc/errors';

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const importUsage = `  import FILE... [--library DIR] [--section NAME] [--status STATUS] [--style NAME=ROLE]... [--again] [--dry-run] [--json]
                  import page text (.txt), Word (.docx), HTML or Markdown files as stories;
                  --style maps a Word paragraph style to kicker, headline, subheadline, dateline,
                  byline, crosshead, caption, quote or body; a file imported before (the same
                  bytes) is skipped with a note, unless --again`;

/**
 * `masthead import`: every readable file is imported even when others fail; the exit code
 * is 1 if any file failed. With --dry-run nothing is written.
 */
export async function importCommand(args: string[], io: CommandIo, defaultLibrary: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      library: { type: 'string' },
      section: { type: 'string', default: '' },
      status: { type: 'string', default: 'draft' },
      'dry-run': { type: 'boolean', default: false },
      again: { type: 'boolean', default: false },
      style: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (positionals.length === 0)
    throw Object.assign(new Error('import needs at least one FILE'), { code: 'ERR_PARSE_ARGS_USAGE' });
  const status = StoryStatus.safeParse(values.status);
  if (!status.success) {
    throw Object.assign(new Error(`--status must be one of ${StoryStatus.options.join(', ')}`), {
      code: 'ERR_PARSE_ARGS_USAGE',
    });
  }
  const styles = (values.style ?? []).map((entry) => {
    const at = entry.lastIndexOf('=');
    const role = WordStyleRole.safeParse(entry.slice(at + 1));
    if (at < 1 || !role.success) {
      throw Object.assign(new Error(`--style takes NAME=ROLE, ROLE one of ${WordStyleRole.options.join(', ')}`), {
        code: 'ERR_PARSE_ARGS_USAGE',
      });
    }
    return { style: entry.slice(0, at), role: role.data };
  });
  // Only `library init` makes a library: a mistyped --library is refused, not created.
  const library = values['dry-run'] ? null : (await openLibrary(values.library, defaultLibrary)).library;

  const stories: { file: string; story: ImportedStory; id?: string }[] = [];
  const errors: { file: string; message: string }[] = [];
  const skipped: { file: string; imported: { id: string; headline: string }[] }[] = [];
  for (const file of positionals) {
    try {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw describeIoError(error, `read ${file}`);
      }
      const sha256 = sourceHash(bytes);
      const before = library && !values.again ? await new ImportLog(library.root).find(sha256) : null;
      if (before) {
        // Imported before (perhaps by an import that was killed part way): not again unless asked.
        skipped.push({ file, imported: before.stories.map(({ id, headline }) => ({ id, headline })) });
        io.err(
          `masthead import: ${file} was imported before (${before.stories.length} ${before.stories.length === 1 ? 'story' : 'stories'}: ${before.stories.map((s) => s.id).join(', ')}); skipped. Use --again to import it again.`,
        );
        continue;
      }
      const parsed = await parseImportFile(basename(file), bytes, { styleMap: styleMapFor(styles) });
      const fileWarnings = parsed.warnings;
      const found = parsed.stories.map((story) => ({
        file,
        story: { ...story, warnings: [...fileWarnings, ...story.warnings] },
      }));
      if (library) {
        const created = await commitImport(
          library,
          {
            stories: found.map(({ story }) => ({
              ...story,
              section: values.section ?? '',
              status: status.data,
              source: basename(file),
            })),
          },
          { sha256, name: basename(file) },
        );
        created.forEach((c, i) => Object.assign(found[i]!, { id: c.id }));
      }
      stories.push(...found);
    } catch (error) {
      errors.push({ file, message: (error as Error).message });
      io.err(`masthead import: ${(error as Error).message}`);
    }
  }

  if (values.json) {
    io.out(
      JSON.stringify(
        {
          stories: stories.map(({ file, story, id }) => ({ ...(id ? { id } : {}), file, ...summariseImport(story) })),
          ...(errors.length ? { errors } : {}),
          ...(skipped.length ? { skipped } : {}),
        },
        null,
        2,
      ),
    );
  } else {
    for (const { file, story, id } of stories) {
      const s = summariseImport(story);
      io.out(
        `${id ?? '(dry run)'}  ${basename(file)}  ${[s.kicker, s.headline, s.subheadline].filter(Boolean).join(' / ') || '(no headline)'}`,
      );
      for (const w of s.warnings) io.out(`    warning, line ${w.line}: ${w.message} — ${w.text}`);
    }
    io.out(
      `${stories.length} ${stories.length === 1 ? 'story' : 'stories'}${values['dry-run'] ? ' found, nothing saved' : ' imported'}${skipped.length ? `; ${skipped.length} file(s) imported before, skipped` : ''}${errors.length ? `; ${errors.length} file(s) failed` : ''}`,
    );
  }
  return errors.length ? 1 : 0;
}
