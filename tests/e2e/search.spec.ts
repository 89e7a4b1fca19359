import { expect, test } from './fixtures';

test.describe('searching the library from the header', () => {
  test('finds a story by a Chinese name in its body, highlights it and opens it', async ({ app }) => {
    const box = app.getByRole('searchbox', { name: '搜索稿件' });
    await box.click();
    // Typed as an input method commits it: the whole name at once.
    await app.keyboard.insertText('王建国');
    const results = app.getByRole('listbox', { name: '搜索结果' });
    const hit = results.getByRole('option').filter({ hasText: '滨江图书馆今起免费开放' });
    await expect(hit).toBeVisible();
    await expect(results.getByRole('option')).toHaveCount(1);
    await expect(hit.locator('mark')).toHaveText(['王建国']);
    await expect(hit).toHaveAttribute('aria-selected', 'true');

    await box.press('Enter');
    await expect(app).toHaveURL(/#\/story\/sample-zh-riverside-library$/);
    await expect(app.getByLabel('主题')).toHaveValue('滨江图书馆今起免费开放');
    await expect(results).toBeHidden();
  });

  test('finds a story by an English word while it is typed, from the keyboard shortcut', async ({ app }) => {
    await app.keyboard.press('Control+k');
    const box = app.getByRole('searchbox', { name: '搜索稿件' });
    await expect(box).toBeFocused();
    await app.keyboard.type('ferr', { delay: 40 });
    const results = app.getByRole('listbox', { name: '搜索结果' });
    const hit = results.getByRole('option').filter({ hasText: 'Harbour bridge to close for six weekends of repairs' });
    await expect(hit).toBeVisible();
    await expect(hit.locator('mark')).toHaveText(['Ferries']);

    await hit.click();
    await expect(app).toHaveURL(/#\/story\/sample-en-harbour-bridge$/);
    await expect(app.getByLabel('主题')).toHaveValue('Harbour bridge to close for six weekends of repairs');
  });

  test('says when nothing matches, clears with Escape, and finds a story saved a moment ago', async ({ app }) => {
    const box = app.getByRole('searchbox', { name: '搜索稿件' });
    await box.click();
    await app.keyboard.insertText('防汛抗旱');
    await expect(app.getByText('没有符合的稿件')).toBeVisible();
    await box.press('Escape');
    await expect(box).toHaveValue('');
    await expect(app.getByText('没有符合的稿件')).toBeHidden();

    await app.getByRole('button', { name: '新建中文稿件' }).click();
    await app.getByLabel('主题').fill('全市防汛抗旱工作会议召开');
    await app.getByRole('button', { name: '保存' }).click();
    await expect(app.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
    const id = /#\/story\/([^/?]+)/.exec(app.url())![1]!;

    await app.getByRole('link', { name: '稿库' }).first().click();
    await expect(app).toHaveURL(/#\/$/);
    await app.keyboard.press('/');
    await expect(box).toBeFocused();
    await app.keyboard.insertText('防汛抗旱');
    const hit = app.getByRole('listbox', { name: '搜索结果' }).getByRole('option');
    await expect(hit).toHaveCount(1);
    await expect(hit.locator('mark')).toHaveText(['防汛抗旱']);
    await box.press('ArrowDown');
    await box.press('Enter');
    await expect(app).toHaveURL(new RegExp(`#/story/${id}$`));
  });
});
