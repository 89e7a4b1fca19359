import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, type TestInfo, expect } from '@playwright/test';
import type { NewsroomServerProcess } from '../helpers/newsroom-services';
import { collectPageProblems, startWebHost, stopPagesThenHost } from './fixtures';

/**
 * Desks for the live co-editing specs (collab.spec.ts, collab-editions.spec.ts): each is a web
 * host with its own library and settings, signed in to a newsroom server through its API (the
 * sign-in dialog has its own spec, newsroom.spec.ts), with a Chromium page open on it whose
 * errors are collected.
 */
export interface Desk {
  name: string;
  url: string;
  libraryDir: string;
  child: ChildProcess;
  context: BrowserContext;
  page: Page;
  server: NewsroomServerProcess;
  problems: string[];
  output: () => string;
}

/** A call to a web host's API, as the renderer makes it. */
export async function hostCall<T>(desk: Pick<Desk, 'url'>, channel: string, input?: unknown): Promise<T> {
  const url = new URL(desk.url);
  const token = url.searchParams.get('token') ?? '';
  const response = await fetch(`${url.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-masthead-token': token },
    body: JSON.stringify({ input }),
  });
  const envelope = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.message}`);
  return envelope.value as T;
}

/** A desk under `dir/<name>`, signed in as `name`, its page open and ready. */
export async function startDesk(
  browser: Browser,
  dir: string,
  name: string,
  password: string,
  server: NewsroomServerProcess,
): Promise<Desk> {
  const libraryDir = join(dir, name, 'library');
  const { child, url, output } = await startWebHost(libraryDir, join(dir, name, 'settings'));
  await hostCall({ url }, 'settings:update', { authorName: name });
  await hostCall({ url }, 'newsroom:connect', { servers: [server.httpUrl], user: name, password });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await page.goto(url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  return { name, url, libraryDir, child, context, page, server, problems, output };
}

/** Pages closed first (their last changes sent), then each host stopped. */
export async function stopDesks(desks: readonly Desk[]): Promise<void> {
  for (const desk of desks) await stopPagesThenHost(desk.context, desk.child).catch(() => undefined);
}

/** After each test: the hosts' logs when it failed, and no page may have logged an error. */
export async function checkDesks(desks: readonly Desk[], testInfo: TestInfo): Promise<void> {
  if (testInfo.status !== testInfo.expectedStatus) {
    for (const desk of desks) await testInfo.attach(`web-host-${desk.name}.log`, { body: desk.output() });
  }
  for (const desk of desks) expect(desk.problems, `${desk.name}'s page logged errors`).toEqual([]);
}
