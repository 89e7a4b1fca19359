import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  type NewsroomServerProcess,
  type NewsroomServices,
  addNewsroomUser,
  startNewsroomServer,
  startNewsroomServices,
} from '../helpers/newsroom-services';
import { type Desk, checkDesks, hostCall, startDesk, stopDesks } from './live-desks';

/**
 * Live co-editing (issue 20), as two people see it: two Chromium pages on two web hosts (two
 * libraries, two machines' settings), each host synced with its own newsroom server process,
 * both processes on one PostgreSQL and Redis. The pages never talk to a server themselves:
 * each edits through its host's sync service.
 */

let services: NewsroomServices;
const servers: NewsroomServerProcess[] = [];
const desks: Desk[] = [];
let dir = '';

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

interface StoryJson {
  id: string;
  revision: number;
  body: { content?: { content?: { text?: string }[] }[] };
}

const bodyTextOf = (story: StoryJson): string =>
  (story.body.content ?? []).map((block) => (block.content ?? []).map((n) => n.text ?? '').join('')).join('\n');

const readStoryFile = async (desk: Desk, id: string): Promise<StoryJson> =>
  JSON.parse(await readFile(join(desk.libraryDir, 'stories', `${id}.json`), 'utf8')) as StoryJson;

/** A story written on the first desk, synced to the second, opened live on both pages. */
async function sharedStory(a: Desk, b: Desk, headline: string, text: string): Promise<string> {
  const created = await hostCall<StoryJson>(a, 'library:create-story', { language: 'zh-Hans', headline });
  await hostCall(a, 'library:save-story', {
    id: created.id,
    baseRevision: created.revision,
    changes: { body: { type: 'doc', content: [paragraph(text)] } },
  });
  await expect
    .poll(async () => hostCall<StoryJson>(b, 'newsroom:open-story', { id: created.id }).then(bodyTextOf, () => ''), {
      timeout: 15_000,
    })
    .toBe(text);
  for (const desk of [a, b]) {
    await desk.page.goto(`${desk.url}#/story/${created.id}`);
    await expectText(desk, text);
    await expect(desk.page.locator('.live-peers')).toBeVisible();
  }
  return created.id;
}

const body = (desk: Desk) => desk.page.getByRole('textbox', { name: '正文' });

/** The body's text as its reader sees it: others' carets (with their name labels) left out. */
const textOf = (desk: Desk) =>
  body(desk).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.live-caret')) caret.remove();
    return [...copy.querySelectorAll('p')].map((p) => p.textContent ?? '').join('\n');
  });

const expectText = (desk: Desk, text: string, timeout = 10_000) =>
  expect.poll(() => textOf(desk), { timeout }).toBe(text);

/** The caret to the end (or start) of the body's first paragraph. */
async function caretAt(desk: Desk, where: 'start' | 'end'): Promise<void> {
  await body(desk).locator('p').first().click();
  await desk.page.keyboard.press(where === 'end' ? 'End' : 'Home');
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  dir = await mkdtemp(join(tmpdir(), 'masthead-collab-e2e-'));
  services = await startNewsroomServices();
  for (let i = 0; i < 2; i++) {
    servers.push(await startNewsroomServer({ db: services.postgres.url, redis: services.redis.url }));
  }
  await addNewsroomUser(services.postgres.url, '李明', 'chief', 'li-password');
  await addNewsroomUser(services.postgres.url, 'Anna', 'chief', 'anna-password');
  desks.push(await startDesk(browser, dir, '李明', 'li-password', servers[0]!));
  desks.push(await startDesk(browser, dir, 'Anna', 'anna-password', servers[1]!));
});

test.afterAll(async () => {
  await stopDesks(desks);
  for (const server of servers) await server.stop().catch(() => undefined);
  await services?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// eslint-disable-next-line no-empty-pattern -- Playwright passes test info second, after the fixtures.
test.afterEach(async ({}, testInfo) => checkDesks(desks, testInfo));

test('both type into one paragraph at once: the same text on both pages and in both files, carets with names', async () => {
  const [li, anna] = desks as [Desk, Desk];
  const id = await sharedStory(li, anna, '地铁六号线今日开通', '地铁六号线今天上午正式开通运营。');
  await caretAt(li, 'end');
  await caretAt(anna, 'start');
  // Interleaved keystrokes: one from each page in turn.
  const liTyped = '沿线居民表示欢迎';
  const annaTyped = 'Metro: ';
  for (let i = 0; i < Math.max(liTyped.length, annaTyped.length); i++) {
    if (i < liTyped.length) await li.page.keyboard.type(liTyped[i]!);
    if (i < annaTyped.length) await anna.page.keyboard.type(annaTyped[i]!);
  }
  const expected = `Metro: 地铁六号线今天上午正式开通运营。${liTyped}`;
  await expectText(li, expected);
  await expectText(anna, expected);
  // Each sees the other's caret, named.
  await expect(li.page.locator('.live-caret__name', { hasText: 'Anna' })).toBeVisible();
  await expect(anna.page.locator('.live-caret__name', { hasText: '李明' })).toBeVisible();
  await expect(li.page.locator('.live-peers')).toContainText('Anna');
  await expect(anna.page.locator('.live-peers')).toContainText('李明');
  // Counting follows the other's typing: both count the whole merged text (15 + 8 Han characters).
  await expect(li.page.locator('.body-count__extra').first()).toHaveText('汉字 23 个');
  await expect(anna.page.locator('.body-count__extra').first()).toHaveText('汉字 23 个');
  for (const desk of [li, anna]) {
    await desk.page.screenshot({ path: test.info().outputPath(`collab-carets-zh-${desk.name}.png`) });
  }
  // On disk on both machines, once: search, layout and export read these files.
  for (const desk of [li, anna]) {
    await expect.poll(async () => bodyTextOf(await readStoryFile(desk, id)), { timeout: 15_000 }).toBe(expected);
  }
});

test("undo on one page takes back only that page's typing", async () => {
  const [li, anna] = desks as [Desk, Desk];
  await sharedStory(li, anna, '撤销只撤自己的', '原文。');
  await caretAt(li, 'end');
  await li.page.keyboard.type('李明写的');
  await expectText(anna, '原文。李明写的');
  // At once, while Li's typing is still being written back: a change arriving between Anna's
  // Home and her typing keeps her caret where Home put it (range-sync.ts; the unit test
  // live-range-sync.test.ts replays that moment exactly).
  await caretAt(anna, 'start');
  await anna.page.keyboard.type('Anna wrote ');
  await expectText(li, 'Anna wrote 原文。李明写的');
  // Li undoes: Anna's words stay, on both pages.
  for (let i = 0; i < 4; i++) await li.page.keyboard.press('Control+z');
  await expectText(li, 'Anna wrote 原文。');
  await expectText(anna, 'Anna wrote 原文。');
});

test('one desk offline types 200 characters; back online, both desks have every character', async () => {
  const [li, anna] = desks as [Desk, Desk];
  const id = await sharedStory(li, anna, '断网后合并', '开头。');
  // Anna's server goes away: her desk is offline, Li's is not.
  const port = anna.server.port;
  await anna.server.stop();
  const offline = 'x'.repeat(100) + '离线输入的两百个字符'.repeat(10);
  expect(offline).toHaveLength(200);
  await caretAt(anna, 'end');
  await anna.page.keyboard.type(offline, { delay: 2 });
  await caretAt(li, 'start');
  await li.page.keyboard.type('在线：');
  await expectText(anna, `开头。${offline}`);
  // Back: a server on the same address again.
  const restarted = await startNewsroomServer({ db: services.postgres.url, redis: services.redis.url, port });
  servers.push(restarted);
  anna.server = restarted;
  const merged = `在线：开头。${offline}`;
  await expectText(li, merged, 20_000);
  await expectText(anna, merged, 20_000);
  for (const desk of [li, anna]) {
    await expect
      .poll(async () => bodyTextOf(await readStoryFile(desk, id)), { timeout: 15_000, message: `${desk.name}'s file` })
      .toBe(merged);
  }
});

test('the flatplan shows who has which page open', async () => {
  const [li, anna] = desks as [Desk, Desk];
  // Both libraries start from the same sample edition, so its pages have the same ids on both desks.
  const editions = await hostCall<{ id: string }[]>(li, 'library:list-editions');
  const edition = await hostCall<{ id: string; pages: { id: string }[] }>(li, 'library:get-edition', {
    id: editions[0]!.id,
  });
  const second = edition.pages[1]!;
  await anna.page.goto(`${anna.url}#/edition/${edition.id}/page/${second.id}`);
  await li.page.goto(`${li.url}#/edition/${edition.id}`);
  const card = li.page.locator(`.flatplan-page[data-page-id="${second.id}"]`);
  await expect(card.locator('.flatplan-page__presence')).toHaveText('Anna 正在编排', { timeout: 15_000 });
  // Only that page: the first shows nobody.
  await expect(
    li.page.locator(`.flatplan-page[data-page-id="${edition.pages[0]!.id}"] .flatplan-page__presence`),
  ).toHaveCount(0);
  await li.page.screenshot({ path: test.info().outputPath('collab-flatplan-presence.png') });
  // Anna goes back to the flatplan: her name leaves the page.
  await anna.page.goto(`${anna.url}#/edition/${edition.id}`);
  await expect(card.locator('.flatplan-page__presence')).toHaveCount(0, { timeout: 15_000 });
});

test("a block someone is working on is marked with their name on the other's page, and the other cannot move it", async () => {
  const [li, anna] = desks as [Desk, Desk];
  const editions = await hostCall<{ id: string }[]>(li, 'library:list-editions');
  type Laid = { id: string; pages: { id: string; placements: { id: string; column: number; line: number }[] }[] };
  const edition = await hostCall<Laid>(li, 'library:get-edition', { id: editions[0]!.id });
  const page = edition.pages.find((p) => p.placements.length > 0)!;
  const placement = page.placements[0]!;
  const pageUrl = (desk: Desk) => `${desk.url}#/edition/${edition.id}/page/${page.id}`;
  const blockOn = (desk: Desk) => desk.page.locator(`.layout-block[data-block-id="${placement.id}"]`);

  // Anna selects the block on her page.
  await anna.page.goto(pageUrl(anna));
  await blockOn(anna).click();
  await expect(blockOn(anna)).toHaveAttribute('aria-pressed', 'true');
  // Li opens the same page: the block carries Anna's name, in its label for a screen reader too.
  await li.page.goto(pageUrl(li));
  const block = blockOn(li);
  await expect(block.locator('.layout-block__holder')).toHaveText('Anna', { timeout: 15_000 });
  await expect(block).toHaveAttribute('aria-label', /Anna 正在编辑此块/);
  await expect(li.page.locator('.layout-block__holder')).toHaveCount(1);
  await li.page.screenshot({ path: test.info().outputPath('collab-block-presence.png') });

  // Li drags it: refused before it starts, naming Anna; the block stays where it was.
  const before = await block.boundingBox();
  await li.page.mouse.move(before!.x + before!.width / 2, before!.y + before!.height / 2);
  await li.page.mouse.down();
  await li.page.mouse.move(before!.x + before!.width / 2 + 120, before!.y + before!.height / 2 + 80, { steps: 6 });
  await li.page.mouse.up();
  const notice = li.page.locator('.page-layout__notice');
  await expect(notice).toHaveText('Anna 正在编辑此块，对方松开前不能移动或修改');
  expect(await block.boundingBox()).toEqual(before);

  // With the keyboard: the same.
  await block.focus();
  await li.page.keyboard.press('ArrowRight');
  await li.page.keyboard.press('ArrowDown');
  expect(await block.boundingBox()).toEqual(before);
  const saved = await hostCall<Laid>(li, 'library:get-edition', { id: edition.id });
  const kept = saved.pages.find((p) => p.id === page.id)!.placements.find((p) => p.id === placement.id)!;
  expect({ column: kept.column, line: kept.line }).toEqual({ column: placement.column, line: placement.line });

  // Anna lets go: her name leaves the block and Li may move it.
  await blockOn(anna).press('Escape');
  await expect(block.locator('.layout-block__holder')).toHaveCount(0, { timeout: 15_000 });
  await block.focus();
  await li.page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await block.boundingBox())!.y).toBeGreaterThan(before!.y);
  await anna.page.goto(`${anna.url}#/edition/${edition.id}`);
});
