import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import {
  type NewsroomServerProcess,
  type NewsroomServices,
  addNewsroomUser,
  startNewsroomServer,
  startNewsroomServices,
} from '../helpers/newsroom-services';
import type { StoryBody } from '../../shared/model';
import { countText } from '../../shared/text/count';
import { type BenchHost, BENCH_TOKEN, startBenchHost } from './bench-host';
import { type Figure, median, percentile, round } from './figures';
import { chineseStoryBody } from './generate';
import { installKeystrokeProbe, keystrokeSamples, typeKeys } from './keystroke-probe';

/**
 * Live co-editing (issue 20) in the real renderer (built, served by the web host, in Chromium):
 *
 * - keystroke to paint with the story live (bound to its Yjs document, every keystroke pushed
 *   to the desk's sync service and on to a real newsroom server), alone and while a second
 *   desk types into another paragraph of the same story; baseline in the same run: the same
 *   story in the editor of a desk without a newsroom (JSON saves, as before);
 * - the same with another baseline: the editor without a newsroom typed into while the
 *   second desk goes on typing (two browser windows and their desks sharing the machine);
 * - a keystroke on one desk until it is on the other desk's page (through both desks' sync
 *   services and the server); baseline: the same desks' keystroke to paint on their own page.
 *
 * Latency of one keystroke as in editor-latency.ts (keystroke-probe.ts): from keydown to the
 * first task after the frame that shows it. MASTHEAD_BENCH_NO_BUILD=1 skips the renderer build.
 */

const repoRoot = resolve(import.meta.dirname, '../..');
const TARGET_CHARS = 10_000;
const KEYSTROKES = 100;
const WARM_UP = 10;
const KEY_INTERVAL_MS = 120;

/** On the watching page: the wall time at which paragraph `index` first reached each length. */
const watchParagraph = (page: Page, index: number) =>
  page.evaluate((n) => {
    const w = window as unknown as { __seenAt: Record<number, number> };
    w.__seenAt = {};
    const paragraph = document.querySelectorAll('.story-body p')[n]!;
    // Others' carets carry their names as text: counted out. (No named helper here: the
    // bench runs through tsx, whose helper for function names does not exist in the page.)
    let length = [...paragraph.querySelectorAll('.live-caret')].reduce(
      (sum, caret) => sum - (caret.textContent ?? '').length,
      (paragraph.textContent ?? '').length,
    );
    new MutationObserver(() => {
      const now = performance.timeOrigin + performance.now();
      const next = [...paragraph.querySelectorAll('.live-caret')].reduce(
        (sum, caret) => sum - (caret.textContent ?? '').length,
        (paragraph.textContent ?? '').length,
      );
      for (let l = length + 1; l <= next; l++) w.__seenAt[l] ??= now;
      length = Math.max(length, next);
    }).observe(paragraph, { childList: true, subtree: true, characterData: true });
    return length;
  }, index);

function buildRenderer(): void {
  if (process.env.MASTHEAD_BENCH_NO_BUILD === '1') return;
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`renderer build failed:\n${built.stdout}\n${built.stderr}`);
}

const call = async <T>(bench: BenchHost, channel: string, input?: unknown): Promise<T> => {
  const response = await fetch(`${bench.host.url}api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-masthead-token': BENCH_TOKEN },
    body: JSON.stringify({ input }),
  });
  const reply = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!reply.ok) throw new Error(`${channel} failed: ${JSON.stringify(reply)}`);
  return reply.value as T;
};

async function openStory(context: BrowserContext, bench: BenchHost, id: string, live: boolean): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${bench.host.url}?token=${BENCH_TOKEN}#/story/${encodeURIComponent(id)}`);
  await page.locator('body[data-ready="true"]').waitFor();
  await page.locator('.story-body p').first().waitFor();
  if (live) await page.locator('.live-peers').waitFor();
  return page;
}

/** The caret to the end of paragraph `index`. */
async function caretInto(page: Page, index: number): Promise<void> {
  const paragraph = page.locator('.story-body p').nth(index);
  await paragraph.scrollIntoViewIfNeeded();
  await paragraph.click();
  await page.keyboard.press('End');
}

export async function collabBench(): Promise<Figure[]> {
  buildRenderer();
  const root = await mkdtemp(join(tmpdir(), 'masthead-collab-bench-'));
  const staticDir = join(repoRoot, 'out', 'renderer');
  let services: NewsroomServices | null = null;
  let server: NewsroomServerProcess | null = null;
  const hosts: BenchHost[] = [];
  const browser = await launchChromium();
  try {
    services = await startNewsroomServices();
    server = await startNewsroomServer({ db: services.postgres.url });
    await addNewsroomUser(services.postgres.url, 'ann', 'editor', 'ann-password');
    await addNewsroomUser(services.postgres.url, 'bob', 'editor', 'bob-password');
    const [single, ann, bob] = await Promise.all(
      ['single', 'ann', 'bob'].map((name) => startBenchHost(join(root, name), join(root, name, 'library'), staticDir)),
    );
    hosts.push(single!, ann!, bob!);
    for (const [desk, name] of [
      [ann!, 'ann'],
      [bob!, 'bob'],
    ] as const) {
      await desk.workspace.newsroom.connect({ servers: [server.httpUrl], user: name, password: `${name}-password` });
    }

    // The same story on the desk without a newsroom and on ann's (synced to bob's).
    const body = chineseStoryBody(TARGET_CHARS);
    const characters = countText(body.content!.map((p) => p.content?.[0]?.text ?? '').join('\n')).characters;
    const ids: Record<string, string> = {};
    for (const [name, desk] of [
      ['single', single!],
      ['ann', ann!],
    ] as const) {
      const created = await call<{ id: string; revision: number }>(desk, 'library:create-story', {
        language: 'zh-Hans',
        headline: '协同编辑延迟测试',
      });
      await call(desk, 'library:save-story', { id: created.id, baseRevision: created.revision, changes: { body } });
      ids[name] = created.id;
    }
    await ann!.workspace.newsroom.sync();
    for (let tries = 0; ; tries++) {
      const story = await call<{ body: StoryBody }>(bob!, 'newsroom:open-story', { id: ids.ann }).catch(() => null);
      if (story && story.body.content?.length === body.content!.length) break;
      if (tries > 100) throw new Error('the story did not reach the second desk');
      await new Promise((r) => setTimeout(r, 100));
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const middle = Math.floor(body.content!.length / 2);

    // Baseline: the editor without a newsroom.
    const plainPage = await openStory(context, single!, ids.single!, false);
    await caretInto(plainPage, middle);
    await installKeystrokeProbe(plainPage);
    await typeKeys(plainPage, WARM_UP + KEYSTROKES, true, KEY_INTERVAL_MS);
    const plain = (await keystrokeSamples(plainPage)).latency.slice(WARM_UP);
    await plainPage.close();

    // Live, alone (bob's page open and watching ann's paragraph, not typing).
    const bobContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const annPage = await openStory(context, ann!, ids.ann!, true);
    const bobPage = await openStory(bobContext, bob!, ids.ann!, true);
    await caretInto(annPage, middle);
    const startLength = await watchParagraph(bobPage, middle);
    await installKeystrokeProbe(annPage);
    await typeKeys(annPage, WARM_UP + KEYSTROKES, true, KEY_INTERVAL_MS);
    const alone = await keystrokeSamples(annPage);
    // Each of ann's keystrokes: until it showed on bob's page.
    await bobPage.waitForFunction(
      (n) => Object.keys((window as unknown as { __seenAt: Record<number, number> }).__seenAt).length >= n,
      WARM_UP + KEYSTROKES,
      { timeout: 30_000 },
    );
    const seenAt = await bobPage.evaluate(() => (window as unknown as { __seenAt: Record<number, number> }).__seenAt);
    const remote = alone.keyAt.map((at, i) => seenAt[startLength + i + 1]! - at).slice(WARM_UP);
    const annLatency = alone.latency.slice(WARM_UP);

    // Live, with bob typing into another paragraph of the same story at the same time.
    await caretInto(bobPage, middle + 2);
    await caretInto(annPage, middle);
    await installKeystrokeProbe(annPage);
    const bobTyping = typeKeys(bobPage, WARM_UP + KEYSTROKES + 10, false, KEY_INTERVAL_MS);
    await typeKeys(annPage, WARM_UP + KEYSTROKES, true, KEY_INTERVAL_MS);
    await bobTyping;
    const together = (await keystrokeSamples(annPage)).latency.slice(WARM_UP);

    // The same two desks on one machine without co-editing: bob goes on typing into the live
    // story while the editor without a newsroom is typed into (ann's live page closed). What
    // sharing two cores with another typing window and its desk costs, apart from co-editing.
    await annPage.close();
    const plainAgain = await openStory(context, single!, ids.single!, false);
    await caretInto(plainAgain, middle);
    await installKeystrokeProbe(plainAgain);
    const bobTypingOn = typeKeys(bobPage, WARM_UP + KEYSTROKES + 10, false, KEY_INTERVAL_MS);
    await typeKeys(plainAgain, WARM_UP + KEYSTROKES, true, KEY_INTERVAL_MS);
    await bobTypingOn;
    const plainBesideTyping = (await keystrokeSamples(plainAgain)).latency.slice(WARM_UP);
    await bobContext.close();
    await context.close();

    const name = (what: string, stat: string) =>
      `${what}, ${characters.toLocaleString('en')}-character Chinese story (${stat} of ${KEYSTROKES})`;
    const withoutNewsroom = 'the editor without a newsroom (JSON saves), same story and browser';
    return [
      {
        name: name('keystroke to paint, live alone', 'median'),
        value: round(median(annLatency)),
        unit: 'ms',
        baseline: withoutNewsroom,
        baselineValue: round(median(plain)),
      },
      {
        name: name('keystroke to paint, live alone', 'p95'),
        value: round(percentile(annLatency, 95)),
        unit: 'ms',
        baseline: withoutNewsroom,
        baselineValue: round(percentile(plain, 95)),
      },
      {
        name: name('keystroke to paint, live, another desk typing', 'median'),
        value: round(median(together)),
        unit: 'ms',
        baseline: withoutNewsroom,
        baselineValue: round(median(plain)),
      },
      {
        name: name('keystroke to paint, live, another desk typing', 'p95'),
        value: round(percentile(together, 95)),
        unit: 'ms',
        baseline: withoutNewsroom,
        baselineValue: round(percentile(plain, 95)),
      },
      {
        name: name('keystroke to paint, live, another desk typing, against the same load', 'median'),
        value: round(median(together)),
        unit: 'ms',
        baseline: 'the editor without a newsroom while the other desk types on the same machine',
        baselineValue: round(median(plainBesideTyping)),
      },
      {
        name: name('keystroke to paint, live, another desk typing, against the same load', 'p95'),
        value: round(percentile(together, 95)),
        unit: 'ms',
        baseline: 'the editor without a newsroom while the other desk types on the same machine',
        baselineValue: round(percentile(plainBesideTyping, 95)),
      },
      {
        name: name("keystroke on one desk to paint on the other's page", 'p95'),
        value: round(percentile(remote, 95)),
        unit: 'ms',
        baseline: "the typing desk's own keystroke to paint (p95)",
        baselineValue: round(percentile(annLatency, 95)),
      },
      {
        name: name("keystroke on one desk to paint on the other's page", 'median'),
        value: round(median(remote)),
        unit: 'ms',
        baseline: "the typing desk's own keystroke to paint (median)",
        baselineValue: round(median(annLatency)),
      },
    ];
  } finally {
    await browser.close();
    for (const host of hosts) await host.close().catch(() => undefined);
    await server?.stop();
    await services?.stop();
    await rm(root, { recursive: true, force: true });
  }
}
