import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, repoRoot, test } from './fixtures';

const samples = join(repoRoot, '..', 'shared', 'samples');
const SHOTS = process.env.MASTHEAD_SHOTS;

async function headlinesOnDisk(libraryDir: string): Promise<string[]> {
  const dir = join(libraryDir, 'stories');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  const stories = await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8'))));
  return stories.map((s: { headline: string }) => s.headline);
}

/**
 * Issue 13, item 8 in the app: the same file imported a second time is noticed by its bytes'
 * SHA-256 (recorded in imports/ as each story is saved) and the preview asks before making
 * its stories again; leaving it out imports nothing, importing again makes them a second time.
 */
test('asks before importing a file a second time, and imports it again only when told', async ({ app, host }) => {
  const file = join(samples, 'en-page.txt');
  const sha256 = createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
  const bridge = 'COUNCIL VOTES TO REBUILD HARBOR BRIDGE';
  const count = async () => (await headlinesOnDisk(host.libraryDir)).filter((h) => h === bridge).length;

  const dialog = app.getByRole('dialog', { name: '导入稿件' });
  const chooseAndRead = async () => {
    await dialog.getByRole('tab', { name: '文件' }).click();
    const chooser = app.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: '选择文件' }).click();
    await (await chooser).setFiles([file]);
    await dialog.getByRole('button', { name: '读取并预览' }).click();
  };

  // The first import: no question, and the file's stories are recorded against its hash.
  await app.getByRole('button', { name: '导入', exact: true }).click();
  await chooseAndRead();
  await expect(dialog.getByText('找到 2 篇稿件')).toBeVisible();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByRole('button', { name: '导入 2 篇稿件' }).click();
  await expect(dialog.getByText('已导入 2 篇稿件')).toBeVisible();
  expect(await count()).toBe(1);
  const record = JSON.parse(await readFile(join(host.libraryDir, 'imports', `${sha256}.json`), 'utf8'));
  expect(record.stories.map((s: { headline: string }) => s.headline)).toContain(bridge);

  // The same file again: the preview asks, and holds its stories back until answered.
  await dialog.getByRole('button', { name: '继续导入' }).click();
  await chooseAndRead();
  const question = dialog.getByRole('alert').filter({ hasText: '要再导入一次吗' });
  await expect(question).toContainText('“en-page.txt”已于');
  await expect(question).toContainText('导入，生成 2 篇稿件：要再导入一次吗？');
  await expect(dialog.getByRole('article')).toHaveCount(0);
  if (SHOTS) await app.screenshot({ path: `${SHOTS}/import-again-zh-1280.png` });
  await question.getByRole('button', { name: '不导入' }).click();
  await expect(question).toBeHidden();
  await expect(dialog.getByRole('article')).toHaveCount(0);
  expect(await count()).toBe(1);

  // Asked again, and this time told to import it again: the stories are made a second time.
  await dialog.getByRole('button', { name: '返回修改' }).click();
  await chooseAndRead();
  await dialog.getByRole('button', { name: '再次导入“en-page.txt”' }).click();
  await expect(dialog.getByText('找到 2 篇稿件')).toBeVisible();
  await dialog.getByRole('button', { name: '导入 2 篇稿件' }).click();
  await expect(dialog.getByText('已导入 2 篇稿件')).toBeVisible();
  expect(await count()).toBe(2);
  const after = JSON.parse(await readFile(join(host.libraryDir, 'imports', `${sha256}.json`), 'utf8'));
  expect(after.stories).toHaveLength(4);
});
