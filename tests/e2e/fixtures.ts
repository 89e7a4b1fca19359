import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, type Page, test as base, expect } from '@playwright/test';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface WebHostProcess {
  url: string;
  libraryDir: string;
  settingsDir: string;
  readStory: (id: string) => Promise<Record<string, unknown>>;
  output: () => string;
}

/** Starts `electron/web/serve.ts` as the user would, on a fresh temp library, and reads its URL. */
export async function startWebHost(
  libraryDir: string,
  settingsDir: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'electron/web/serve.ts'), '--library', libraryDir, '--settings', settingsDir],
    { cwd: repoRoot, env: { ...process.env, LANG: 'zh_CN.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`web host did not start:\n${log}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const match = /Masthead web host: (\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        ok(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`web host exited with ${code}:\n${log}`));
    });
  });
  return { child, url, output: () => log };
}

/**
 * Every page of the test closes first, then the host is stopped and waited for: nothing is
 * left asking a host that is gone (the console errors that made teardown flaky under load).
 */
export async function stopPagesThenHost(context: BrowserContext, child: ChildProcess): Promise<void> {
  await Promise.all(context.pages().map((p) => p.close()));
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((ok) => child.once('exit', ok));
  child.kill('SIGTERM');
  // A host that has not stopped within ten seconds is hung: it must not hold the test past its timeout.
  const hung = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(hung);
}

/** What the page reports as going wrong (uncaught errors, console errors), gathered as it runs. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  return problems;
}

export const test = base.extend<{ host: WebHostProcess; app: Page }>({
  // The host depends on the browser context so that it can close the test's pages before it stops.
  host: async ({ context }, use, testInfo) => {
    const dir = await mkdtemp(join(tmpdir(), 'masthead-e2e-'));
    const libraryDir = join(dir, 'library');
    const settingsDir = join(dir, 'settings');
    const { child, url, output } = await startWebHost(libraryDir, settingsDir);
    await use({
      url,
      libraryDir,
      settingsDir,
      output,
      readStory: async (id) => JSON.parse(await readFile(join(libraryDir, 'stories', `${id}.json`), 'utf8')),
    });
    await stopPagesThenHost(context, child);
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('web-host.log', { body: output() });
    await rm(dir, { recursive: true, force: true });
  },
  /** The app, loaded and ready; any page error or console error fails the test. */
  app: async ({ page, host }, use, testInfo) => {
    const problems = collectPageProblems(page);
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="true"]')).toBeAttached();
    await use(page);
    // The page stops before its host does: a page still polling a stopped host logs
    // net::ERR_CONNECTION_REFUSED, which is the teardown's doing, not the app's.
    await page.close();
    if (problems.length) await testInfo.attach('browser-errors', { body: problems.join('\n') });
    expect(problems, 'the page logged errors').toEqual([]);
  },
});

export { expect };
