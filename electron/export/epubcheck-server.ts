import { type ChildProcessByStdio, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';

/**
 * EPUBCheck kept warm between exports. A cold EPUBCheck spends about 4 s of CPU starting Java,
 * loading its classes and compiling its schemas, whatever the size of the book; it keeps the
 * compiled schemas for the life of its process, so a JVM that has checked one book checks the
 * next in under a second. The app starts one when the export dialog opens
 * (`prepareEpubcheck`), and the EPUB export sends its book to it; it stops after some idle
 * minutes and when the app quits. Anything that goes wrong with it (no JDK to compile the
 * small server, a crash, an answer that is not a report) sends the book to the cold EPUBCheck
 * instead: the same checker, only slower.
 *
 * The server (`resources/epubcheck-server/EpubcheckServer.java`) runs EPUBCheck's own
 * command-line entry point once per book in the same JVM, so its JSON report and exit code
 * are the ones `epubcheck BOOK --json REPORT` gives.
 */

const execFileAsync = promisify(execFile);

const SERVER_CLASS = 'EpubcheckServer';
const SOURCE_FILE = `${SERVER_CLASS}.java`;
/** The compiled class's folder beside the source in a packaged app (`npm run dist` compiles it). */
export const SHIPPED_CLASSES = 'classes';
/** Beside the shipped class: the SHA-256 of the source it was compiled from. */
export const SHIPPED_STAMP = 'source.sha256';

/** The idle JVM holds about 150-200 MB: let it go when no export has needed it for a while. */
const IDLE_MS = 10 * 60 * 1000;
/** A JVM that has not said it is ready by then will not. */
const START_TIMEOUT_MS = 120_000;
/** A book that takes longer than this is checked cold (which has its own, same limit). */
const CHECK_TIMEOUT_MS = 300_000;

/**
 * C1 only (as the cold run: the optimising compiler's work would compete with the export for
 * the CPU); a serial collector and a heap cap keep the idle JVM small, and a JVM that runs out
 * of it quits, so the book is checked cold instead of by a JVM in a doubtful state.
 */
const JAVA_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx256m', '-XX:+ExitOnOutOfMemoryError'];

/** The folders that may hold the server's source: the packaged app's resources, then the checkout's. */
export function serverSourceDirs(): string[] {
  const dirs: string[] = [];
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) dirs.push(join(resourcesPath, 'epubcheck-server'));
  let dir = resolve(import.meta.dirname);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      dirs.push(join(dir, 'resources', 'epubcheck-server'));
      break;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dirs;
}

/** The user's cache folder for Masthead (compiled helpers): MASTHEAD_CACHE_DIR, XDG_CACHE_HOME, ~/.cache. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MASTHEAD_CACHE_DIR) return resolve(env.MASTHEAD_CACHE_DIR);
  return join(env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache'), 'masthead');
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Compiles the server with javac (Java 8 bytecode, so any JRE that runs EPUBCheck runs it). */
export async function compileServer(source: string, jar: string, into: string): Promise<void> {
  await mkdir(dirname(into), { recursive: true });
  const work = `${into}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await execFileAsync('javac', ['--release', '8', '-cp', jar, '-d', work, source], { timeout: 120_000 });
    await rename(work, into).catch(async (error: NodeJS.ErrnoException) => {
      // Another process compiled the same source meanwhile: its class is as good.
      if (!existsSync(join(into, `${SERVER_CLASS}.class`))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The folder holding the compiled server: the one shipped with the app when it was compiled
 * from this very source, else one compiled on this machine into the cache (once), else null
 * (no source, or no javac: a JRE alone cannot compile it).
 */
export async function serverClasses(jar: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  for (const dir of serverSourceDirs()) {
    const source = join(dir, SOURCE_FILE);
    if (!existsSync(source)) continue;
    const hash = sha256(await readFile(source, 'utf8'));
    const shipped = join(dir, SHIPPED_CLASSES);
    const stamp = await readFile(join(shipped, SHIPPED_STAMP), 'utf8').catch(() => '');
    if (stamp.trim() === hash && existsSync(join(shipped, `${SERVER_CLASS}.class`))) return shipped;
    const cached = join(cacheDir(env), `epubcheck-server-${hash.slice(0, 16)}`);
    if (existsSync(join(cached, `${SERVER_CLASS}.class`))) return cached;
    try {
      await compileServer(source, jar, cached);
      return cached;
    } catch {
      return null;
    }
  }
  return null;
}

/** What the server said about one book: EPUBCheck's exit code and what it printed. */
export interface WarmAnswer {
  code: number;
  output: string;
}

interface Waiting {
  resolve: (answer: WarmAnswer | null) => void;
  timer: NodeJS.Timeout;
}

type ServerProcess = ChildProcessByStdio<Writable, Readable, Readable>;

/** Every server this process started, stopped when it exits: no JVM outlives the app. */
const running = new Set<ServerProcess>();
let exitHookInstalled = false;
function stopAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** The smallest valid EPUB 3 (package, nav, one Chinese page, a stylesheet): the server checks it once to warm up. */
async function warmUpBook(path: string): Promise<void> {
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.file(
    'META-INF/container.xml',
    '<?xml version="1.0" encoding="UTF-8"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
  );
  zip.file(
    'EPUB/package.opf',
    '<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id" xml:lang="zh-Hans"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:0b5c8f4e-1d2a-5e3b-9c4d-6f7a8b9c0d1e</dc:identifier><dc:title>预热</dc:title><dc:language>zh-Hans</dc:language><meta property="dcterms:modified">2026-01-01T00:00:00Z</meta></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="page" href="page.xhtml" media-type="application/xhtml+xml"/><item id="css" href="style.css" media-type="text/css"/></manifest><spine><itemref idref="page"/></spine></package>',
  );
  const page = (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="zh-Hans" lang="zh-Hans"><head><meta charset="UTF-8"/><title>预热</title><link rel="stylesheet" href="style.css"/></head><body>${body}</body></html>`;
  zip.file(
    'EPUB/nav.xhtml',
    page('<nav epub:type="toc" id="toc"><h1>目录</h1><ol><li><a href="page.xhtml">第1版</a></li></ol></nav>'),
  );
  zip.file(
    'EPUB/page.xhtml',
    page(
      '<section><h1>第1版</h1><p class="a">本报讯 <em>预热</em>，<a href="https://example.org/">链接</a>。</p><ul><li>一</li></ul><figure><figcaption>图</figcaption></figure></section>',
    ),
  );
  zip.file('EPUB/style.css', '@charset "UTF-8";\nbody { margin: 0 5%; }\np.a { text-indent: 2em; }\n');
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/**
 * One EPUBCheck JVM that stays up between books. `start()` spawns and warms it (idempotent);
 * `check()` answers null whenever the book should be checked cold instead.
 */
export class EpubcheckServer {
  private child: ServerProcess | null = null;
  private starting: Promise<boolean> | null = null;
  private readonly waiting = new Map<string, Waiting>();
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 0;
  /** The last lines the JVM wrote on its own stderr (before the server took it over), for diagnosis. */
  private stderr = '';

  constructor(
    private readonly options: {
      /** EPUBCheck's jar. */
      jar: string;
      java?: string;
      idleMs?: number;
      env?: NodeJS.ProcessEnv;
    },
  ) {}

  /** The EPUBCheck jar it runs. */
  get jar(): string {
    return this.options.jar;
  }

  /** The JVM's process id while it runs. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Spawns the JVM and has it check a small book, so schemas and classes are loaded; false when it cannot run. */
  start(): Promise<boolean> {
    if (this.child && !this.starting) {
      this.touch();
      return Promise.resolve(true);
    }
    return (this.starting ??= this.spawnAndWarm().finally(() => (this.starting = null)));
  }

  private async spawnAndWarm(): Promise<boolean> {
    const classes = await serverClasses(this.options.jar, this.options.env).catch(() => null);
    if (!classes) return false;
    const child = spawn(
      this.options.java ?? 'java',
      [...JAVA_OPTIONS, '-cp', `${classes}${delimiter}${this.options.jar}`, SERVER_CLASS],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child = child;
    running.add(child);
    stopAllOnExit();
    const ready = new Promise<boolean>((resolveReady) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (line.startsWith('ready')) return resolveReady(true);
        this.answer(line);
      });
      // No java, or it could not be started: there is no server.
      child.on('error', () => {
        resolveReady(false);
        this.gone(child);
      });
      child.on('exit', () => {
        resolveReady(false);
        this.gone(child);
      });
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
    // A write to a JVM that has just died must not throw out of the app.
    child.stdin.on('error', () => undefined);
    // An idle server never keeps the app (or a CLI run, or a test) alive; a book being checked
    // does, through its timeout, and so does the start, through this one.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr])
      (stream as unknown as { unref?: () => void }).unref?.();
    const startTimer = setTimeout(() => this.stop(), START_TIMEOUT_MS);
    const started = await ready;
    clearTimeout(startTimer);
    if (!started) {
      this.stop();
      return false;
    }
    const dir = join(cacheDir(this.options.env), `epubcheck-warm-up-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await mkdir(dir, { recursive: true });
      await warmUpBook(join(dir, 'warm-up.epub'));
      const answer = await this.send(join(dir, 'warm-up.epub'), join(dir, 'report.json'));
      if (!answer) return false;
    } catch {
      this.stop();
      return false;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    this.touch();
    return this.child === child;
  }

  /**
   * Checks `book` (EPUBCheck writes its JSON report to `report`). Null when the server is not
   * running or failed on this book (crashed, timed out, threw): check it cold then.
   */
  async check(book: string, report: string, sent?: () => void): Promise<WarmAnswer | null> {
    // Not running (stopped when idle, crashed): cold is sooner than starting a JVM for this book.
    if (!this.child && !this.starting) return null;
    if (this.starting) {
      // Still warming up (the desk clicked Export at once): the JVM is running already, so the
      // export's other formats need not wait for it; the book waits for the warm-up to end.
      sent?.();
      sent = undefined;
    }
    if (!(await this.start())) return null;
    const answer = await this.send(book, report, sent);
    this.touch();
    // EPUBCheck's own exit codes are 0 and up; below is the server's way of saying it could not check.
    return answer && answer.code >= 0 ? answer : null;
  }

  private send(book: string, report: string, sent?: () => void): Promise<WarmAnswer | null> {
    const child = this.child;
    if (!child || /[\t\n\r]/.test(book + report)) return Promise.resolve(null);
    const id = String(++this.nextId);
    return new Promise((resolveAnswer) => {
      const timer = setTimeout(() => {
        // Stuck: a JVM in that state is no use to the next book either.
        this.stop();
      }, CHECK_TIMEOUT_MS);
      this.waiting.set(id, { resolve: resolveAnswer, timer });
      child.stdin.write(`${id}\t${book}\t${report}\n`);
      sent?.();
    });
  }

  private answer(line: string): void {
    const [id, code, ...printed] = line.split('\t');
    const waiting = this.waiting.get(id ?? '');
    if (!waiting) return;
    this.waiting.delete(id!);
    clearTimeout(waiting.timer);
    const output = printed.join('\t').replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    waiting.resolve(Number.isInteger(Number(code)) ? { code: Number(code), output } : null);
  }

  /** The JVM ended (stopped, crashed, killed): every book it had is checked cold. */
  private gone(child: ServerProcess): void {
    running.delete(child);
    if (this.child !== child) return;
    this.child = null;
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.resolve(null);
      this.waiting.delete(id);
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(), this.options.idleMs ?? IDLE_MS);
    // An idle server never keeps the app (or a CLI run) alive.
    this.idleTimer.unref();
  }

  /** Stops the JVM (idle, quitting); a book it was checking is checked cold. */
  stop(): void {
    const child = this.child;
    if (!child) return;
    child.stdin.end();
    child.kill('SIGKILL');
    this.gone(child);
  }

  /** What the JVM wrote on its own before the server started (a JVM that would not start says why here). */
  get diagnostics(): string {
    return this.stderr.trim();
  }
}
