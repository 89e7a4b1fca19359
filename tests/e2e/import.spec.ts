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
    // The third story printed with a one-line head of nine characters, one blank line above
    // it and no dateline: nothing tells it from a cross-head of the second story, so the
    // importer keeps it as body text of that story and asks. The editor makes it a story.
    const pasted = page.replace(
      /\n{3,}让群众在家门口享受优质公共服务 滨江“十五分钟社区生活圈”建设全面提速/u,
      '\n\n社区生活圈建设提速',
    );
    expect(pasted).not.toBe(page);
    const headlines = [
      '加快建设长江口国际数据港',
      '首届长江口国际航运论坛开幕,市长周明远会见与会嘉宾代表',
      '社区生活圈建设提速',
    ];

    await app.getByRole('button', { name: '导入', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: '导入稿件' });
    await dialog.getByLabel('要导入的文本').fill(pasted);
    await dialog.getByRole('button', { name: '读取并预览' }).click();
    await expect(dialog.getByText('找到 2 篇稿件')).toBeVisible();

    const forum = dialog.getByRole('article', { name: /首届长江口国际航运论坛开幕/ });
    await expect(
      forum.getByRole('list', { name: '导入前请核对' }).getByRole('group', { name: '小标题还是断开的段落？' }),
    ).toHaveCount(1);
    await forum.getByRole('button', { name: /逐行查看与调整/ }).click();
    const strayRow = forum
      .getByRole('listitem')
      .filter({ has: app.getByLabel(/^第 \d+ 行的文字/) })
      .filter({
        has: app.locator('textarea', { hasText: '社区生活圈建设提速' }),
      });
    await strayRow.getByRole('button', { name: '从此处拆分' }).click();
    await expect(dialog.getByRole('article')).toHaveCount(3);
    await expect(forum).not.toContainText('社区生活圈建设提速');

    const third = dialog.getByRole('article', { name: /^第 3 篇/ });
    await expect(third.getByRole('heading', { name: '第 3 篇' })).toBeFocused();
    await third.getByRole('button', { name: /逐行查看与调整/ }).click();
    await third
      .getByRole('combobox', { name: /^第 \d+ 行的作用/ })
      .first()
      .selectOption('headline');
    await expect(dialog.getByRole('article', { name: /^第 3 篇 社区生活圈建设提速/ })).toBeVisible();

    const forAll = dialog.getByRole('group', { name: '全部稿件' });
    await forAll.getByLabel('版面/栏目').fill('要闻');
    await forAll.getByRole('button', { name: '应用到全部' }).click();
    await expect(dialog.getByRole('article').first().getByLabel('版面/栏目')).toHaveValue('要闻');

    await dialog.getByRole('button', { name: '导入 3 篇稿件' }).click();
    await expect(dialog.getByText('已导入 3 篇稿件')).toBeVisible();
    await dialog.getByRole('button', { name: '打开稿库' }).click();
    await expect(dialog).toBeHidden();

    const table = app.getByRole('table', { name: '稿件' });
    for (const headline of headlines) await expect(table.getByText(headline, { exact: true })).toBeVisible();

    const onDisk = await storiesOnDisk(host.libraryDir);
    for (const headline of headlines) {
      const saved = onDisk.find((s) => s.headline === headline);
      expect(saved, `a story "${headline}" on disk`).toBeTruthy();
      expect(saved).toMatchObject({ section: '要闻', status: 'draft', language: 'zh-Hans' });
      expect(String(saved!.notes)).toContain('Imported from paste.');
    }
    const third3 = onDisk.find((s) => s.headline === '社区生活圈建设提速')!;
    expect(JSON.stringify(third3.body)).toContain('小区门口新开了老年助餐点');
  });

  test('splits a line at the caret and merges lines, with the mouse and the keyboard, and answers a flagged line in one click', async ({
    app,
    host,
  }) => {
    // A head run into its first paragraph on one line (a bad copy), a paragraph broken by a
    // column break into two lines with a head-like first half, and a line the importer asks about.
    const pasted = [
      '滨江港集装箱吞吐量创新高本报讯 上半年全港完成集装箱吞吐量一千二百六十万标准箱。',
      '',
      '会上,港务集团、海关和',
      '',
      '边检等单位负责人作了发言。',
      '',
      '滨江港集装箱码头三期工程',
      '',
      '昨天开工,预计明年建成。',
      '',
      '海铁联运箱量达到四十二万吨',
      '',
      '同比增长近三成。',
      '',
      '港口作业效率有望进一步提',
      '',
      '升。',
      '',
      '集疏运体系建设加快推进',
      '',
      '新开通三条海铁联运班列。',
    ].join('\n');
    await app.getByRole('button', { name: '导入', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: '导入稿件' });
    await dialog.getByLabel('要导入的文本').fill(pasted);
    await dialog.getByRole('button', { name: '读取并预览' }).click();
    await expect(dialog.getByText('找到 1 篇稿件')).toBeVisible();
    const story = dialog.getByRole('article').first();
    await story.getByRole('button', { name: /逐行查看与调整/ }).click();
    const lines = story.getByRole('textbox', { name: /^第 \d+ 行的文字/ });

    // Split with the keyboard: caret after the head, Enter.
    const glued = lines.first();
    await expect(glued).toHaveValue(/^滨江港集装箱吞吐量创新高本报讯/);
    await glued.focus();
    await glued.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(12, 12));
    await glued.press('Enter');
    await expect(lines.first()).toHaveValue('滨江港集装箱吞吐量创新高');
    await expect(story.getByRole('combobox', { name: /^第 1 行的作用/ }).first()).toHaveValue('headline');
    await expect(story).toHaveAccessibleName(/滨江港集装箱吞吐量创新高/);
    await expect(lines.nth(1)).toHaveValue(/^本报讯 上半年/);

    // Split with the mouse: click in the text to place the caret, then the button.
    const rest = lines.nth(1);
    await rest.click();
    await rest.evaluate((el: HTMLTextAreaElement) => {
      el.setSelectionRange(3, 3);
      el.dispatchEvent(new Event('select', { bubbles: true }));
    });
    const rowOf = (line: number) =>
      story
        .getByRole('listitem')
        .filter({ has: app.getByRole('textbox', { name: new RegExp(`^第 ${line} 行的文字`) }) });
    const restRow = rowOf(1).nth(1);
    await restRow.getByRole('button', { name: '在光标处断行' }).click();
    await restRow.getByRole('combobox').selectOption('dateline');
    await expect(lines.nth(1)).toHaveValue('本报讯');
    await expect(lines.nth(2)).toHaveValue(/^上半年全港完成/);

    // The flagged line: one click makes it the first line of the paragraph after it.
    const questions = story
      .getByRole('list', { name: '导入前请核对' })
      .getByRole('group', { name: '小标题还是断开的段落？' });
    await expect(questions).toHaveCount(3);
    await questions.first().getByRole('button', { name: '与下一段合并' }).click();
    await expect(questions).toHaveCount(2);
    await expect(rowOf(7).getByRole('textbox')).toHaveValue('滨江港集装箱码头三期工程昨天开工,预计明年建成。');

    // Merge with the mouse, then with the keyboard (Delete at the end of a line).
    await expect(rowOf(11).getByRole('textbox')).toHaveValue('海铁联运箱量达到四十二万吨');
    await rowOf(11).getByRole('button', { name: '与下一行合并' }).click();
    await expect(rowOf(11).getByRole('textbox')).toHaveValue('海铁联运箱量达到四十二万吨同比增长近三成。');
    // A line cut before a one-character stub (提 / 升。) the importer joined by itself.
    await expect(rowOf(15).getByRole('textbox')).toHaveValue('港口作业效率有望进一步提升。');
    const cut = rowOf(19).getByRole('textbox');
    await expect(cut).toHaveValue('集疏运体系建设加快推进');
    await cut.focus();
    await cut.press('End');
    await cut.press('Delete');
    await expect(lines.last()).toHaveValue('集疏运体系建设加快推进新开通三条海铁联运班列。');
    await expect(questions).toHaveCount(0);

    await dialog.getByRole('button', { name: '导入 1 篇稿件' }).click();
    await expect(dialog.getByText('已导入 1 篇稿件')).toBeVisible();
    const saved = (await storiesOnDisk(host.libraryDir)).find((s) => s.headline === '滨江港集装箱吞吐量创新高');
    expect(saved).toMatchObject({ dateline: '本报讯', language: 'zh-Hans' });
    const body = JSON.stringify(saved!.body);
    expect(body).toContain('滨江港集装箱码头三期工程昨天开工,预计明年建成。');
    expect(body).toContain('海铁联运箱量达到四十二万吨同比增长近三成。');
    expect(body).toContain('港口作业效率有望进一步提升。');
    expect(body).toContain('集疏运体系建设加快推进新开通三条海铁联运班列。');
    expect(body).toContain('边检等单位负责人作了发言');
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
