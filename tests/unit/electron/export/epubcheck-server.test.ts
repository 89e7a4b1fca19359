import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPUB_FILE, epubExporter } from '../../../../electron/export/epub';
import { type EpubcheckCommand, locateEpubcheck, runEpubcheck } from '../../../../electron/export/epubcheck';
import { EpubcheckServer } from '../../../../electron/export/epubcheck-server';
import { repoRoot, tempDir } from '../../../helpers/temp';
import { sampleContext } from './export-fixture';
import { processAlive as alive } from '../../../../electron/store/lock';

/**
 * The warm EPUBCheck (a JVM kept between exports) through the real EPUBCheck and a real JVM:
 * it must say exactly what a cold EPUBCheck says, and nothing that happens to it may lose a
 * check or leave a JVM behind.
 */

const run = promisify(execFile);
/** A killed JVM is gone once its parent has reaped it: wait for that, briefly. */
async function goneSoon(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

let dir: string;
let cleanup: () => Promise<void>;
let command: EpubcheckCommand;
let valid: string;
let broken: string;
const servers: EpubcheckServer[] = [];
const server = (options: Partial<ConstructorParameters<typeof EpubcheckServer>[0]> = {}) => {
  const made = new EpubcheckServer({
    jar: command.jar!,
    env: { ...process.env, MASTHEAD_CACHE_DIR: join(dir, 'cache') },
    ...options,
  });
  servers.push(made);
  return made;
};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('masthead-epubcheck-server-'));
  const found = await locateEpubcheck();
  if (!found?.jar) throw new Error('these tests need EPUBCheck as a jar (Debian: apt-get install epubcheck)');
  command = found;
  // The real exporter's book of the sample edition, and the same book broken twice over: its
  // navigation document left out of the package, and a story whose XHTML does not close.
  const { ctx } = await sampleContext(dir);
  const out = join(dir, 'book');
  await mkdir(out);
  await epubExporter.write(ctx, out, new AbortController().signal, () => undefined);
  valid = join(out, EPUB_FILE);
  const zip = await JSZip.loadAsync(await readFile(valid));
  const opf = await zip.file('EPUB/package.opf')!.async('string');
  zip.file('EPUB/package.opf', opf.replace(/\s*<item [^>]*properties="nav"[^>]*\/>/, ''));
  zip.remove('EPUB/nav.xhtml');
  const story = Object.keys(zip.files).find((name) => /^EPUB\/.+\.xhtml$/.test(name) && !name.endsWith('nav.xhtml'))!;
  const xhtml = await zip.file(story)!.async('string');
  zip.file(story, xhtml.replace('</p>', ''));
  broken = join(dir, 'broken.epub');
  await writeFile(broken, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}, 120_000);

afterAll(async () => {
  for (const made of servers) made.stop();
  await cleanup();
});

describe('the warm EPUBCheck', () => {
  it(
    'reports what the cold EPUBCheck reports on a broken book, then passes a valid one',
    { timeout: 180_000 },
    async () => {
      const warm = server();
      expect(await warm.start()).toBe(true);
      const pid = warm.pid!;

      const cold = await runEpubcheck(broken, 'edition.epub', { command, warm: null });
      const warmed = await runEpubcheck(broken, 'edition.epub', { command, warm });
      expect(warm.pid).toBe(pid); // checked by the warm JVM, not cold behind its back
      expect(cold.ok).toBe(false);
      expect(warmed).toEqual(cold);
      const said = warmed.problems.map((p) => p.message).join('\n');
      expect(said).toMatch(/nav/i); // the missing navigation document
      expect(said).toMatch(/ERROR RSC-005|FATAL RSC-016/); // the story that does not parse

      // Nothing of the broken book stays with the JVM: the next, valid book passes.
      const next = await runEpubcheck(valid, 'edition.epub', { command, warm });
      expect(next).toEqual({ ok: true, validator: cold.validator, problems: [] });
      expect(warm.pid).toBe(pid);
    },
  );

  it(
    'checks the book cold when the JVM is killed in the middle, and starts again after',
    { timeout: 180_000 },
    async () => {
      const warm = server();
      expect(await warm.start()).toBe(true);
      const first = warm.pid!;
      const checking = runEpubcheck(broken, 'edition.epub', {
        command,
        warm,
        // The book has gone to the JVM: kill it there (once: the cold run says it started too).
        started: () => alive(first) && process.kill(first, 'SIGKILL'),
      });
      const result = await checking;
      expect(await goneSoon(first)).toBe(true);
      expect(result.ok).toBe(false);
      expect(result.problems.map((p) => p.message).join('\n')).toMatch(/nav/i);
      expect(warm.pid).toBeNull();

      // Not running: a check goes cold at once rather than waiting for a JVM to start.
      expect(await warm.check(valid, join(dir, 'unused.json'))).toBeNull();
      expect(await warm.start()).toBe(true);
      expect(warm.pid).not.toBe(first);
      expect(await runEpubcheck(valid, 'edition.epub', { command, warm })).toMatchObject({ ok: true });
    },
  );

  it('stops when told, when idle, and with the process that started it', { timeout: 180_000 }, async () => {
    const warm = server({ idleMs: 1500 });
    expect(await warm.start()).toBe(true);
    const idle = warm.pid!;
    expect(await goneSoon(idle)).toBe(true); // idle for 1.5 s: stopped
    expect(warm.pid).toBeNull();

    // A process that prepared EPUBCheck and then quits takes its JVM with it.
    const script = join(dir, 'quits.mts');
    await writeFile(
      script,
      `import { prepareEpubcheck, warmEpubcheck } from ${JSON.stringify(join(repoRoot, 'electron/export/epubcheck.ts'))};
       await prepareEpubcheck();
       console.log(warmEpubcheck()?.pid);`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: repoRoot,
      env: { ...process.env, MASTHEAD_CACHE_DIR: join(dir, 'cache') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0); // and it did quit: the JVM does not keep it alive
    const jvm = Number(printed.trim());
    expect(jvm).toBeGreaterThan(0);
    expect(await goneSoon(jvm)).toBe(true);

    const stopped = server();
    expect(await stopped.start()).toBe(true);
    const pid = stopped.pid!;
    stopped.stop();
    expect(await goneSoon(pid)).toBe(true);
    const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(process.pid)]).catch(() => ({ stdout: '' }));
    expect(stdout.split(/\s+/).filter(Boolean).map(Number)).not.toContain(pid);
  });

  it('takes a book sent while it warms up, letting the export go on at once', { timeout: 120_000 }, async () => {
    const warm = server();
    let warmedAt = 0;
    const starting = warm.start().then((ok) => ((warmedAt = performance.now()), ok));
    let startedAt = 0;
    const result = await runEpubcheck(valid, 'edition.epub', {
      command,
      warm,
      started: () => (startedAt ||= performance.now()),
    });
    expect(await starting).toBe(true);
    expect(startedAt).toBeGreaterThan(0);
    expect(startedAt).toBeLessThan(warmedAt); // the export was told before the warm-up ended
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(warm.pid).not.toBeNull(); // checked warm: the JVM is still up for the next book
  });

  it('leaves the book to the cold EPUBCheck when it cannot start', { timeout: 60_000 }, async () => {
    const cannot = server({ java: join(dir, 'no-java-here') });
    expect(await cannot.start()).toBe(false);
    expect(await runEpubcheck(valid, 'edition.epub', { command, warm: cannot })).toMatchObject({
      ok: true,
      validator: expect.stringMatching(/^epubcheck \d/),
      problems: [],
    });
  });
});
