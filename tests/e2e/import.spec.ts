import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, repoRoot, test } from './fixtures';

const samples = join(repoRoot, '..', 'shared', 'samples');

/** Every story file in the library, parsed. */
async function storiesOnDisk(libraryDir: string): Promise<Record<string, unknown>[]> {
  const dir = join(libraryDir, 'stories');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8'))));
}

test.describe('importing stories', () => {
  test('pastes a page, fixes a story split in the preview, and finds the stories in the library', async ({
    app,
    host,
  }) => {
    const page = await readFile(join(samples, 'zh-page.txt'), 'utf8');
    const expected = JSON.parse(await readFile(join(samples, 'zh-page.expected.json'), 'utf8')) as {
      stories: { kicker: string | null; headline: string }[];
    };
    // The third story printed without a dateline, its kicker and headline on lines of their
    // own, and only one blank line above them: nothing tells the importer a story starts
    // there, so it reads them as two cross-heads of the second story. The editor fixes that.
    const pasted = page.replace(/\n{3,}让群众在家门口享受优质公共服务 /u, '\n\n让群众在家门口享受优质公共服务\n\n');
    expect(pasted).not.toBe(page);

    await app.getByRole('button', { name: '导入', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: '导入稿件' });
    await dialog.getByLabel('要导入的文本').fill(pasted);
    await dialog.getByRole('button', { name: '读取并预览' }).click();
    await expect(dialog.getByText('找到 2 篇稿件')).toBeVisible();

    const forum = dialog.getByRole('article', { name: /首届长江口国际航运论坛开幕/ });
    await expect(forum).toContainText('让群众在家门口享受优质公共服务');
    await forum.getByRole('button', { name: /逐行查看与调整/ }).click();
    const kickerRow = forum.getByRole('listitem').filter({ hasText: '让群众在家门口享受优质公共服务' });
    await kickerRow.getByRole('button', { name: '从此处拆分' }).click();
    await expect(dialog.getByRole('article')).toHaveCount(3);
    await expect(forum).not.toContainText('让群众在家门口享受优质公共服务');

    const third = dialog.getByRole('article', { name: /^第 3 篇/ });
    await expect(third.getByRole('heading', { name: '第 3 篇' })).toBeFocused();
    await third.getByRole('button', { name: /逐行查看与调整/ }).click();
    await third
      .getByRole('listitem')
      .filter({ hasText: '让群众在家门口享受优质公共服务' })
      .getByRole('combobox')
      .selectOption('kicker');
    await third
      .getByRole('listitem')
      .filter({ hasText: '滨江“十五分钟社区生活圈”建设全面提速' })
      .getByRole('combobox')
      .selectOption('headline');
    await expect(dialog.getByRole('article', { name: /^第 3 篇 滨江“十五分钟社区生活圈”建设全面提速/ })).toBeVisible();

    const forAll = dialog.getByRole('group', { name: '全部稿件' });
    await forAll.getByLabel('版面/栏目').fill('要闻');
    await forAll.getByRole('button', { name: '应用到全部' }).click();
    await expect(dialog.getByRole('article').first().getByLabel('版面/栏目')).toHaveValue('要闻');

    await dialog.getByRole('button', { name: '导入 3 篇稿件' }).click();
    await expect(dialog.getByText('已导入 3 篇稿件')).toBeVisible();
    await dialog.getByRole('button', { name: '打开稿库' }).click();
    await expect(dialog).toBeHidden();

    const table = app.getByRole('table', { name: '稿件' });
    for (const story of expected.stories) await expect(table.getByText(story.headline, { exact: true })).toBeVisible();

    const onDisk = await storiesOnDisk(host.libraryDir);
    for (const story of expected.stories) {
      const saved = onDisk.find((s) => s.headline === story.headline);
      expect(saved, `a story "${story.headline}" on disk`).toBeTruthy();
      expect(saved).toMatchObject({
        kicker: story.kicker ?? '',
        section: '要闻',
        status: 'draft',
        language: 'zh-Hans',
      });
      expect(String(saved!.notes)).toContain('Imported from paste.');
    }
  });

  test('keeps the structure of formatted text pasted from a web page or Word', async ({ app, host }) => {
    await app.getByRole('button', { name: '导入', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: '导入稿件' });
    const box = dialog.getByLabel('要导入的文本');
    await box.focus();
    // What the clipboard holds after copying two stories from a web page.
    await box.evaluate((el) => {
      const data = new DataTransfer();
      data.setData(
        'text/html',
        '<meta charset="utf-8"><h1>Ferries to run all night</h1><h2>Harbour Authority extends service</h2>' +
          '<p>PORT HADLEY — The Harbour Authority said on Tuesday that ferries would run through the night.</p>' +
          '<h1>Library opens on Sundays</h1><p>All four branches will open on Sundays.</p>',
      );
      data.setData(
        'text/plain',
        'Ferries to run all night\nHarbour Authority extends service\nPORT HADLEY — The Harbour Authority said on Tuesday that ferries would run through the night.\nLibrary opens on Sundays\nAll four branches will open on Sundays.',
      );
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect(box).toHaveValue(/^Ferries to run all night\nHarbour Authority/);
    await expect(dialog.getByText('已粘贴带格式的文本，将按其中的标题和段落读取。')).toBeVisible();

    await dialog.getByRole('button', { name: '读取并预览' }).click();
    await expect(dialog.getByText('找到 2 篇稿件')).toBeVisible();
    const ferries = dialog.getByRole('article', { name: /Ferries to run all night/ });
    await expect(ferries).toContainText('Harbour Authority extends service');
    await expect(ferries).toContainText('PORT HADLEY');
    await dialog
      .getByRole('article', { name: /Library opens on Sundays/ })
      .getByLabel('导入这篇稿件')
      .uncheck();
    await dialog.getByRole('button', { name: '导入 1 篇稿件' }).click();
    await expect(dialog.getByText('已导入 1 篇稿件')).toBeVisible();
    const saved = (await storiesOnDisk(host.libraryDir)).filter((s) =>
      String(s.notes).includes('Imported from paste.'),
    );
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      headline: 'Ferries to run all night',
      subheadline: 'Harbour Authority extends service',
      dateline: 'PORT HADLEY',
      language: 'en',
    });
  });

  test('reads several files at once, shows the broken one, and imports the good one', async ({ app, host }) => {
    const dir = await mkdtemp(join(tmpdir(), 'masthead-import-e2e-'));
    try {
      const broken = join(dir, 'broken.docx');
      await writeFile(broken, 'not a Word file, only text with a .docx name');
      const english = join(samples, 'en-page.txt');

      await app.getByRole('button', { name: '导入', exact: true }).click();
      const dialog = app.getByRole('dialog', { name: '导入稿件' });
      await dialog.getByRole('tab', { name: '文件' }).click();
      const chooser = app.waitForEvent('filechooser');
      await dialog.getByRole('button', { name: '选择文件' }).click();
      await (await chooser).setFiles([english, broken]);
      await expect(dialog.getByRole('list', { name: '待读取的文件' }).getByRole('listitem')).toHaveCount(2);

      await dialog.getByRole('button', { name: '读取并预览' }).click();
      await expect(dialog.getByText('找到 2 篇稿件')).toBeVisible();
      const failed = dialog.getByRole('region', { name: '1 个文件无法读取' });
      await expect(failed).toContainText('broken.docx');
      await expect(failed).toContainText('broken.docx is not a Word document that can be read');
      const bridge = dialog.getByRole('article', { name: /COUNCIL VOTES TO REBUILD HARBOR BRIDGE/ });
      await expect(bridge).toContainText('en-page.txt');
      await expect(bridge).toContainText('Continued on Page A6');

      await dialog.getByRole('button', { name: '导入 2 篇稿件' }).click();
      await expect(dialog.getByText('已导入 2 篇稿件')).toBeVisible();
      await dialog.getByRole('button', { name: '关闭' }).click();
      await expect(dialog).toBeHidden();

      // The library behind the dialog reloaded by itself.
      const table = app.getByRole('table', { name: '稿件' });
      await expect(table.getByText('COUNCIL VOTES TO REBUILD HARBOR BRIDGE', { exact: true })).toBeVisible();
      await expect(table.getByText('Library extends weekend hours', { exact: true })).toBeVisible();
      const saved = (await storiesOnDisk(host.libraryDir)).find(
        (s) => s.headline === 'COUNCIL VOTES TO REBUILD HARBOR BRIDGE',
      );
      expect(saved).toMatchObject({ language: 'en', dateline: 'PORT HADLEY', status: 'draft' });
      expect(String(saved!.notes)).toContain('Imported from en-page.txt.');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  test('opens with the files dropped anywhere on the window', async ({ app }) => {
    const english = await readFile(join(samples, 'en-page.txt'), 'utf8');
    const dataTransfer = await app.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'page-a1.txt', { type: 'text/plain' }));
      data.items.add(new File(['%PDF-1.7'], 'page-a2.pdf', { type: 'application/pdf' }));
      return data;
    }, english);
    const table = app.getByRole('table', { name: '稿件' });
    await table.dispatchEvent('dragenter', { dataTransfer });
    await table.dispatchEvent('dragover', { dataTransfer });
    await table.dispatchEvent('drop', { dataTransfer });

    const dialog = app.getByRole('dialog', { name: '导入稿件' });
    await expect(dialog.getByRole('tab', { name: /文件/ })).toHaveAttribute('aria-selected', 'true');
    const files = dialog.getByRole('list', { name: '待读取的文件' });
    await expect(files.getByRole('listitem')).toHaveCount(2);
    await expect(files.getByRole('listitem').filter({ hasText: 'page-a2.pdf' })).toContainText('不是可导入的文件类型');

    await dialog.getByRole('button', { name: '读取并预览' }).click();
    await expect(dialog.getByText('找到 2 篇稿件')).toBeVisible();
    await expect(dialog.getByRole('region', { name: '1 个文件无法读取' })).toContainText('page-a2.pdf');
  });
});

test('maps a newsroom Word style to a story field in settings, kept on disk', async ({ app, host }) => {
  await app.getByRole('button', { name: '设置' }).click();
  const dialog = app.getByRole('dialog');
  await dialog.getByLabel('Word 样式名').fill('NP Kicker');
  await dialog.getByLabel('对应为').selectOption('kicker');
  await dialog.getByRole('button', { name: '添加样式' }).click();
  await expect(dialog.getByRole('button', { name: '删除样式 NP Kicker' })).toBeVisible();
  await expect
    .poll(async () => JSON.parse(await readFile(join(host.settingsDir, 'settings.json'), 'utf8')).wordStyles)
    .toEqual([{ style: 'NP Kicker', role: 'kicker' }]);
});
