import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The copy desk's daily tools (issue 14), through the real app on the web host. */

const storyId = (page: Page): string => {
  const id = /#\/story\/([^/?]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on a story: ${page.url()}`);
  return decodeURIComponent(id);
};

const SHOTS = process.env.MASTHEAD_SHOTS;

async function newStory(app: Page, language: 'zh' | 'en', headline: string): Promise<string> {
  await app
    .getByRole('button', { name: language === 'zh' ? '新建中文稿' : '新建英文稿' })
    .first()
    .click();
  await app.getByLabel('主题').fill(headline);
  await app.getByRole('textbox', { name: '正文' }).click();
  return storyId(app);
}

test.describe('copy desk tools', () => {
  test('English quotes and dashes become typographic as they are typed, and the setting turns it off', async ({
    app,
    host,
  }) => {
    const id = await newStory(app, 'en', 'Harbour works');
    await app.keyboard.type(`"It's done," she said -- twice...`);
    const body = app.getByRole('textbox', { name: '正文' });
    await expect(body).toHaveText('“It’s done,” she said — twice…');
    await expect(app.locator('.save-indicator')).toHaveText('已保存');
    expect(JSON.stringify((await host.readStory(id)).body)).toContain('“It’s done,” she said — twice…');

    // Selecting the sentence counts its punctuation: “ ’ , ” — … (6), not the letters.
    await app.keyboard.press('Control+a');
    await expect(app.locator('.body-count__selection')).toContainText('个字符');
    // The sentence stays, whatever the click below lands on: the selection is let go first.
    await app.keyboard.press('End');
    await expect(app.locator('.body-count__selection')).toHaveCount(0);

    await app.getByRole('button', { name: '设置' }).click();
    const settings = app.getByRole('dialog', { name: '设置' });
    await settings.getByLabel('英文稿件自动使用弯引号和破折号').uncheck();
    await settings.getByRole('button', { name: '关闭' }).click();
    await body.click();
    await app.keyboard.press('End');
    await app.keyboard.type(' "plain"');
    await expect(body).toHaveText('“It’s done,” she said — twice… "plain"');
  });

  test('the Chinese selection count includes its punctuation', async ({ app }) => {
    await newStory(app, 'zh', '计数');
    await app.keyboard.type('上海证券交易所😀 Hello world, 123。');
    await app.keyboard.press('Control+a');
    await expect(app.locator('.body-count__selection')).toHaveText('选中：23 字，含标点 2 个，汉字 7 个');
  });

  test('find and replace reaches the headline, byline and notes, with a count per field', async ({ app, host }) => {
    const id = await newStory(app, 'zh', '记者节里的记者');
    await app.keyboard.type('本报记者走访了港口。');
    await app.getByLabel('署名').fill('记者 林小雨');
    await expect(app.locator('.save-indicator')).toHaveText('已保存');
    await app.getByRole('textbox', { name: '正文' }).click();
    await app.keyboard.press('Control+h');
    const bar = app.getByRole('search', { name: '在稿件中查找' });
    await bar.getByRole('textbox', { name: '查找' }).fill('记者');
    await expect(bar).toContainText('第 1 处，共 1 处');
    await expect(bar.getByLabel('各栏匹配数')).toHaveText('正文 1 · 主题 2 · 署名 1');
    await bar.getByRole('textbox', { name: '替换为' }).fill('编辑');
    await bar.getByRole('button', { name: '全部替换' }).click();
    await expect(bar).toContainText('已替换 4 处');
    await expect(app.getByLabel('主题')).toHaveValue('编辑节里的编辑');
    await expect(app.locator('.save-indicator')).toHaveText('已保存');
    const onDisk = await host.readStory(id);
    expect(onDisk.headline).toBe('编辑节里的编辑');
    expect(onDisk.byline).toBe('编辑 林小雨');
    expect(JSON.stringify(onDisk.body)).toContain('本报编辑走访了港口。');
  });

  test('a named version, the thinning note, and an approved story taken back to edited', async ({ app, host }) => {
    const id = await newStory(app, 'zh', '签发后改稿');
    await app.keyboard.type('第一段。');
    await app.keyboard.press('Control+Shift+S');
    const naming = app.getByRole('dialog', { name: '另存为命名版本' });
    await naming.getByLabel('版本名称').fill('交稿前');
    await naming.getByRole('button', { name: '保存版本' }).click();
    await expect(naming).toBeHidden();

    // Submit, mark edited, approve (Ctrl+Alt+2…4), then change the text.
    for (const [key, status] of [
      ['2', 'submitted'],
      ['3', 'edited'],
      ['4', 'approved'],
    ] as const) {
      await app.keyboard.press(`Control+Alt+${key}`);
      await expect.poll(async () => (await host.readStory(id)).status).toBe(status);
    }
    await app.getByRole('textbox', { name: '正文' }).click();
    await app.keyboard.press('End');
    await app.keyboard.type('签发后加的一句。');
    await expect(app.getByRole('status').filter({ hasText: '此稿已签发' })).toBeVisible();
    await expect.poll(async () => (await host.readStory(id)).status).toBe('edited');
    await expect(app.locator('.workflow__event-why').first()).toHaveText('签发后改动了文字');
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/editor-reopened-zh-1280.png` });

    await app.getByRole('button', { name: '修订记录' }).click();
    const history = app.getByRole('dialog', { name: '修订记录' });
    await expect(history).toContainText('保存的版本 “交稿前”');
    await expect(history).toContainText('保留规则：最近一天的每个版本');
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/history-zh-1280.png` });
  });

  test('the palette finds commands by Chinese or English words', async ({ app }) => {
    await newStory(app, 'zh', '面板');
    await app.keyboard.press('Control+Shift+P');
    const palette = app.getByRole('dialog', { name: '命令面板' });
    const input = palette.getByRole('combobox');
    await input.fill('交稿');
    await expect(palette.getByRole('option').first()).toContainText('设为已交稿');
    await input.fill('submit');
    await expect(palette.getByRole('option').first()).toContainText('设为已交稿');
    for (const [query, title] of [
      ['history', '修订记录'],
      ['trash', '移入废稿篓'],
      ['pull quote', '醒目引语'],
      ['language', '切换界面语言'],
    ] as const) {
      await input.fill(query);
      await expect(palette.getByRole('option').first(), query).toContainText(title);
    }
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/palette-zh-1280.png` });
  });

  test('a rare character (CJK Extension B) is drawn with the bundled face', async ({ app }) => {
    await newStory(app, 'zh', '生僻字');
    await app.keyboard.type('记者王𠀀报道');
    const loaded = await app.evaluate(async () => {
      const faces = await document.fonts.load("16px 'Masthead Rare Han'", '𠀀');
      return faces.map((f) => ({ family: f.family, status: f.status }));
    });
    expect(loaded).toEqual([{ family: 'Masthead Rare Han', status: 'loaded' }]);
    // Drawn by that face through the editor's own font stack, and not as the box Noto CJK alone draws.
    const pixels = await app.evaluate(() => {
      const stack = getComputedStyle(document.querySelector('.story-body')!).fontFamily;
      const draw = (family: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 64;
        const context = canvas.getContext('2d')!;
        context.font = `48px ${family}`;
        context.fillText('𠀀', 4, 52);
        return Array.from(context.getImageData(0, 0, 64, 64).data).join(',');
      };
      return { stack: draw(stack), face: draw("'Masthead Rare Han'"), noto: draw("'Noto Serif CJK SC'") };
    });
    expect(pixels.stack).toBe(pixels.face);
    expect(pixels.face).not.toBe(pixels.noto);
  });

  test('the caret starts where the work is, the format bar is one tab stop, and back to the library finds the row', async ({
    app,
  }) => {
    // A new story: its first field.
    await app.getByRole('button', { name: '新建中文稿' }).first().click();
    await expect(app.getByLabel('引题')).toBeFocused();
    await app.keyboard.press('Control+Alt+L');

    // A story opened from the list: its body; back in the library, on its row.
    const headline = '上半年港口集装箱吞吐量同比增长';
    await app
      .getByRole('table', { name: '稿件' })
      .getByRole('link', { name: new RegExp(headline.slice(0, 6)) })
      .click();
    await expect(app.getByRole('textbox', { name: '正文' })).toBeFocused();

    const toolbar = app.getByRole('toolbar', { name: '格式' });
    await expect(toolbar.locator('button[tabindex="0"]')).toHaveCount(1);
    await toolbar.locator('button[tabindex="0"]').focus();
    await app.keyboard.press('ArrowRight');
    await expect(toolbar.getByRole('button', { name: '加粗' })).toBeFocused();
    await app.keyboard.press('End');
    await expect(toolbar.getByRole('button', { name: '插入图片' })).toBeFocused();
    await expect(toolbar.locator('button[tabindex="0"]')).toHaveCount(1);

    await app.keyboard.press('Control+Alt+L');
    await expect(app.getByRole('table', { name: '稿件' })).toBeVisible();
    await expect(app.locator(':focus')).toContainText(headline.slice(0, 6));
  });

  test('a search hit opens at its first match, highlighted, and the search box clears', async ({ app }) => {
    const box = app.getByRole('searchbox', { name: '搜索稿件' });
    await box.click();
    await app.keyboard.insertText('王建国');
    await expect(app.getByRole('listbox', { name: '搜索结果' }).getByRole('option')).toHaveCount(1);
    await box.press('Enter');
    await expect(app).toHaveURL(/#\/story\/sample-zh-riverside-library$/);
    const current = app.locator('.story-body .find-match--current');
    await expect(current).toHaveText('王建国');
    await expect(current).toBeInViewport();
    await expect(box).toHaveValue('');
    // Typing ends the highlight.
    await app.keyboard.press('End');
    await app.keyboard.type('。');
    await expect(app.locator('.story-body .find-match')).toHaveCount(0);
  });
});
