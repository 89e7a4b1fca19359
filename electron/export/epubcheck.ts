import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, copyFile, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { EpubcheckServer } from './epubcheck-server';
import type { FormatValidation, ValidationProblem } from './types';

/**
 * EPUBCheck, the W3C's own EPUB checker (a Java tool that must be installed): where it is on
 * this machine, and its JSON report turned into the export's validation problems.
 */

export const EPUBCHECK_MISSING =
  'EPUBCheck is not installed, so the EPUB cannot be validated. Install it (Debian or Ubuntu: sudo apt-get install epubcheck; elsewhere: https://www.w3.org/publishing/epubcheck/) and export again.';

/** How to run EPUBCheck: a program, or a .jar for java (Debian's /usr/bin/epubcheck is a bare jar). */
export interface EpubcheckCommand {
  command: string;
  args: string[];
  /** EPUBCheck's jar, when it is one: only then can it be kept warm (epubcheck-server.ts). */
  jar?: string;
}

async function isFile(path: string): Promise<boolean> {
  return access(path, constants.R_OK).then(
    () => true,
    () => false,
  );
}

async function isJar(path: string): Promise<boolean> {
  if (path.endsWith('.jar')) return true;
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return false;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer.toString('latin1') === 'PK';
  } finally {
    await handle.close();
  }
}

/** Finds EPUBCheck: `MASTHEAD_EPUBCHECK`, then `epubcheck` on the PATH, then Debian's jar. */
export async function locateEpubcheck(env: NodeJS.ProcessEnv = process.env): Promise<EpubcheckCommand | null> {
  const candidates = env.MASTHEAD_EPUBCHECK
    ? [env.MASTHEAD_EPUBCHECK]
    : [
        ...(env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((d) => join(d, 'epubcheck')),
        '/usr/share/java/epubcheck.jar',
      ];
  for (const path of candidates) {
    if (!(await isFile(path))) continue;
    // A jar only runs through java (binfmt for jars is often not set up, as in containers).
    // C1 only: EPUBCheck runs for seconds, too short for the optimising compiler to pay back
    // its own work (a 16-page edition's book: ~5 s instead of ~15 s on two busy cores).
    return (await isJar(path))
      ? { command: 'java', args: ['-XX:TieredStopAtLevel=1', '-jar', path], jar: path }
      : { command: path, args: [] };
  }
  return null;
}

/** The warm EPUBCheck of this process, once something asked for it (prepareEpubcheck). */
let warmServer: EpubcheckServer | null = null;

/**
 * Starts EPUBCheck ahead of the exports to come, and keeps it warm (the app calls this when
 * the export dialog opens): resolves true once it is ready, false when EPUBCheck cannot be
 * kept warm here (not a jar, no javac to compile the server): exports then check cold.
 */
export async function prepareEpubcheck(command?: EpubcheckCommand | null): Promise<boolean> {
  if (!warmServer) {
    const found = command === undefined ? await locateEpubcheck() : command;
    if (!found?.jar) return false;
    warmServer ??= new EpubcheckServer({ jar: found.jar });
  }
  return warmServer.start();
}

/** The warm EPUBCheck, if one was prepared (running or stopped when idle). */
export const warmEpubcheck = (): EpubcheckServer | null => warmServer;

/** Stops the warm EPUBCheck (the app is quitting, the library is closing). */
export function stopEpubcheck(): void {
  warmServer?.stop();
}

interface EpubcheckReport {
  checker?: { checkerVersion?: string };
  messages?: {
    ID?: string;
    severity?: string;
    message?: string;
    locations?: { path?: string; line?: number; column?: number }[];
  }[];
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Runs EPUBCheck on `file` and turns its JSON report into problems: errors and fatals fail, warnings are listed. */
export async function runEpubcheck(
  file: string,
  label: string,
  options: {
    command?: EpubcheckCommand | null;
    started?: () => void;
    /** The warm EPUBCheck to ask first; by default the one prepareEpubcheck started, if any. */
    warm?: EpubcheckServer | null;
  } = {},
): Promise<FormatValidation> {
  const command = options.command === undefined ? await locateEpubcheck() : options.command;
  if (!command) return { ok: false, validator: 'epubcheck', problems: [{ file: label, message: EPUBCHECK_MISSING }] };
  const work = await mkdtemp(join(tmpdir(), 'masthead-epubcheck-'));
  try {
    const reportPath = join(work, 'report.json');
    // Checked as a copy under an ASCII name: Java turns a path into bytes with the locale's
    // encoding, and where that locale isn't installed (zh_CN.UTF-8 on a bare Linux) a folder
    // named after a Chinese publication becomes "????" and the book is "not found".
    const copy = join(work, 'book.epub');
    await copyFile(file, copy);
    let result: { code: number | null; output: string } | null = null;
    // The warm one is EPUBCheck only when it runs the jar this check was asked of.
    const warm =
      options.warm !== undefined
        ? options.warm
        : options.command === undefined || command.jar === warmServer?.jar
          ? warmServer
          : null;
    if (warm) {
      result = await warm.check(copy, reportPath, options.started);
      // Whatever a failed warm run left is not the book's report.
      if (!result) await rm(reportPath, { force: true });
    }
    if (!result)
      try {
        const running = run(command.command, [...command.args, copy, '--json', reportPath], 300_000);
        options.started?.();
        result = await running;
      } catch (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        return {
          ok: false,
          validator: 'epubcheck',
          problems: [
            {
              file: label,
              message: missing ? EPUBCHECK_MISSING : `EPUBCheck did not run: ${(error as Error).message}`,
            },
          ],
        };
      }
    let report: EpubcheckReport;
    try {
      report = JSON.parse(await readFile(reportPath, 'utf8')) as EpubcheckReport;
    } catch {
      return {
        ok: false,
        validator: 'epubcheck',
        problems: [
          {
            file: label,
            message: `EPUBCheck wrote no report (exit ${result.code}): ${result.output.trim().slice(-500) || 'no output'}`,
          },
        ],
      };
    }
    const problems: ValidationProblem[] = [];
    let failed = false;
    for (const m of report.messages ?? []) {
      const severity = (m.severity ?? '').toUpperCase();
      if (!['FATAL', 'ERROR', 'WARNING'].includes(severity)) continue;
      if (severity !== 'WARNING') failed = true;
      const where = (m.locations ?? [])
        .slice(0, 3)
        .map((l) => `${l.path ?? ''}${l.line && l.line > 0 ? `:${l.line}:${l.column ?? 0}` : ''}`)
        .filter(Boolean)
        .join(', ');
      problems.push({
        file: label,
        message: `${severity} ${m.ID ?? ''}${where ? ` ${where}` : ''}: ${m.message ?? ''}`.replace(/\s+/g, ' ').trim(),
      });
    }
    if (result.code !== 0 && !failed) {
      failed = true;
      const said = result.output.trim().split('\n').slice(-3).join(' ').trim();
      problems.push({ file: label, message: `EPUBCheck exited with ${result.code}${said ? `: ${said}` : ''}` });
    }
    const version = report.checker?.checkerVersion;
    return { ok: !failed, validator: version ? `epubcheck ${version}` : 'epubcheck', problems };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
