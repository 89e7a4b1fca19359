import { expect, test } from './fixtures';

/** The sample library: two Chinese stories (经济, 要闻) and two English ones, all approved and placed. */
const LIBRARY = '滨江图书馆今起免费开放';
const PORT = '上半年港口集装箱吞吐量同比增长百分之八';
const BRIDGE = 'Harbour bridge to close for six weekends of repairs';
const MEALS = 'Free school lunches extended to all primary pupils';

test.describe('the library view', () => {
  test('filters by status, section and tag, and counts what it shows', async ({ app, host }) => {
    // Every sample story is approved; the desk takes one back to edited (through the host's API).
    const port = await host.readStory('sample-zh-port-trade');
    const reopened = await app.evaluate(
      async ({ id, revision }) => {
        const response = await fetch('/api/library:save-story', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-masthead-token': sessionStorage.getItem('masthead.webToken') ?? '',
          },
          body: JSON.stringify({ input: { id, baseRevision: revision, changes: { status: 'edited' } } }),
        });
        return response.status;
      },
      { id: port.id as string, revision: port.revision as number },
    );
    expect(reopened).toBe(200);
    await app.reload();
    const table = app.getByRole('table', { name: '稿件' });
    const rows = table.locator('tbody tr');
    await expect(rows).toHaveCount(4);
    await expect(app.getByText('共 4 篇')).toBeVisible();

    const edited = app.getByRole('button', { name: /^已编辑/ });
    await edited.click();
    await expect(edited).toHaveAttribute('aria-pressed', 'true');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(PORT);
    await expect(app.getByText('显示 1 篇，共 4 篇')).toBeVisible();
    // Statuses add up: edited and approved together show all four; approved alone, three.
    await app.getByRole('button', { name: /^已签发/ }).click();
    await expect(rows).toHaveCount(4);
    await edited.click();
    await expect(edited).toHaveAttribute('aria-pressed', 'false');
    await expect(rows).toHaveCount(3);
    await expect(table).toContainText(MEALS);
    await expect(table).not.toContainText(PORT);
    await app.getByRole('button', { name: '清除筛选' }).click();
    await expect(rows).toHaveCount(4);

    await app.getByLabel('版面/栏目').selectOption('要闻');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(LIBRARY);
    await app.getByLabel('版面/栏目').selectOption({ label: '不限' });
    await expect(rows).toHaveCount(4);

    await app.getByLabel('标签').fill('外贸');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(PORT);
    await app.getByLabel('标签').fill('port hadley');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(BRIDGE);
    await app.getByLabel('标签').fill('没有这个标签');
    await expect(table).toBeHidden();
    await expect(app.getByText('没有符合筛选条件的稿件。')).toBeVisible();
    await app.getByLabel('标签').fill('');

    // Authors: typed and suggested (a newsroom has thousands), filtering once the name is whole.
    const author = app.getByLabel('作者');
    await author.fill('林小');
    await expect(rows).toHaveCount(4);
    await expect(app.locator('datalist option[value="林小雨"]')).toHaveCount(1);
    await author.fill('林小雨');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(LIBRARY);
    await author.fill('');
    await expect(rows).toHaveCount(4);
  });

  test('sorts by length, toggling the direction, and keeps filters when coming back from a story', async ({ app }) => {
    const table = app.getByRole('table', { name: '稿件' });
    const headlines = table.locator('tbody .story-link__headline');
    const length = app.getByRole('button', { name: '篇幅', exact: true });
    await length.click();
    await expect(table.getByRole('columnheader', { name: '篇幅' })).toHaveAttribute('aria-sort', 'descending');
    // Column space: 307 字, then 554 English letters (about 277 字 wide), 365 letters, 174 字.
    await expect(headlines).toHaveText([LIBRARY, BRIDGE, MEALS, PORT]);
    await length.click();
    await expect(table.getByRole('columnheader', { name: '篇幅' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(headlines).toHaveText([PORT, MEALS, BRIDGE, LIBRARY]);

    await app.getByLabel('语种').selectOption('zh-Hans');
    await expect(headlines).toHaveText([PORT, LIBRARY]);
    expect(new URL(app.url()).hash).toBe('#/?lang=zh-Hans&sort=length%3Aasc');

    await table.getByRole('link', { name: LIBRARY }).click();
    await expect(app.getByLabel('主题')).toHaveValue(LIBRARY);
    await app.getByRole('button', { name: '返回稿库' }).click();
    await expect(headlines).toHaveText([PORT, LIBRARY]);
    await expect(app.getByLabel('语种')).toHaveValue('zh-Hans');

    // The filters survive a reload too: they are in the address.
    await app.reload();
    await expect(app.locator('body[data-ready="true"]')).toBeAttached();
    await expect(headlines).toHaveText([PORT, LIBRARY]);
  });

  test('steps to the next and previous story in the library order from the keyboard', async ({ app }) => {
    await app.getByRole('button', { name: '篇幅', exact: true }).click();
    await app.getByRole('table', { name: '稿件' }).getByRole('link', { name: LIBRARY }).click();
    const headline = app.getByLabel('主题');
    await expect(headline).toHaveValue(LIBRARY);
    await app.keyboard.press('Alt+PageDown');
    await expect(headline).toHaveValue(BRIDGE);
    await app.keyboard.press('Control+Alt+ArrowDown');
    await expect(headline).toHaveValue(MEALS);
    await app.keyboard.press('Alt+PageUp');
    await expect(headline).toHaveValue(BRIDGE);
    await app.keyboard.press('Control+Alt+L');
    await expect(app.getByRole('table', { name: '稿件' })).toBeVisible();
  });
});
