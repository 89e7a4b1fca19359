import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const storyId = (page: Page): string => {
  const id = /#\/story\/([^/?]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on a story: ${page.url()}`);
  return decodeURIComponent(id);
};

/** A new Chinese story with the given body typed in, saved. */
async function newChineseStory(app: Page, headline: string, paragraphs: string[]): Promise<string> {
  await app.getByRole('button', { name: '新建中文稿' }).click();
  await app.getByLabel('主题').fill(headline);
  await app.getByRole('textbox', { name: '正文' }).click();
  for (const [i, text] of paragraphs.entries()) {
    if (i > 0) await app.keyboard.press('Enter');
    await app.keyboard.type(text);
  }
  await expect(app.locator('.save-indicator')).toHaveText('已保存');
  return storyId(app);
}

test.describe('copy-editing tools', () => {
  test('normalises half-width punctuation after review, and the file on disk has it', async ({ app, host }) => {
    const id = await newChineseStory(app, '港口外贸量创新高', [
      '记者从市港务局获悉,今年上半年外贸增长(同比)!',
      '他说:"这是好消息"。',
    ]);
    await app.getByRole('button', { name: '标点规范' }).click();
    const dialog = app.getByRole('dialog', { name: '标点规范' });
    const changes = dialog.getByRole('list', { name: '建议的修改' }).getByRole('listitem');
    await expect(changes).toHaveCount(7);
    await expect(changes.first()).toContainText('获悉,今年');
    await expect(changes.first()).toContainText('获悉，今年');
    // One change stays as typed.
    await changes.filter({ hasText: '(同比)!' }).filter({ hasText: '！' }).getByRole('checkbox').uncheck();
    await dialog.getByRole('button', { name: '应用 6 处修改' }).click();
    await expect(dialog).toBeHidden();

    const body = app.getByRole('textbox', { name: '正文' });
    await expect(body).toContainText('记者从市港务局获悉，今年上半年外贸增长（同比）!');
    await expect(body).toContainText('他说：“这是好消息”。');
    await expect(app.locator('.save-indicator')).toHaveText('已保存');
    const onDisk = JSON.stringify((await host.readStory(id)).body);
    expect(onDisk).toContain('获悉，今年上半年外贸增长（同比）!');
    expect(onDisk).toContain('他说：“这是好消息”。');

    // One undo takes the whole normalisation back.
    await body.click();
    await app.keyboard.press('Control+z');
    await expect(body).toContainText('获悉,今年上半年外贸增长(同比)!');
    await expect(body).toContainText('他说:"这是好消息"。');
  });

  test('finds and replaces a word in the body', async ({ app, host }) => {
    const id = await newChineseStory(app, '记者节', ['本报记者走访了港口。', '记者还了解到，新航线将开通。']);
    await app.keyboard.press('Control+f');
    const find = app.getByRole('textbox', { name: '查找' });
    await expect(find).toBeFocused();
    await find.fill('记者');
    const bar = app.getByRole('search', { name: '在稿件中查找' });
    await expect(bar).toContainText('第 1 处，共 2 处');
    await expect(app.locator('.story-body .find-match')).toHaveCount(2);
    await find.press('Enter');
    await expect(bar).toContainText('第 2 处，共 2 处');
    await find.press('Shift+Enter');
    await expect(bar).toContainText('第 1 处，共 2 处');

    await app.keyboard.press('Control+h');
    await app.getByRole('textbox', { name: '替换为' }).fill('编辑');
    await bar.getByRole('button', { name: '全部替换' }).click();
    // The two in the body and the one in the headline (记者节): Replace all covers every field.
    await expect(bar).toContainText('已替换 3 处');
    await expect(app.getByLabel('主题')).toHaveValue('编辑节');
    const body = app.getByRole('textbox', { name: '正文' });
    await expect(body).toContainText('本报编辑走访了港口。');
    await expect(body).toContainText('编辑还了解到');
    await find.press('Escape');
    await expect(bar).toBeHidden();
    await expect(app.locator('.story-body .find-match')).toHaveCount(0);
    await expect(app.locator('.save-indicator')).toHaveText('已保存');
    expect(JSON.stringify((await host.readStory(id)).body)).not.toContain('记者');
  });

  test('converts the story to traditional Chinese', async ({ app, host }) => {
    const id = await newChineseStory(app, '汉语资讯发展', ['这里的图书馆开放时间延长了。']);
    await app.getByRole('button', { name: '简繁转换' }).click();
    const dialog = app.getByRole('dialog', { name: '简繁转换' });
    await expect(dialog.getByLabel('转换为')).toHaveValue('tw');
    await expect(dialog).toContainText(/将改动 \d+ 个字/);
    await dialog.getByRole('button', { name: '转换', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(app.getByRole('textbox', { name: '正文' })).toContainText('這裡的圖書館開放時間延長了。');
    await expect(app.getByLabel('主题')).toHaveValue('漢語資訊發展');
    await expect(app.locator('.save-indicator')).toHaveText('已保存');
    const onDisk = await host.readStory(id);
    expect(onDisk.headline).toBe('漢語資訊發展');
    expect(JSON.stringify(onDisk.body)).toContain('這裡的圖書館開放時間延長了。');
  });

  test('the command palette opens with Ctrl+Shift+P and runs "New English story"', async ({ app, host }) => {
    await app.keyboard.press('Control+Shift+P');
    const palette = app.getByRole('dialog', { name: '命令面板' });
    await expect(palette).toBeVisible();
    const input = palette.getByRole('combobox');
    await expect(input).toBeFocused();
    await input.fill('New English');
    await expect(palette.getByRole('option')).toHaveCount(1);
    await expect(palette.getByRole('option')).toContainText('新建英文稿件');
    await input.press('Enter');
    await expect(palette).toBeHidden();
    await expect(app.getByLabel('主题')).toBeVisible();
    expect((await host.readStory(storyId(app))).language).toBe('en');

    // Escape outside the fields goes back to the library; Ctrl+Alt+N starts a Chinese story.
    await app.locator('.story-sheet').click({ position: { x: 5, y: 5 } });
    await app.keyboard.press('Escape');
    await expect(app.getByRole('table', { name: '稿件' })).toBeVisible();
    await app.keyboard.press('Control+Alt+N');
    await expect(app.getByLabel('主题')).toBeVisible();
    const id = storyId(app);
    expect((await host.readStory(id)).language).toBe('zh-Hans');

    // Ctrl+Alt+2 submits the draft, even while typing in the headline.
    await app.getByLabel('主题').fill('快捷键交稿');
    await app.keyboard.press('Control+Alt+2');
    await expect.poll(async () => (await host.readStory(id)).status).toBe('submitted');
    // Approving a submitted story is a move the desk allows; back to draft from there is not.
    await app.keyboard.press('Control+Alt+4');
    await expect.poll(async () => (await host.readStory(id)).status).toBe('approved');
    await app.keyboard.press('Control+Alt+1');
    await app.keyboard.press('Control+S');
    await expect(app.locator('.save-indicator')).toHaveText('已保存');
    expect((await host.readStory(id)).status).toBe('approved');
  });
});
