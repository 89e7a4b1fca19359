import { expect, test } from './fixtures';

test.describe('the workstation in the web host', () => {
  test('opens the sample library, newest story first, in Chinese for a Chinese system', async ({ app }) => {
    const table = app.getByRole('table', { name: '稿件' });
    await expect(table).toBeVisible();
    await expect(table.getByText('滨江图书馆今起免费开放')).toBeVisible();
    await expect(table.getByText('Harbour bridge to close for six weekends of repairs')).toBeVisible();
    await expect(app.getByRole('button', { name: '新建中文稿' })).toBeVisible();
    await expect(app.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });

  test('writes a Chinese story that survives a reload and is saved on disk', async ({ app, host }) => {
    await app.getByRole('button', { name: '新建中文稿' }).click();
    await app.getByLabel('引题').fill('老厂房变身城市书房');
    await app.getByLabel('主题').fill('滨江图书馆夜间开放至二十二时');
    await app.getByLabel('电头').fill('本报讯');
    const body = app.getByRole('textbox', { name: '正文' });
    await body.click();
    await app.keyboard.type('新馆藏书四十万册，工作日开放至晚上十点。');
    await expect(app.locator('.save-indicator')).toHaveText('已保存');

    const id = /#\/story\/([^/?]+)/.exec(app.url())?.[1];
    expect(id, 'the story view has the story id in its address').toBeTruthy();
    const onDisk = await host.readStory(id!);
    expect(onDisk).toMatchObject({
      kicker: '老厂房变身城市书房',
      headline: '滨江图书馆夜间开放至二十二时',
      dateline: '本报讯',
    });
    expect(JSON.stringify(onDisk.body)).toContain('新馆藏书四十万册，工作日开放至晚上十点。');

    await app.reload();
    await expect(app.locator('body[data-ready="true"]')).toBeAttached();
    await expect(app.getByLabel('主题')).toHaveValue('滨江图书馆夜间开放至二十二时');
    await expect(app.getByRole('textbox', { name: '正文' })).toContainText('新馆藏书四十万册');

    await app.getByRole('button', { name: '返回稿库' }).click();
    const row = app.getByRole('table', { name: '稿件' }).getByRole('row').nth(1);
    await expect(row).toContainText('滨江图书馆夜间开放至二十二时');
  });

  test('writes an English story with its body', async ({ app, host }) => {
    await app.getByRole('button', { name: '新建英文稿' }).click();
    await app.getByLabel('主题').fill('Ferries to run every ten minutes');
    await app.getByLabel('署名').fill('By Maria Alvarez');
    await app.getByRole('textbox', { name: '正文' }).click();
    await app.keyboard.type('The Harbour Authority said on Tuesday that ferries would run through the night.');
    await app.getByRole('button', { name: '保存' }).click();
    await expect(app.locator('.save-indicator')).toHaveText('已保存');
    const id = /#\/story\/([^/?]+)/.exec(app.url())![1]!;
    const onDisk = await host.readStory(id);
    expect(onDisk).toMatchObject({
      language: 'en',
      headline: 'Ferries to run every ten minutes',
      byline: 'By Maria Alvarez',
    });
    expect(JSON.stringify(onDisk.body)).toContain('ferries would run through the night');
  });

  test('switches the interface to English and keeps the choice after a reload', async ({ app }) => {
    await app.getByRole('button', { name: '设置' }).click();
    await app.getByLabel('界面语言').selectOption('en');
    await app.getByRole('button', { name: 'Close' }).click();
    await expect(app.getByRole('button', { name: 'New Chinese story' })).toBeVisible();
    await expect(app.getByRole('table', { name: 'Stories' })).toBeVisible();
    await expect(app.locator('html')).toHaveAttribute('lang', 'en');
    await app.reload();
    await expect(app.locator('body[data-ready="true"]')).toBeAttached();
    await expect(app.getByRole('button', { name: 'New Chinese story' })).toBeVisible();
    await app.getByRole('button', { name: 'New English story' }).click();
    await expect(app.getByLabel('Headline (主题)')).toBeVisible();
    await expect(app.getByLabel('Kicker (引题)')).toBeVisible();
  });
});
