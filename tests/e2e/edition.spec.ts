import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The sample library's stories (see library.spec.ts). */
const LIBRARY = '滨江图书馆今起免费开放';
const PORT = '上半年港口集装箱吞吐量同比增长百分之八';
const BRIDGE = 'Harbour bridge to close for six weekends of repairs';

const editionId = (page: Page): string => {
  const id = /#\/edition\/([^/?]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`no edition id in ${page.url()}`);
  return decodeURIComponent(id);
};

/** The engine's pages live in shadow roots; CSS locators pierce them, textContent does not. */
const pageText = async (page: Locator): Promise<string> =>
  (await page.locator('.mh-page').allTextContents()).join('\n');

const saved = (app: Page) => expect(app.locator('.edition-toolbar .save-indicator')).toHaveText('已保存');

const block = (app: Page, name: RegExp | string) => app.locator('.block-overlay').getByRole('button', { name });

test.describe('editions and page layout', () => {
  test('creates an edition, places stories, jumps an overset story and reorders its pages', async ({ app, host }) => {
    await app.locator('.app-header__nav').getByRole('link', { name: '版面' }).click();
    await expect(app.getByRole('heading', { name: '期次' })).toBeVisible();
    // The sample edition is listed with its date, publication and pages.
    await expect(app.getByRole('table', { name: '期次' })).toContainText('滨江日报 Binjiang Daily');

    await app.getByRole('button', { name: '新建期次' }).click();
    const dialog = app.getByRole('dialog', { name: '新建期次' });
    await dialog.getByLabel('报名').fill('滨江晚报');
    await dialog.getByLabel('出版日期').fill('2026-07-24');
    await dialog.getByLabel('期号').fill('501');
    await dialog.getByLabel('版式模板').selectOption('zh-broadsheet');
    await dialog.getByLabel('版数').fill('3');
    await dialog.getByLabel('版名').fill('要闻、经济、国际');
    await dialog.getByRole('button', { name: '创建期次' }).click();

    await expect(app.getByRole('heading', { name: /滨江晚报/ })).toBeVisible();
    const id = editionId(app);
    const cards = app.locator('.flatplan-page');
    await expect(cards).toHaveCount(3);
    await expect(cards.nth(0)).toContainText('要闻');
    await expect(cards.nth(2)).toContainText('国际');

    // Page 1: three stories from the side panel, one by drag and drop, two from the keyboard path.
    await app.getByRole('button', { name: '打开第1版（要闻）' }).click();
    const panel = app.locator('.story-panel');
    await expect(panel.getByText(LIBRARY)).toBeVisible();
    const paper = app.locator('.block-overlay');
    const box = (await paper.boundingBox())!;
    await panel
      .locator('.story-panel__item', { hasText: LIBRARY })
      .dragTo(paper, { targetPosition: { x: box.width * 0.06, y: box.height * 0.06 } });
    await expect(block(app, new RegExp(LIBRARY))).toBeVisible();
    await panel.getByLabel('按标题筛选').fill('港口');
    await panel.getByRole('button', { name: `将《${PORT}》放上本版` }).click();
    await panel.getByLabel('按标题筛选').fill('');
    await panel.getByRole('button', { name: `将《${BRIDGE}》放上本版` }).click();
    await expect(app.locator('.layout-block')).toHaveCount(3);
    // Every block shows what the engine measured.
    await expect(app.locator('.layout-block .fit-badge')).toHaveCount(3);
    const canvas = app.locator('.page-layout__canvas');
    await expect.poll(() => pageText(canvas)).toContain(PORT);
    await expect.poll(() => pageText(canvas)).toContain(BRIDGE);

    // Shrink the library story until it runs over: the badge and the inspector give the overset.
    await block(app, new RegExp(LIBRARY)).click();
    const inspector = app.locator('.inspector');
    await inspector.getByLabel('行数').fill('10');
    await expect(block(app, new RegExp(LIBRARY)).locator('.fit-badge')).toHaveText(/^超 \d+ 行（约删 \d+ 字）$/);
    const over = Number(/超 (\d+) 行/.exec((await inspector.locator('.fit-badge').textContent()) ?? '')?.[1]);
    expect(over).toBeGreaterThan(0);

    // Jump it to page 3: a continuation block, and the jump lines in both pages' text.
    await inspector.getByLabel('转至第几版…').selectOption({ label: '第3版 · 国际' });
    await inspector.getByRole('button', { name: '转版' }).click();
    await expect(app.getByRole('status').filter({ hasText: '稿件现转至第3版' })).toBeVisible();
    await expect.poll(() => pageText(canvas)).toContain('下转第3版');
    await expect(block(app, new RegExp(LIBRARY)).locator('.fit-badge')).toHaveText('排满，转版');
    await app.getByRole('button', { name: '下一版' }).click();
    await app.getByRole('button', { name: '下一版' }).click();
    await expect(app.locator('.edition-toolbar')).toContainText('第3版 · 国际');
    await expect.poll(() => pageText(app.locator('.page-layout__canvas'))).toContain('上接第1版');
    await expect(app.locator('.layout-block')).toHaveCount(1);

    // Undo takes the jump away, redo brings it back.
    await app.getByRole('button', { name: '撤销' }).click();
    await expect(app.locator('.layout-block')).toHaveCount(0);
    await app.getByRole('button', { name: '重做' }).click();
    await expect(app.locator('.layout-block')).toHaveCount(1);

    // The flatplan: move page 1 after page 2; the jump lines follow the new numbers.
    await app.getByRole('button', { name: '版面计划' }).click();
    await expect(cards).toHaveCount(3);
    await expect.poll(() => pageText(cards.nth(2))).toContain('上接第1版');
    await app.getByRole('button', { name: '第1版后移' }).click();
    await expect(cards.nth(0)).toContainText('经济');
    await expect(cards.nth(1)).toContainText('要闻');
    await expect(cards.nth(1).locator('.flatplan-page__number')).toHaveText('第2版');
    await expect.poll(() => pageText(cards.nth(1))).toContain('下转第3版');
    await expect.poll(() => pageText(cards.nth(2))).toContain('上接第2版');
    await expect.poll(() => pageText(cards.nth(2))).not.toContain('上接第1版');

    // Saved to the library with the pages in their new order.
    await saved(app);
    const file = JSON.parse(await readFile(join(host.libraryDir, 'editions', `${id}.json`), 'utf8')) as {
      pages: { number: number; section: string; placements: { storyId: string | null }[] }[];
    };
    expect(file.pages.map((p) => `${p.number}:${p.section}`)).toEqual(['1:经济', '2:要闻', '3:国际']);
    expect(file.pages[1]!.placements).toHaveLength(3);
    expect(file.pages[2]!.placements.map((p) => p.storyId)).toEqual(['sample-zh-riverside-library']);
    expect(file.pages[2]!.placements[0]).toMatchObject({ continuation: true });

    // Preflight lists the problems; a click opens the page with the block selected.
    const preflight = app.locator('.preflight');
    await expect(preflight).toContainText('签版检查');
    await preflight.locator('.preflight__item', { hasText: PORT }).first().click();
    await expect(app.locator('.edition-toolbar')).toContainText('第2版 · 要闻');
    await expect(block(app, new RegExp(PORT))).toHaveAttribute('aria-pressed', 'true');

    // Move the jump page before the page the story starts on: the headline stays where it is,
    // and the jump lines point the other way round (下转第2版 on page 3, 上接第3版 on page 2).
    await app.getByRole('button', { name: '版面计划' }).click();
    await app.getByRole('button', { name: '第3版前移' }).click();
    await expect(cards.nth(1)).toContainText('国际');
    await expect.poll(() => pageText(cards.nth(2))).toContain('下转第2版');
    await expect.poll(() => pageText(cards.nth(1))).toContain('上接第3版');
    await expect.poll(() => pageText(cards.nth(2))).toContain('滨江图书馆今起免费开放');
  });

  test('draws up a custom page template whose characters per line follow from its grid', async ({ app, host }) => {
    await app.goto(`${host.url}#/edition/sample-edition-2026-07-23`);
    const add = app.getByRole('form', { name: '添加版面' });
    await add.getByLabel('版式模板').selectOption('zh-broadsheet');
    await add.getByRole('button', { name: '自定义版式…' }).click();
    const dialog = app.getByRole('dialog', { name: '自定义版式' });
    await dialog.getByLabel('名称').fill('六栏专版');
    // Six columns on the broadsheet's 350 mm measure: (350 − 5 × 4) / 6 = 55 mm, 17 characters of 8.75 pt.
    await dialog.getByLabel('栏数').fill('6');
    await expect(dialog.getByRole('status')).toContainText('每栏每行 17 字');
    await dialog.getByLabel('行距（磅）').fill('6');
    await expect(dialog).toContainText('行距小于字号');
    await expect(dialog.getByRole('button', { name: '添加版式' })).toBeDisabled();
    await dialog.getByLabel('行距（磅）').fill('13');
    await dialog.getByRole('button', { name: '添加版式' }).click();
    await expect(add.getByLabel('版式模板')).toHaveValue(/^tpl-/);
    await add.getByLabel('版名').fill('专版');
    await add.getByRole('button', { name: '添加版面' }).click();
    await expect(app.locator('.flatplan-page')).toHaveCount(4);

    await expect(app.locator('.edition-toolbar .save-indicator')).toHaveText('已保存');
    const file = JSON.parse(
      await readFile(join(host.libraryDir, 'editions', 'sample-edition-2026-07-23.json'), 'utf8'),
    ) as {
      templates: { id: string; name: string; columns: number; charsPerLine: number }[];
      pages: { templateId: string; section: string }[];
    };
    const custom = file.templates.find((t) => t.name === '六栏专版')!;
    expect(custom).toMatchObject({ columns: 6, charsPerLine: 17 });
    expect(file.pages.at(-1)).toMatchObject({ templateId: custom.id, section: '专版' });
  });

  test('deletes an edition after confirmation', async ({ app }) => {
    await app.locator('.app-header__nav').getByRole('link', { name: '版面' }).click();
    const table = app.getByRole('table', { name: '期次' });
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await app.getByRole('button', { name: /^删除 2026-07-23 的/ }).click();
    const confirm = app.getByRole('dialog', { name: '删除这一期？' });
    await confirm.getByRole('button', { name: '取消' }).click();
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await app.getByRole('button', { name: /^删除 2026-07-23 的/ }).click();
    await confirm.getByRole('button', { name: '删除' }).click();
    await expect(app.getByText('还没有期次')).toBeVisible();
  });
});
