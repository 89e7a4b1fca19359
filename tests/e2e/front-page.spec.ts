import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';

/** A masthead's name as artwork, 4:1: the name in a bold serif over a thin rule, in black. */
const NAME_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100">
  <text x="2" y="80" font-family="Noto Serif CJK SC" font-weight="bold" font-size="88" fill="#000">滨江日报</text>
  <rect x="2" y="92" width="352" height="3" fill="#000"/>
</svg>`;

const PORT = '上半年港口集装箱吞吐量同比增长百分之八';

const SHOTS = process.env.MASTHEAD_SHOTS;

test.describe('front page template', () => {
  test('saves the masthead artwork, 花线 and print settings, and draws them on the page', async ({
    app,
    host,
  }, info) => {
    const files = join(info.outputDir, 'files');
    await mkdir(files, { recursive: true });
    await writeFile(join(files, 'name.svg'), NAME_SVG);
    await writeFile(join(files, 'scripted.svg'), NAME_SVG.replace('</svg>', '<script>alert(1)</script></svg>'));

    await app.goto(`${host.url}#/edition/sample-edition-2026-07-23`);
    const add = app.getByRole('form', { name: '添加版面' });
    await add.getByLabel('版式模板').selectOption('zh-broadsheet-front');
    await add.getByRole('button', { name: '自定义版式…' }).click();
    const dialog = app.getByRole('dialog', { name: '自定义版式' });
    await dialog.getByLabel('名称').fill('头版·图片报头');
    const save = dialog.getByRole('button', { name: '添加版式' });

    // Print: the front template's 3 mm bleed, and a bleed out of range is said and refused.
    await expect(dialog.getByLabel('出血（毫米）')).toHaveValue('3');
    await dialog.getByLabel('出血（毫米）').fill('25');
    await expect(dialog).toContainText('出血须在 0 至 20 毫米之间。');
    await expect(save).toBeDisabled();
    await dialog.getByLabel('出血（毫米）').fill('5');
    await expect(dialog.getByLabel(/标点悬挂/)).toBeChecked();

    // Rules: 栏线 on (the front template's), as a wavy 花线 of 0.75 pt.
    await expect(dialog.getByLabel('稿件之间画栏线')).toBeChecked();
    await dialog.getByLabel('线型').selectOption({ label: '花线（波浪线）' });
    await dialog.getByLabel('线粗（磅）').fill('9');
    await expect(dialog).toContainText('线粗须在 0.1 至 4 磅之间。');
    await expect(save).toBeDisabled();
    await dialog.getByLabel('线粗（磅）').fill('0.75');

    // Front page: the masthead area with weekday, lunar date, and the name as artwork.
    await expect(dialog.getByLabel('头版（含报头区）')).toBeChecked();
    await expect(dialog.getByLabel('星期')).toBeChecked();
    await expect(dialog.getByLabel('农历日期')).toBeChecked();
    await dialog.getByLabel('星期').uncheck();
    const artwork = dialog.getByLabel('报名图片（SVG、PNG 或 JPEG）');
    await artwork.setInputFiles(join(files, 'scripted.svg'));
    await expect(dialog.getByRole('alert')).toHaveText('scripted.svg 含有脚本或事件处理，请重新导出为纯图稿。');
    await artwork.setInputFiles(join(files, 'name.svg'));
    await expect(dialog.getByRole('img', { name: '报头图片' })).toBeVisible();
    await expect(dialog).toContainText('报头图片 400 × 100');
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    // The top margin is where the masthead area is: too shallow a margin is said.
    await dialog.getByLabel('上', { exact: true }).fill('30');
    await expect(dialog).toContainText('报头区需要至少 40 毫米的上边距。');
    await dialog.getByLabel('上', { exact: true }).fill('80');
    await expect(save).toBeEnabled();
    if (SHOTS) await dialog.screenshot({ path: join(SHOTS, 'template-dialog.png') });
    await save.click();
    await expect(add.getByLabel('版式模板')).toHaveValue(/^tpl-/);
    const templateId = await add.getByLabel('版式模板').inputValue();

    // Page 1 takes it.
    await app.getByLabel('第1版的版式模板').selectOption(templateId);
    await expect(app.locator('.edition-toolbar .save-indicator')).toHaveText('已保存');
    const file = JSON.parse(
      await readFile(join(host.libraryDir, 'editions', 'sample-edition-2026-07-23.json'), 'utf8'),
    ) as { templates: Record<string, unknown>[]; pages: { templateId: string }[] };
    const saved = file.templates.find((t) => t.id === templateId)!;
    expect(saved).toMatchObject({
      name: '头版·图片报头',
      bleedMm: 5,
      hangingPunctuation: true,
      columnRules: true,
      ruleStyle: 'wave',
      ruleWeightPt: 0.75,
      masthead: { lunarDate: true, weekday: false, artwork: { width: 400, height: 100 } },
    });
    expect(file.pages[0]!.templateId).toBe(templateId);
    // The artwork is in the library's assets by its hash, as photos are.
    const asset = (saved.masthead as { artwork: { asset: string } }).artwork.asset;
    expect(asset).toMatch(/^[0-9a-f]{64}\.svg$/);
    expect((await stat(join(host.libraryDir, 'assets', asset))).size).toBe(Buffer.byteLength(NAME_SVG));

    // On the page: the artwork in the masthead area, loaded; the wavy rules between stories.
    await app.getByRole('button', { name: '打开第1版（要闻）' }).click();
    const page = app.locator('.page-layout .mh-page').first();
    const image = page.locator('image.mh-masthead-artwork');
    await expect(image).toHaveCount(1);
    await expect(page.locator('.mh-masthead-fallback')).toHaveAttribute('display', 'none');
    // A second story beside the lead (columns 1–4): a wavy rule in the gutter between them.
    const panel = app.locator('.story-panel');
    const paper = app.locator('.block-overlay');
    const sheet = (await paper.boundingBox())!;
    await panel
      .locator('.story-panel__item', { hasText: PORT })
      .dragTo(paper, { targetPosition: { x: sheet.width * 0.52, y: sheet.height * 0.16 } });
    await expect(page.locator('.mh-rule--wave').first()).toBeAttached();
    const box = (await image.boundingBox())!;
    expect(box.width / box.height).toBeGreaterThan(1);
    if (SHOTS) await app.screenshot({ path: join(SHOTS, 'front-layout.png') });

    // The artwork's file damaged (it will not draw): the name is set in type instead.
    await expect(app.locator('.edition-toolbar .save-indicator')).toHaveText('已保存');
    await app.route(/\.svg(\?|$)/, (route) =>
      route.fulfill({ status: 200, contentType: 'image/svg+xml', body: 'not an svg at all' }),
    );
    await app.reload();
    await expect(page.locator('.mh-masthead-fallback')).toBeVisible();
    await expect(page.locator('.mh-masthead-fallback')).toContainText('滨江日报');
    await expect(image).toHaveCount(0);
    await expect(app.locator('.page-layout__notice')).toHaveText(
      '报头图片无法显示（文件缺失或损坏），已改用排字报名。',
    );

    // The edition's own template edited in place: its settings come back, the artwork is taken
    // off and the rules made dot-dash; it keeps its id, so page 1 follows.
    await app.getByRole('button', { name: '版面计划' }).click();
    await add.getByLabel('版式模板').selectOption(templateId);
    await add.getByRole('button', { name: '编辑版式…' }).click();
    const edit = app.getByRole('dialog', { name: '编辑版式' });
    await expect(edit.getByLabel('名称')).toHaveValue('头版·图片报头');
    await expect(edit.getByLabel('出血（毫米）')).toHaveValue('5');
    await expect(edit.getByLabel('星期')).not.toBeChecked();
    await expect(edit).toContainText('报头图片 400 × 100');
    await edit.getByRole('button', { name: '移除报头图片' }).click();
    await edit.getByLabel('线型').selectOption({ label: '花线（点划线）' });
    await edit.getByRole('button', { name: '保存版式' }).click();
    await expect(app.locator('.edition-toolbar .save-indicator')).toHaveText('已保存');
    const edited = JSON.parse(
      await readFile(join(host.libraryDir, 'editions', 'sample-edition-2026-07-23.json'), 'utf8'),
    ) as { templates: { id: string; ruleStyle?: string; masthead?: { artwork?: unknown } }[] };
    expect(edited.templates).toHaveLength(file.templates.length);
    const again = edited.templates.find((t) => t.id === templateId)!;
    expect(again.ruleStyle).toBe('dot-dash');
    expect(again.masthead).toEqual({ lunarDate: true, weekday: false });
    const thumb = app.locator('.flatplan-page').first().locator('.mh-page');
    await expect(thumb.locator('image.mh-masthead-artwork')).toHaveCount(0);
    await expect(thumb.locator('.mh-rule--dot-dash').first()).toBeAttached();
  });

  test('sets the issue number and the 报眼 that the front page prints', async ({ app, host }) => {
    await app.goto(`${host.url}#/edition/sample-edition-2026-07-23`);
    await app.getByLabel('第1版的版式模板').selectOption('zh-broadsheet-front');
    const details = app.getByRole('form', { name: '本期信息' });
    const save = details.getByRole('button', { name: '保存本期信息' });
    await details.getByLabel('本期期号').fill('-3');
    await expect(details.getByRole('alert')).toHaveText('期号须为不小于 0 的整数。');
    await expect(save).toBeDisabled();
    await details.getByLabel('本期期号').fill('12875');
    await details.getByLabel('报眼（每行一条）').fill('今日天气　多云转晴　26～33℃\n本报热线　96123');
    await save.click();
    await expect(app.locator('.edition-toolbar .save-indicator')).toHaveText('已保存');
    await expect(app.locator('.edition-toolbar')).toContainText('第 12875 期');
    const front = app.locator('.flatplan-page').first().locator('.mh-page');
    await expect.poll(async () => (await front.allTextContents()).join('')).toContain('今日天气　多云转晴　26～33℃');
    await expect.poll(async () => (await front.allTextContents()).join('')).toContain('第12875期');
    if (SHOTS) await app.screenshot({ path: join(SHOTS, 'flatplan-details.png'), fullPage: true });
    const file = JSON.parse(
      await readFile(join(host.libraryDir, 'editions', 'sample-edition-2026-07-23.json'), 'utf8'),
    ) as { issueNumber: number; ear: string };
    expect(file).toMatchObject({ issueNumber: 12875, ear: '今日天气　多云转晴　26～33℃\n本报热线　96123' });
  });
});
