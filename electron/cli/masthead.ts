import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { StorySummary } from '../../shared/model';
import { ServiceError } from '../services/errors';
import { Library } from '../services/library';
import { desktopUserDataDir } from '../services/paths';
import { importCommand, importUsage } from './import-command';

/**
 * `masthead <command>`: the library from the command line, through the same services as
 * the app. Exit codes: 0 done, 1 the command failed, 2 the command line is wrong.
 */

const defaultLibrary = (): string => join(desktopUserDataDir(), 'library');

const usage = `Usage: masthead <command> [options]

Commands:
  library list [--library DIR] [--json]   list the stories in a library, most recently changed first
${importUsage}

Options:
  --library DIR   the library folder (default: the desktop app's, ${defaultLibrary()})
  --json          print machine-readable JSON
  -h, --help      show this help`;

class UsageError extends Error {}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const pad = (text: string, width: number): string => {
  // Han characters take two columns in a terminal.
  let cols = 0;
  let out = '';
  for (const ch of text) {
    const w =
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(
        ch,
      )
        ? 2
        : 1;
    if (cols + w > width) break;
    out += ch;
    cols += w;
  }
  return out + ' '.repeat(width - cols);
};

function storyTable(stories: StorySummary[]): string {
  const header = `${pad('UPDATED', 17)}  ${pad('STATUS', 9)}  ${pad('SECTION', 10)}  ${pad('LENGTH', 10)}  HEADLINE`;
  const rows = stories.map((s) => {
    const length = s.language === 'en' ? `${s.wordCount} words` : `${s.charCount} 字`;
    const when = new Date(s.updatedAt).toISOString().slice(0, 16).replace('T', ' ');
    return `${pad(when, 17)}  ${pad(s.status, 9)}  ${pad(s.section, 10)}  ${pad(length, 10)}  ${s.headline || '—'}`;
  });
  return [header, ...rows, `${stories.length} ${stories.length === 1 ? 'story' : 'stories'}`].join('\n');
}

async function libraryList(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { library: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  const root = resolve(values.library ?? defaultLibrary());
  const { library } = await Library.open(root, { mustExist: true });
  const stories = library.listStories();
  io.out(values.json ? JSON.stringify({ library: root, stories }, null, 2) : storyTable(stories));
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [group, command, ...rest] = argv;
  try {
    if (!group || group === '-h' || group === '--help' || group === 'help') {
      io.out(usage);
      return group ? 0 : 2;
    }
    if (group === 'import') {
      return await importCommand(argv.slice(1), io, defaultLibrary());
    }
    if (group === 'library' && command === 'list') {
      await libraryList(rest, io);
      return 0;
    }
    throw new UsageError(`unknown command: ${[group, command].filter(Boolean).join(' ')}`);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`masthead: ${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof ServiceError) {
      io.err(`masthead: ${error.message}`);
      return 1;
    }
    io.err(`masthead: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

const isEntry = process.argv[1] !== undefined && /masthead\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  const code = await runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
  });
  process.exitCode = code;
}
