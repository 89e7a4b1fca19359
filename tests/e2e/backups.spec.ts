import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, repoRoot, test } from './fixtures';

const STORY = 'sample-zh-riverside-library';
const HEADLINE = '滨江图书馆今起免费开放';
const CHANGED_HEADLINE = '滨江图书馆今起改为收费';

async function openBackups(app: Page) {
  await app.getByRole('button', { name: '设置' }).click();
  const dialog = app.getByRole('dialog', { name: '设置' });
  const section = dialog.getByRole('region', { name: '备份' });
  await expect(section).toBeVisible();
  return { dialog, section };
}

test.describe('backups', () => {
  test('backs up the library, and a restore brings a changed story back', async ({ app, host }) => {
    // Back up now: the backup is listed with its date, story count and size.
    let { dialog, section } = await openBackups(app);
    await section.getByRole('button', { name: '立即备份' }).click();
    await expect(section.getByRole('status')).toContainText('已备份：masthead-backup-');
    const table = section.getByRole('table', { name: '稿库备份' });
    const mine = table.getByRole('row').filter({ hasText: '手动' });
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText('4');
    await expect(mine).toContainText(/\d+(\.\d)? (KB|MB)/);
    await dialog.getByRole('button', { name: '关闭' }).click();
    await expect(dialog).toBeHidden();

    // Change a story and save it.
    await app.getByRole('table', { name: '稿件' }).getByRole('link', { name: HEADLINE }).click();
    await app.getByLabel('主题').fill(CHANGED_HEADLINE);
    await app.getByRole('button', { name: '保存', exact: true }).click();
    await expect(app.locator('.save-indicator')).toHaveText('已保存');
    expect(await host.readStory(STORY)).toMatchObject({ headline: CHANGED_HEADLINE });
    await app.getByRole('button', { name: '返回稿库' }).click();
    await expect(app.getByRole('table', { name: '稿件' }).getByText(CHANGED_HEADLINE)).toBeVisible();

    // Restore the backup: the confirmation says a safety backup is made first.
    ({ dialog, section } = await openBackups(app));
    await mine.getByRole('button', { name: /恢复/ }).click();
    const confirm = app.getByRole('dialog', { name: '恢复此备份？' });
    await expect(confirm).toContainText('安全备份');
    await confirm.getByRole('button', { name: '恢复', exact: true }).click();
    await expect(section.getByRole('status')).toContainText('稿库已恢复到');
    // The safety backup of the changed library is listed too.
    await expect(table.getByRole('row').filter({ hasText: '自动' })).not.toHaveCount(0);
    await dialog.getByRole('button', { name: '关闭' }).click();

    // The story is back, in the list, in the editor and on disk.
    const stories = app.getByRole('table', { name: '稿件' });
    await expect(stories.getByRole('link', { name: HEADLINE })).toBeVisible();
    await expect(stories.getByText(CHANGED_HEADLINE)).toHaveCount(0);
    expect(await host.readStory(STORY)).toMatchObject({ headline: HEADLINE });
    await stories.getByRole('link', { name: HEADLINE }).click();
    await expect(app.getByLabel('主题')).toHaveValue(HEADLINE);
  });

  test('a second Masthead on the same library opens it read-only and saves nothing', async ({ app, host, browser }) => {
    // The fixture's host holds the library; a second host on the same folder is the second desk.
    const second = await startSecondHost(host.libraryDir, join(host.settingsDir, '..', 'settings-2'));
    try {
      const page = await browser.newPage();
      await page.goto(second.url);
      await expect(page.locator('body[data-ready="true"]')).toBeAttached();
      await expect(page.getByRole('alert').filter({ hasText: '只读' })).toContainText(
        '这里可以阅读，但所做修改不会保存',
      );

      await expect(page.getByRole('button', { name: '新建中文稿' })).toBeDisabled();

      await page.getByRole('table', { name: '稿件' }).getByRole('link', { name: HEADLINE }).click();
      await page.getByLabel('主题').fill(CHANGED_HEADLINE);
      await page.getByRole('button', { name: '保存', exact: true }).click();
      await expect(page.getByRole('alert').filter({ hasText: '稿库正在另一处的报头中打开' })).toContainText(
        'read-only here',
      );
      expect(await host.readStory(STORY)).toMatchObject({ headline: HEADLINE });
      await page.close();

      // The holder still writes.
      await app.getByRole('table', { name: '稿件' }).getByRole('link', { name: HEADLINE }).click();
      await app.getByLabel('主题').fill(CHANGED_HEADLINE);
      await app.getByRole('button', { name: '保存', exact: true }).click();
      await expect(app.locator('.save-indicator')).toHaveText('已保存');
    } finally {
      second.child.kill('SIGTERM');
    }
    // The reader leaves the holder's lock alone when it stops.
    await new Promise((ok) => second.child.once('exit', ok));
    const lock = JSON.parse(await readFile(join(host.libraryDir, '.masthead-lock'), 'utf8')) as { app: string };
    expect(lock.app).toBe('web');
  });
});

/** Another web host on the same library, as a second workstation sharing the folder would be. */
async function startSecondHost(libraryDir: string, settingsDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'electron/web/serve.ts'), '--library', libraryDir, '--settings', settingsDir],
    { cwd: repoRoot, env: { ...process.env, LANG: 'zh_CN.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`second web host did not start:\n${log}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const match = /Masthead web host: (\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        ok(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  });
  return { child, url };
}
