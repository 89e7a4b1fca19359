import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const STORY = 'sample-zh-riverside-library';
const HEADLINE = '滨江图书馆今起免费开放';
const CHANGED_HEADLINE = '滨江图书馆今起收费开放';
const FIRST_PARAGRAPH = '由一座上世纪六十年代纺织厂改建而成的滨江图书馆';

async function saved(app: Page): Promise<void> {
  await app.getByRole('button', { name: '保存', exact: true }).click();
  await expect(app.locator('.save-indicator')).toHaveText('已保存');
}

/** Saves by a different author start a new snapshot: the E2E cannot wait ten minutes. */
async function setAuthor(app: Page, name: string): Promise<void> {
  await app.getByRole('button', { name: '设置' }).click();
  const dialog = app.getByRole('dialog', { name: '设置' });
  await dialog.getByLabel('作者姓名').fill(name);
  await dialog.getByRole('button', { name: '关闭' }).click();
  await expect(dialog).toBeHidden();
}

test.describe('revision history', () => {
  test('compares two versions of a Chinese story and restores the older one', async ({ app, host }) => {
    await app.getByRole('table', { name: '稿件' }).getByRole('link', { name: HEADLINE }).click();
    await expect(app.getByLabel('主题')).toHaveValue(HEADLINE);

    // A sample story has no history yet: its first save keeps the text it had as snapshot #1
    // (the baseline) and the edited text as #2: a one-character headline change and a body edit.
    await setAuthor(app, '值班编辑 王芳');
    await app.getByLabel('主题').fill(CHANGED_HEADLINE);
    const body = app.getByRole('textbox', { name: '正文' });
    await body.getByText(FIRST_PARAGRAPH, { exact: false }).click();
    await app.keyboard.press('Control+Home');
    await app.keyboard.type('【快讯】');
    await saved(app);
    const beforeRestore = await host.readStory(STORY);
    expect(beforeRestore).toMatchObject({ headline: CHANGED_HEADLINE });

    await app.getByRole('button', { name: '修订记录' }).click();
    const history = app.getByRole('dialog', { name: '修订记录' });
    const versions = history.getByRole('group', { name: '版本（最新在前）' });
    await expect(versions.getByRole('radio')).toHaveCount(2);
    const newest = versions.getByRole('radio', { name: /#2/ });
    const older = versions.getByRole('radio', { name: /#1/ });
    await expect(newest).toHaveAccessibleName(/值班编辑 王芳/);
    await expect(newest).toHaveAccessibleName(/当前版本/);
    await expect(newest).toHaveAccessibleName(new RegExp(CHANGED_HEADLINE));
    await expect(older).toHaveAccessibleName(/作者未知/);
    await expect(older).toHaveAccessibleName(new RegExp(HEADLINE));
    // The older version is selected and compared with the current one by default.
    await expect(older).toBeChecked();
    await expect(history.getByLabel('比较对象')).toHaveValue('current');

    const diff = history.getByRole('region', { name: '版本比较' });
    await expect(diff).toContainText('改动：#1');
    const headlineRow = diff.getByRole('region', { name: '标题组' });
    // Chinese is compared by character: one deleted character, one inserted.
    await expect(headlineRow.locator('del')).toHaveText(['免']);
    await expect(headlineRow.locator('ins')).toHaveText(['收']);
    const bodyDiff = diff.getByRole('region', { name: '正文' });
    await expect(bodyDiff.locator('ins')).toHaveText(['【快讯】']);
    await expect(bodyDiff.locator('del')).toHaveCount(0);
    // The other four blocks did not change and are folded away until asked for.
    const unchanged = bodyDiff.getByRole('button', { name: '4 段未改动' });
    await expect(unchanged).toHaveAttribute('aria-expanded', 'false');
    await unchanged.click();
    await expect(unchanged).toHaveAttribute('aria-expanded', 'true');
    await expect(bodyDiff).toContainText('退休教师王建国');

    // The same comparison side by side: the older text on the left, the newer on the right.
    await history.getByRole('button', { name: '左右对照' }).click();
    await expect(history.getByRole('button', { name: '左右对照' })).toHaveAttribute('aria-pressed', 'true');
    await expect(headlineRow.locator('.diff-cell--before del')).toHaveText(['免']);
    await expect(headlineRow.locator('.diff-cell--after ins')).toHaveText(['收']);

    // Restoring the current version makes no sense; restoring the older one asks first.
    await newest.check();
    await expect(history.getByRole('button', { name: '恢复此版本' })).toBeDisabled();
    await older.check();
    await history.getByRole('button', { name: '恢复此版本' }).click();
    const confirm = app.getByRole('dialog', { name: '恢复此版本？' });
    await expect(confirm).toContainText('#1');
    await confirm.getByRole('button', { name: '恢复', exact: true }).click();

    // The story view reloads with the restored text.
    await expect(history).toBeHidden();
    await expect(app.getByLabel('主题')).toHaveValue(HEADLINE);
    await expect(app.getByRole('textbox', { name: '正文' })).not.toContainText('【快讯】');
    await expect(app.getByRole('textbox', { name: '正文' })).toContainText(FIRST_PARAGRAPH);

    // On disk: the old headline as a new, higher revision.
    const restored = await host.readStory(STORY);
    expect(restored).toMatchObject({ headline: HEADLINE });
    expect(restored.revision).toBe((beforeRestore.revision as number) + 1);
    expect(JSON.stringify(restored.body)).not.toContain('【快讯】');

    // The restore is itself a version, and the replaced text is still there.
    await app.getByRole('button', { name: '修订记录' }).click();
    const reopened = app.getByRole('dialog', { name: '修订记录' });
    const list = reopened.getByRole('group', { name: '版本（最新在前）' });
    await expect(list.getByRole('radio')).toHaveCount(3);
    await expect(list.getByRole('radio', { name: /#3/ })).toHaveAccessibleName(/恢复自 #1/);
    await expect(list.getByRole('radio', { name: /#3/ })).toHaveAccessibleName(/当前版本/);
    await expect(list.getByRole('radio', { name: /#2/ })).toHaveAccessibleName(new RegExp(CHANGED_HEADLINE));
    await reopened.getByRole('button', { name: '关闭' }).click();
    await expect(reopened).toBeHidden();
  });

  test('saves what was just typed before showing the history, so nothing is lost', async ({ app, host }) => {
    await app.getByRole('table', { name: '稿件' }).getByRole('link', { name: HEADLINE }).click();
    await app.getByLabel('主题').fill('刚刚输入还没保存的主题');
    // Straight to the history, before the autosave has run.
    await app.getByRole('button', { name: '修订记录' }).click();
    const history = app.getByRole('dialog', { name: '修订记录' });
    await expect(history.getByRole('radio')).toHaveCount(2);
    await expect(history.getByRole('radio', { name: /#2/ })).toHaveAccessibleName(/刚刚输入还没保存的主题/);
    await expect(history.getByRole('radio', { name: /#2/ })).toHaveAccessibleName(/当前版本/);
    await expect(history.getByRole('radio', { name: /#1/ })).toHaveAccessibleName(new RegExp(HEADLINE));
    expect(await host.readStory(STORY)).toMatchObject({ headline: '刚刚输入还没保存的主题' });
    // The text from before the edit is there to go back to.
    await expect(history.getByRole('button', { name: '恢复此版本' })).toBeEnabled();
  });
});
