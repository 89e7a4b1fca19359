import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Where a screenshot goes when someone wants to look (MASTHEAD_SHOTS=/some/folder). */
const shot = async (page: Page, name: string) => {
  if (process.env.MASTHEAD_SHOTS) await page.screenshot({ path: `${process.env.MASTHEAD_SHOTS}/${name}.png` });
};

test('Chinese story: typos are underlined as typed, the card corrects one, banned wording is marked', async ({
  app,
}) => {
  await app.getByRole('button', { name: '新建中文稿件' }).click();
  const body = app.getByRole('textbox', { name: '正文' });
  await expect(body).toBeVisible();
  await body.click();
  await app.keyboard.insertText('各部门要再接再励，把部份工作做好。北朝鲜代表团按时到访。');

  const typo = app.locator('.story-body .proof-mark--typo', { hasText: '再接再励' });
  await expect(typo).toBeVisible();
  await expect(app.locator('.story-body .proof-mark--sensitive', { hasText: '北朝鲜' })).toBeVisible();
  await expect(app.locator('.proofing__summary')).toContainText('3 处问题');
  await shot(app, 'proofing-zh-underlines');

  await typo.click();
  const card = app.getByRole('dialog', { name: '校对提示' });
  await expect(card).toContainText('再接再厉');
  await shot(app, 'proofing-zh-card');
  await card.getByRole('button', { name: '采纳' }).click();
  await expect(body).toContainText('各部门要再接再厉');
  await expect(app.locator('.proofing__summary')).toContainText('2 处问题');

  // Ignore in this story: the banned term stays in the text, its underline goes.
  await app.locator('.story-body .proof-mark--sensitive').click();
  await app.getByRole('dialog', { name: '校对提示' }).getByRole('button', { name: '本稿忽略' }).click();
  await expect(app.locator('.story-body .proof-mark--sensitive')).toHaveCount(0);
  await app.getByRole('button', { name: '显示问题' }).click();
  await expect(app.locator('.proofing__list')).toContainText('部份');
  await shot(app, 'proofing-zh-panel');
});

test('English story: spelling and repeated words are underlined, the card offers the dictionary’s word', async ({
  app,
}) => {
  await app.getByRole('button', { name: '新建英文稿件' }).click();
  const body = app.getByRole('textbox', { name: '正文' });
  await expect(body).toBeVisible();
  await body.click();
  await app.keyboard.insertText('The council voted to recieve the the bids on Tuesday.');
  const misspelt = app.locator('.story-body .proof-mark--typo', { hasText: 'recieve' });
  await expect(misspelt).toBeVisible();
  await expect(app.locator('.story-body .proof-mark--typo', { hasText: 'the the' })).toBeVisible();
  await misspelt.click();
  const card = app.getByRole('dialog', { name: '校对提示' });
  await expect(card).toContainText('receive');
  await shot(app, 'proofing-en-card');
  await card.getByRole('button', { name: '采纳' }).click();
  await expect(body).toContainText('voted to receive');
});
