import { ServiceError } from '../rpc/errors';
import { backupCommand, restoreCommand, withLibraryLock } from './commands/backup';
import { type CliIo, type Command, beginCommand, defaultLibrary, endCommand, pendingNotices } from './commands/common';
import { countCommand } from './commands/count';
import { exportCommand } from './commands/export';
import { proofCommand } from './commands/proof';
import { checkCommand, editionListCommand } from './commands/edition';
import { editionNewCommand } from './commands/edition-new';
import { libraryInitCommand } from './commands/library-init';
import { libraryListCommand } from './commands/library-list';
import { newsroomClientCommands } from './commands/newsroom-client';
import { newsroomServerCommands } from './commands/newsroom-server';
import { searchCommand } from './commands/search';
import { templateListCommand } from './commands/template-list';
import { importCommand, importUsage } from './import-command';

export type { CliIo } from './commands/common';

/**
 * `masthead <command>`: the library from the command line, through the same services as
 * the app. Exit codes: 0 done, 1 the command failed, 2 the command line is wrong.
 * Each command lives in its own file; add it to this table.
 */
const commands: Command[] = [
  libraryInitCommand,
  libraryListCommand,
  editionListCommand,
  editionNewCommand,
  templateListCommand,
  checkCommand,
  { name: 'import', usage: importUsage, run: withLibraryLock(importCommand) },
  countCommand,
  searchCommand,
  backupCommand,
  restoreCommand,
  exportCommand,
  proofCommand,
  ...newsroomServerCommands,
  ...newsroomClientCommands,
];

const usage = `Usage: masthead <command> [options]

Commands:
${commands.map((c) => c.usage).join('\n')}

Options:
  --library DIR   the library folder (default: the desktop app's, ${defaultLibrary()})
  --json          print machine-readable JSON
  -h, --help      show this help`;

/** The command whose words begin the command line, and the arguments after them. */
function findCommand(argv: string[]): { command: Command; args: string[] } | null {
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { command, args: argv.slice(words.length) };
  }
  return null;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first] = argv;
  try {
    if (!first || first === '-h' || first === '--help' || first === 'help') {
      io.out(usage);
      return first ? 0 : 2;
    }
    const found = findCommand(argv);
    if (!found) {
      throw Object.assign(new Error(`unknown command: ${argv.slice(0, 2).join(' ')}`), {
        code: 'ERR_PARSE_ARGS_USAGE',
      });
    }
    beginCommand(found.command.name);
    return await found.command.run(found.args, withNotices(io, argv.includes('--json')), defaultLibrary());
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`masthead: ${plainUsageMessage((error as Error).message, argv)}\n\n${usage}`);
      return 2;
    }
    if (error instanceof ServiceError) {
      io.err(`masthead: ${error.message}`);
      return 1;
    }
    io.err(`masthead: ${(error as Error).message ?? String(error)}`);
    return 1;
  } finally {
    // Repairs are never silent: said on stderr here, and put into the --json output as it is printed.
    for (const notice of await endCommand()) io.err(`masthead: ${notice}`);
  }
}

/**
 * With --json, what opening the library repaired or found goes into the command's JSON (as
 * `notices`), as well as on stderr: a script reading only stdout still learns of it.
 */
function withNotices(io: CliIo, json: boolean): CliIo {
  if (!json) return io;
  return {
    err: io.err,
    out: (text) => {
      const notices = pendingNotices();
      if (notices.length === 0) return io.out(text);
      try {
        const value: unknown = JSON.parse(text);
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          return io.out(JSON.stringify({ ...value, notices }, null, 2));
        }
      } catch {
        // Not JSON after all: printed as it is.
      }
      io.out(text);
    },
  };
}

const isEntry = process.argv[1] !== undefined && /masthead\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  const code = await runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
  });
  process.exitCode = code;
}

/**
 * node's parseArgs explains `--limit -1` as an "ambiguous" option argument with advice about
 * `--limit=-XYZ`; the user only needs to hear that -1 is not a value --limit takes.
 */
function plainUsageMessage(message: string, argv: string[]): string {
  const ambiguous = /^Option '(-[-\w]+)' argument is ambiguous/.exec(message);
  if (ambiguous) {
    const option = ambiguous[1]!;
    const value = argv[argv.indexOf(option) + 1] ?? '';
    return `${value} is not a value ${option} takes.`;
  }
  return message.split('\n')[0]!;
}
