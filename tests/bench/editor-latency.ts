import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { bodyText, countText } from '../../shared/text/count';
import { type Figure, median, percentile, round } from './figures';
import { chineseStoryBody } from './generate';
import { BENCH_TOKEN, startBenchHost } from './bench-host';
import { installKeystrokeProbe, keystrokeSamples, typeKeys } from './keystroke-probe';

/**
 * Keystroke-to-paint latency while typing in a 30,000-character Chinese story, in the real
 * renderer (built, served by the web host, in Chromium) with everything that runs on a
 * keystroke: counts, copyfit, tag suggestions, draft journal, autosave. Baseline in the same
 * run and browser: a plain <textarea> holding the same text, the floor a browser gives.
 *
 * Latency of one keystroke: from the keydown event's timestamp to the first task after the
 * next animation frame, i.e. just after the frame that shows the character was produced.
 * Keys come one at a time, 120 ms apart (a fast typist), each measured alone.
 *
 * MASTHEAD_BENCH_NO_BUILD=1 skips the renderer build (when `out/renderer` is fresh).
 */

const repoRoot = resolve(import.meta.dirname, '../..');
const TARGET_CHARS = 30_000;
const KEYSTROKES = 200;
const WARM_UP = 20;
const KEY_INTERVAL_MS = 120;

async function typeAndMeasure(page: Page): Promise<number[]> {
  await installKeystrokeProbe(page);
  await typeKeys(page, WARM_UP + KEYSTROKES, true, KEY_INTERVAL_MS);
  return (await keystrokeSamples(page)).latency.slice(WARM_UP);
}

function buildRenderer(): void {
  if (process.env.MASTHEAD_BENCH_NO_BUILD === '1') return;
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`renderer build failed:\n${built.stdout}\n${built.stderr}`);
}

export async function editorLatencyBench(): Promise<Figure[]> {
  buildRenderer();
  const root = await mkdtemp(join(tmpdir(), 'masthead-latency-'));
  const bench = await startBenchHost(root, join(root, 'library'), join(repoRoot, 'out', 'renderer'));
  const { host } = bench;
  const token = BENCH_TOKEN;
  const browser = await launchChromium();
  try {
    // The story goes in through the real contract, as the app would save it.
    const call = async <T>(channel: string, input: unknown): Promise<T> => {
      const response = await fetch(`${host.url}api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-masthead-token': token },
        body: JSON.stringify({ input }),
      });
      const reply = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
      if (!reply.ok || reply.value === undefined) throw new Error(`${channel} failed: ${JSON.stringify(reply)}`);
      return reply.value;
    };
    const body = chineseStoryBody(TARGET_CHARS);
    const created = await call<{ id: string; revision: number }>('library:create-story', {
      language: 'zh-Hans',
      headline: '长稿打字延迟测试',
    });
    await call('library:save-story', { id: created.id, baseRevision: created.revision, changes: { body } });
    const text = bodyText(body);
    const characters = countText(text).characters;

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${host.url}?token=${token}#/story/${encodeURIComponent(created.id)}`);
    await page.locator('body[data-ready="true"]').waitFor();
    const paragraphs = page.locator('.story-body p');
    await paragraphs.first().waitFor();
    // Typing in the middle of the story: the text after the caret reflows, as it would.
    const middle = paragraphs.nth(Math.floor((await paragraphs.count()) / 2));
    await middle.scrollIntoViewIfNeeded();
    await middle.click();
    const app = await typeAndMeasure(page);

    const plain = await context.newPage();
    await plain.setContent('<!doctype html><html lang="zh-CN"><body><textarea id="t"></textarea></body></html>');
    await plain.evaluate((value) => {
      const area = document.getElementById('t') as HTMLTextAreaElement;
      Object.assign(area.style, { width: '900px', height: '700px', font: '18px serif', lineHeight: '1.9' });
      area.value = value;
    }, text);
    // Clicked like the story's paragraph, so the pointer rests over the text in both pages (the
    // browser hit-tests under it after each layout), then the caret goes to the middle.
    await plain.locator('#t').click();
    await plain.evaluate(() => {
      const area = document.getElementById('t') as HTMLTextAreaElement;
      const middle = Math.floor(area.value.length / 2);
      area.setSelectionRange(middle, middle);
    });
    const baseline = await typeAndMeasure(plain);
    await context.close();

    const name = (what: string) =>
      `keystroke to paint, ${characters.toLocaleString('en')}-character Chinese story (${what} of ${KEYSTROKES})`;
    const base = 'plain <textarea>, same text and browser';
    return [
      {
        name: name('median'),
        value: round(median(app)),
        unit: 'ms',
        baseline: base,
        baselineValue: round(median(baseline)),
      },
      {
        name: name('p95'),
        value: round(percentile(app, 95)),
        unit: 'ms',
        baseline: base,
        baselineValue: round(percentile(baseline, 95)),
      },
    ];
  } finally {
    await browser.close();
    await bench.close();
    await rm(root, { recursive: true, force: true });
  }
}
