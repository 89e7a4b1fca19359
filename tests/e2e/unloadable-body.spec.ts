import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';

/**
 * Issue 13, item 1: a body the editor's schema cannot hold (here an `underline` mark and an
 * unknown block, written by some other tool) used to load blank, and the first keystroke
 * saved the blank over the text. It must open read-only with the text visible and a notice.
 */
test('a story body the editor cannot load opens read-only, with its text, and is never saved over', async ({
  app,
  host,
}, testInfo) => {
  const id = 'sample-zh-riverside-library';
  const file = join(host.libraryDir, 'stories', `${id}.json`);
  const story = JSON.parse(await readFile(file, 'utf8'));
  const body = {
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: '划线的导语不能丢。', marks: [{ type: 'underline' }] }] },
      { type: 'pollWidget', content: [{ type: 'text', text: '读者投票：你支持延长开放时间吗？' }] },
    ],
  };
  await writeFile(file, JSON.stringify({ ...story, body }));

  await app.goto(`${host.url}#/story/${id}`);
  const notice = app.getByRole('alert').filter({ hasText: '只读' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('underline');
  const text = app.getByRole('textbox', { name: '正文（只读）' });
  await expect(text).toContainText('划线的导语不能丢。');
  await expect(text).toContainText('读者投票：你支持延长开放时间吗？');
  await expect(app.locator('.ProseMirror')).toHaveCount(0);
  await app.screenshot({ path: testInfo.outputPath('unloadable-body.png'), fullPage: true });

  // Typing into the body area changes nothing; the other fields still save.
  await text.click();
  await app.keyboard.type('X');
  const headline = app.getByRole('textbox', { name: '主题' });
  await headline.fill('滨江图书馆夜间开放');
  await expect(app.locator('.save-indicator')).toHaveText('已保存');
  await expect.poll(async () => (await host.readStory(id)).headline).toBe('滨江图书馆夜间开放');
  expect((await host.readStory(id)).body).toEqual(body);
});
