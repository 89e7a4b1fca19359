import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page, test as base, expect } from '@playwright/test';
import { Library } from '../../electron/store/library';
import { generateStories } from '../bench/generate';
import { collectPageProblems, repoRoot, stopPagesThenHost } from './fixtures';

/** A library of 3,000 generated stories (Chinese and English), written before the host starts. */
const COUNT = 3000;
const stories = generateStories(COUNT, 3);
// The list is sorted newest change first: the story changed longest ago is the last row.
const newest = stories[COUNT - 1]!;
const oldest = stories[0]!;

async function startHost(libraryDir: string, settingsDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'electron/web/serve.ts'), '--library', libraryDir, '--settings', settingsDir],
    { cwd: repoRoot, env: { ...process.env, LANG: 'zh_CN.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`web host did not start:\n${log}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const match = /Masthead web host: (\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        ok(match[1]!);
      }
    });
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`web host exited with ${code}:\n${log}`));
    });
  });
  return { child, url };
}

/** Like the shared fixture's `app`, on a big library: any page error or console error fails the test. */
const test = base.extend<{ app: Page }>({
  app: async ({ page, context }, use, testInfo) => {
    const dir = await mkdtemp(join(tmpdir(), 'masthead-e2e-scale-'));
    const libraryDir = join(dir, 'library');
    await Library.open(libraryDir);
    await mkdir(join(libraryDir, 'stories'), { recursive: true });
    await Promise.all(stories.map((s) => writeFile(join(libraryDir, 'stories', `${s.id}.json`), JSON.stringify(s))));
    await rm(join(libraryDir, 'index'), { recursive: true });
    const { child, url } = await startHost(libraryDir, join(dir, 'settings'));
    const problems = collectPageProblems(page);
    await page.goto(url);
    await expect(page.locator('body[data-ready="true"]')).toBeAttached();
    await use(page);
    await stopPagesThenHost(context, child);
    await rm(dir, { recursive: true, force: true });
    if (problems.length) await testInfo.attach('browser-errors', { body: problems.join('\n') });
    expect(problems, 'the page logged errors').toEqual([]);
  },
});

test('lists 3,000 stories in a windowed table, scrolls to the last by keyboard and wheel, and opens it', async ({
  app,
}) => {
  const table = app.getByRole('table', { name: '稿件' });
  await expect(app.getByText(/^共 3,?000 篇$/)).toBeVisible();
  await expect(table).toHaveAttribute('aria-rowcount', String(COUNT + 1));
  const rows = table.locator('tbody tr');
  await expect(table.getByRole('link', { name: newest.headline })).toBeVisible();
  expect(await rows.count()).toBeLessThan(80);

  // The mouse wheel: new rows come into the DOM, the first ones leave it.
  const scroller = app.locator('.story-table__scroller');
  await scroller.hover();
  for (let i = 0; i < 10; i++) await app.mouse.wheel(0, 2000);
  await expect(table.getByRole('link', { name: newest.headline })).toHaveCount(0);
  const firstShown = Number(await rows.first().getAttribute('aria-rowindex'));
  expect(firstShown).toBeGreaterThan(100);
  expect(await rows.count()).toBeLessThan(80);

  // The keyboard: from a headline link, End goes to the last story, Home back to the first.
  await rows.nth(10).getByRole('link').focus();
  await app.keyboard.press('End');
  const last = table.getByRole('link', { name: oldest.headline });
  await expect(last).toBeFocused();
  await expect(last).toBeInViewport();
  await expect(table.locator(`tbody tr[aria-rowindex="${COUNT + 1}"]`)).toContainText(oldest.headline);
  await app.keyboard.press('Home');
  await expect(table.getByRole('link', { name: newest.headline })).toBeFocused();
  await app.keyboard.press('ArrowDown');
  await expect(table.locator('tbody tr[aria-rowindex="3"] a')).toBeFocused();
  await app.keyboard.press('End');
  await expect(last).toBeFocused();

  await app.keyboard.press('Enter');
  await expect(app.getByLabel('主题')).toHaveValue(oldest.headline);
});
