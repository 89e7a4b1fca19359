import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** 23 characters (2 of them punctuation): with the two-em indent, two lines of a 13-character column. */
const PARAGRAPH = '滨江图书馆今天起免费向市民开放，读者排起长队。';

const storyId = (page: Page): string => {
  const id = /#\/story\/([^/?]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`no story id in ${page.url()}`);
  return decodeURIComponent(id);
};

async function newChineseStory(app: Page) {
  await app.getByRole('button', { name: '新建中文稿件' }).click();
  const body = app.getByRole('textbox', { name: '正文' });
  await expect(body).toBeVisible();
  return body;
}

const saved = (app: Page) => expect(app.locator('.save-indicator')).toHaveText('已保存');

/** A small real PNG, so the library's type check and the browser's decoder both accept it. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(body));
    return Buffer.concat([head, body, tail]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x5a)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test.describe('the story editor', () => {
  test('counts a Chinese story in characters and shows live whether it fits its block', async ({ app, host }) => {
    const body = await newChineseStory(app);
    await body.click();
    for (let i = 0; i < 6; i++) {
      if (i > 0) await app.keyboard.press('Enter');
      await app.keyboard.type(PARAGRAPH);
    }
    const count = app.locator('.body-count');
    await expect(count).toContainText('138 字，含标点 12 个');
    await expect(count).toContainText('6 段');

    await app.getByLabel('目标篇幅').fill('200');
    await expect(count).toContainText('138 / 200 字，还差 62');

    // Selection counts alongside the story's.
    await body.locator('p').first().click({ clickCount: 3 });
    await expect(count).toContainText('选中：23 字');

    // Six paragraphs need twelve lines: a block of one column × ten lines is two over.
    const copyfit = app.getByRole('region', { name: '版面适配' });
    await expect(copyfit).toContainText('尚未设定版面');
    await app.getByLabel('版式模板').selectOption('zh-broadsheet');
    await app.getByLabel('栏数').fill('1');
    await app.getByLabel('行数').fill('10');
    await expect(copyfit).toContainText('超 2 行 · 约需删 26 字');
    await expect(copyfit).toContainText('中文对开 8栏 · 1 栏 × 10 行');
    await expect(copyfit).toHaveClass(/copyfit-bar--over/);

    // Cut the last paragraph: ten lines in ten.
    await body.locator('p').last().click({ clickCount: 3 });
    await app.keyboard.press('Delete');
    await app.keyboard.press('Backspace');
    await expect(copyfit).toContainText('正好排下');
    await expect(copyfit).toHaveClass(/copyfit-bar--fits/);
    await expect(count).toContainText('115 字，含标点 10 个');

    // A deeper block leaves the story short.
    await app.getByLabel('行数').fill('13');
    await expect(copyfit).toContainText('差 3 行 · 约需补 39 字');

    await saved(app);
    const onDisk = await host.readStory(storyId(app));
    expect(onDisk.fit).toEqual({ templateId: 'zh-broadsheet', columns: 1, lines: 13 });
    expect(onDisk.targetLength).toEqual({ unit: 'chars', value: 200 });
  });

  test('wraps an unbroken run (a long link) at the sheet’s edge instead of widening the story under the side panel', async ({
    app,
  }) => {
    const body = await newChineseStory(app);
    await body.click();
    await app.keyboard.type(PARAGRAPH);
    await app.keyboard.press('Enter');
    const sheet = app.locator('.story-sheet');
    const sheetBefore = await sheet.boundingBox();
    // A pasted link with no break opportunity in it, several lines long at this width.
    await app.keyboard.insertText(`https://example.com/${'a1b2c3d4e5'.repeat(30)}`);
    await app.keyboard.type(PARAGRAPH);
    const sheetAfter = (await sheet.boundingBox())!;
    const editor = (await body.boundingBox())!;
    const panel = (await app.locator('.story-layout > :last-child').boundingBox())!;
    expect(sheetAfter.width).toBeCloseTo(sheetBefore!.width, 0);
    // The editor stays inside its sheet and clear of the side panel; the run takes several lines.
    expect(editor.x + editor.width).toBeLessThanOrEqual(sheetAfter.x + sheetAfter.width);
    expect(editor.x + editor.width).toBeLessThan(panel.x);
    expect(await body.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const run = body.locator('p').nth(1);
    const lineHeight = await run.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect((await run.boundingBox())!.height).toBeGreaterThan(2.5 * lineHeight);
  });

  test('once placed on a page, the copyfit bar shows the layout’s measured figure and follows the typing', async ({
    app,
    host,
  }) => {
    // The sample edition places this story on page 1 in a block of 4 columns × 15 lines.
    await app.goto(`${host.url}#/story/sample-zh-riverside-library`);
    const copyfit = app.getByRole('region', { name: '版面适配' });
    await expect(copyfit).toContainText('按 2026-07-23 版面第1版实测');
    await expect(copyfit).toContainText('中文对开 8栏 · 4 栏 × 15 行');
    await expect(copyfit).not.toHaveClass(/copyfit-bar--over/);
    const body = app.getByRole('textbox', { name: '正文' });
    await body.locator('p').last().click();
    await app.keyboard.press('End');
    for (let i = 0; i < 6; i++) {
      await app.keyboard.press('Enter');
      await app.keyboard.type(PARAGRAPH.repeat(3));
    }
    await expect(copyfit).toHaveClass(/copyfit-bar--over/);
    await expect(copyfit).toContainText(/超 \d+ 行 · 约需删 \d+ 字/);
  });

  test('loses nothing typed when the page closes before the autosave', async ({ app, host }) => {
    const body = await newChineseStory(app);
    await saved(app);
    const id = storyId(app);
    await body.click();
    const typed = '新馆藏书四十万册，工作日开放至晚上十点。';
    await app.keyboard.type(typed);
    // Well inside the autosave pause.
    await app.close();

    const again = await app.context().newPage();
    await again.goto(`${host.url}#/story/${id}`);
    await expect(again.locator('body[data-ready="true"]')).toBeAttached();
    await expect(again.getByRole('textbox', { name: '正文' })).toContainText(typed);
    await expect(again.locator('.save-indicator')).toHaveText('已保存');
    await expect.poll(async () => JSON.stringify((await host.readStory(id)).body)).toContain(typed);
  });

  test('brings back text from the draft journal after a crash with the save failing', async ({ app, host }) => {
    const body = await newChineseStory(app);
    await saved(app);
    const id = storyId(app);

    // The disk refuses every save from this page, then the renderer crashes: only the journal has the text.
    await app.route('**/api/library:save-story', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: { code: 'io', message: 'EIO: the disk went away' } }),
      }),
    );
    await body.click();
    const typed = '新馆藏书四十万册，工作日开放至晚上十点。';
    await app.keyboard.type(typed);
    await expect(app.locator('.save-indicator')).toHaveText('未保存');
    const crashed = app.waitForEvent('crash');
    const cdp = await app.context().newCDPSession(app);
    void cdp.send('Page.crash').catch(() => {});
    await crashed;
    expect(JSON.stringify((await host.readStory(id)).body)).not.toContain(typed);

    const again = await app.context().newPage();
    await again.goto(`${host.url}#/story/${id}`);
    await expect(again.locator('body[data-ready="true"]')).toBeAttached();
    await expect(again.getByRole('textbox', { name: '正文' })).toContainText(typed);
    await expect(again.locator('.recovery-notice')).toContainText('已找回');
    await expect(again.locator('.save-indicator')).toHaveText('已保存');
    expect(JSON.stringify((await host.readStory(id)).body)).toContain(typed);
  });

  test('accepts a suggested tag with the keyboard and saves it', async ({ app, host }) => {
    const body = await newChineseStory(app);
    await body.click();
    await app.keyboard.type('市委书记陈立新昨天主持召开推进会。陈立新强调，要营造一流创新生态。');

    const suggestion = app.getByRole('button', { name: '建议标签（人物）：陈立新' });
    await expect(suggestion).toBeVisible();
    await suggestion.focus();
    await app.keyboard.press('Enter');

    await expect(app.getByRole('list', { name: '人物' })).toContainText('陈立新');
    await expect(suggestion).toBeHidden();
    await saved(app);
    expect((await host.readStory(storyId(app))).tags).toContainEqual({ kind: 'person', name: '陈立新' });
  });

  test('suggests names as whole words, never glued to the word after them', async ({ app }) => {
    const body = await newChineseStory(app);
    await body.click();
    await app.keyboard.type(
      '国务院总理李强第一次出席论坛开幕式并致辞。李强等出席会议。共青团中央要求各地结合青年大学习开展活动。',
    );

    const suggestions = app.getByRole('list', { name: '建议标签' });
    await expect(suggestions.getByRole('button', { name: '建议标签（人物）：李强' })).toBeVisible();
    await expect(suggestions.getByRole('button', { name: '建议标签（机构）：共青团中央' })).toBeVisible();
    const names = await suggestions.locator('.tag-chip__name').allTextContents();
    expect(names.filter((n) => /李强.|青年大学|^结合/u.test(n))).toEqual([]);
  });

  test('inserts a photo from a file, stored once in the library', async ({ app, host }) => {
    const body = await newChineseStory(app);
    await body.click();
    await app.keyboard.type(PARAGRAPH);

    const chooser = app.waitForEvent('filechooser');
    await app.getByRole('button', { name: '插入图片' }).click();
    await (await chooser).setFiles({ name: 'library.png', mimeType: 'image/png', buffer: png(64, 40) });

    const image = body.locator('img.photo-figure__image');
    await expect(image).toBeVisible();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
    await app.getByLabel('图片说明').fill('滨江图书馆新馆阅览室。');
    await app.getByLabel('图片来源').fill('本报记者 林小雨 摄');
    await saved(app);

    const onDisk = await host.readStory(storyId(app));
    const figure = (onDisk.body as { content: { type: string; attrs?: Record<string, unknown> }[] }).content.find(
      (n) => n.type === 'photoFigure',
    );
    expect(figure?.attrs).toMatchObject({
      caption: '滨江图书馆新馆阅览室。',
      credit: '本报记者 林小雨 摄',
      width: 64,
      height: 40,
    });
    const asset = String(figure?.attrs?.asset);
    expect(asset).toMatch(/^[0-9a-f]{64}\.png$/);
    await access(join(host.libraryDir, 'assets', asset));

    // The same photo dropped onto the text is a second figure but still one file.
    const bytes = [...png(64, 40)];
    const drop = await app.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'again.png', { type: 'image/png' }));
      return transfer;
    }, bytes);
    // ProseMirror places a drop by its coordinates: aim at the paragraph.
    const box = (await body.locator('p').first().boundingBox())!;
    await body
      .locator('p')
      .first()
      .dispatchEvent('drop', { dataTransfer: drop, clientX: box.x + 20, clientY: box.y + box.height / 2 });
    await expect(body.locator('img.photo-figure__image')).toHaveCount(2);
    await saved(app);
    expect(await readdir(join(host.libraryDir, 'assets'))).toEqual([asset]);

    // Not an image: refused with a message, nothing inserted.
    const refused = app.waitForEvent('filechooser');
    await app.getByRole('button', { name: '插入图片' }).click();
    await (await refused).setFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
    await expect(app.getByRole('alert')).toContainText('notes.txt 不是 PNG、JPEG、GIF 或 WebP 图片');
    await expect(body.locator('img.photo-figure__image')).toHaveCount(2);
  });

  test('moves a story through the desk workflow and records who did it', async ({ app, host }) => {
    await newChineseStory(app);
    // No author name yet: the view asks for one and opens the settings.
    await app.getByRole('button', { name: '填写姓名' }).click();
    const settings = app.getByRole('dialog', { name: '设置' });
    await settings.getByLabel('作者姓名').fill('值班编辑 王芳');
    await settings.getByRole('button', { name: '关闭' }).click();
    await expect(settings).toBeHidden();
    await expect(app.getByRole('button', { name: '填写姓名' })).toBeHidden();

    const workflow = app.getByRole('group', { name: '流程操作' });
    await workflow.getByRole('button', { name: '交稿' }).click();
    await expect(app.locator('.workflow__current')).toHaveText('已交稿');
    await saved(app);
    await workflow.getByRole('button', { name: '签发' }).click();
    await expect(app.locator('.workflow__current')).toHaveText('已签发');
    await saved(app);
    const timeline = app.getByRole('list', { name: '状态记录' });
    await expect(timeline.getByRole('listitem').first()).toContainText('已签发');
    await expect(timeline.getByRole('listitem').first()).toContainText('值班编辑 王芳');

    const onDisk = await host.readStory(storyId(app));
    expect(onDisk.status).toBe('approved');
    const history = onDisk.statusHistory as { status: string; by: string }[];
    expect(history.slice(-2)).toEqual([
      expect.objectContaining({ status: 'submitted', by: '值班编辑 王芳' }),
      expect.objectContaining({ status: 'approved', by: '值班编辑 王芳' }),
    ]);

    // Spike and restore: back to the status it had.
    await workflow.getByRole('button', { name: '撤稿' }).click();
    await expect(app.locator('.workflow__current')).toHaveText('已撤稿');
    await workflow.getByRole('button', { name: '恢复稿件' }).click();
    await expect(app.locator('.workflow__current')).toHaveText('已签发');
    await saved(app);
  });
});
