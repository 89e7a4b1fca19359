import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Every dialog fits an 800 px wide window in both interface languages (issue 14). */

const SHOTS = process.env.MASTHEAD_SHOTS;

/** Nothing in the dialog sticks out of it or needs a sideways scroll. */
async function expectFits(dialog: Locator, name: string): Promise<void> {
  await expect(dialog).toBeVisible();
  const overflow = await dialog.evaluate((root) => {
    const box = root.getBoundingClientRect();
    const out: string[] = [];
    if (box.left < 0 || box.right > window.innerWidth) out.push(`dialog ${box.left}–${box.right}`);
    for (const el of root.querySelectorAll<HTMLElement>('*')) {
      // Visually hidden labels (1 px, clipped) are for screen readers, not laid out.
      if (el.getBoundingClientRect().width <= 2) continue;
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
        // A scroll box for long content (a path, a diff) is fine; a form control is not.
        if (el.matches('input, select, textarea, button, label, .field')) out.push(`${el.tagName} scrolls`);
      }
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1)) {
        out.push(
          `${el.tagName}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(box.right)}`,
        );
      }
    }
    return out.slice(0, 5);
  });
  expect(overflow, name).toEqual([]);
}

async function setLanguage(app: Page, language: '中文' | 'English'): Promise<void> {
  await app.keyboard.press('Control+,');
  const settings = app.getByRole('dialog', { name: /设置|Settings/ });
  await settings.getByRole('combobox').first().selectOption({ label: language });
  await settings.getByRole('button', { name: /关闭|Close/ }).click();
}

for (const language of ['zh', 'en'] as const) {
  test(`dialogs fit 800 px wide in the ${language} interface`, async ({ app }) => {
    if (language === 'en') await setLanguage(app, 'English');
    const zh = language === 'zh';
    for (const width of [1280, 800]) {
      await app.setViewportSize({ width, height: 860 });
      await app.keyboard.press('Control+,');
      const settings = app.getByRole('dialog', { name: zh ? '设置' : 'Settings' });
      if (width === 800) await expectFits(settings, 'settings');
      if (SHOTS) await app.screenshot({ path: `${SHOTS}/settings-${language}-${width}.png` });
      await settings.getByRole('button', { name: zh ? '关闭' : 'Close' }).click();
    }

    await app.setViewportSize({ width: 800, height: 860 });
    await app
      .getByRole('button', { name: zh ? '新建中文稿' : 'New Chinese' })
      .first()
      .click();
    await app.getByLabel(zh ? '主题' : 'Headline (主题)').fill('滨江图书馆今起免费开放');
    await app.getByRole('textbox', { name: zh ? '正文' : 'Story body' }).click();
    await app.keyboard.type('记者从市文化局获悉,滨江图书馆今天起免费开放。');
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/editor-${language}-800.png` });

    await app.keyboard.press('Control+Shift+P');
    const palette = app.getByRole('dialog', { name: zh ? '命令面板' : 'Command palette' });
    await expectFits(palette, 'palette');
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/palette-${language}-800.png` });
    await app.keyboard.press('Escape');

    await app.keyboard.press('Control+Shift+S');
    const naming = app.getByRole('dialog', { name: zh ? '另存为命名版本' : 'Save as named version' });
    await expectFits(naming, 'name version');
    await naming.getByRole('button', { name: zh ? '保存版本' : 'Save version' }).click();

    await app.getByRole('button', { name: zh ? '修订记录' : 'History' }).click();
    const history = app.getByRole('dialog', { name: zh ? '修订记录' : 'Revision history' });
    await expectFits(history, 'history');
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/history-${language}-800.png` });
    await history.getByRole('button', { name: zh ? '关闭' : 'Close' }).click();

    await app.getByRole('button', { name: zh ? '标点规范' : 'Normalise punctuation' }).click();
    const normalise = app.getByRole('dialog', { name: zh ? '标点规范' : /punctuation/i });
    await expectFits(normalise, 'normalise');
    await app.keyboard.press('Escape');

    await app.getByRole('button', { name: zh ? '简繁转换' : 'Simplified ↔ traditional' }).click();
    const convert = app.getByRole('dialog').last();
    await expectFits(convert, 'convert');
    await app.keyboard.press('Escape');

    await app.setViewportSize({ width: 1280, height: 860 });
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/editor-${language}-1280.png` });
    await app.keyboard.press('Control+Shift+P');
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/palette-${language}-1280.png` });
    await app.keyboard.press('Escape');
    await app.getByRole('button', { name: zh ? '修订记录' : 'History' }).click();
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/history-${language}-1280.png` });
  });
}

/** Every control of the app header is whole and inside the window; the search box keeps a usable width. */
async function expectHeaderFits(app: Page, name: string): Promise<void> {
  const header = app.locator('header.app-header');
  const problems = await header.evaluate((root) => {
    const out: string[] = [];
    if (root.scrollWidth > root.clientWidth + 1) out.push('the header scrolls sideways');
    for (const el of root.querySelectorAll<HTMLElement>('a, button, input, .search')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      const label = `${el.tagName} "${(el.textContent || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '').trim()}"`;
      if (r.left < 0 || r.right > window.innerWidth) out.push(`${label} ${Math.round(r.left)}–${Math.round(r.right)}`);
      if (el.scrollWidth > el.clientWidth + 1 && !el.matches('input')) out.push(`${label} is cut off`);
    }
    const search = root.querySelector<HTMLElement>('.search__input');
    if (!search || search.getBoundingClientRect().width < 180) {
      out.push(`search box ${search?.getBoundingClientRect().width ?? 0} px wide`);
    }
    return out;
  });
  expect(problems, name).toEqual([]);
}

for (const language of ['zh', 'en'] as const) {
  test(`the app header fits 800 px wide in the ${language} interface`, async ({ app }) => {
    if (language === 'en') await setLanguage(app, 'English');
    const zh = language === 'zh';
    for (const width of [1280, 800]) {
      await app.setViewportSize({ width, height: 860 });
      await expectHeaderFits(app, `library at ${width}`);
      // The library's page/section column names the page a placed sample story runs on, uncut.
      const place = app.locator('.story-table__place-text').first();
      await expect(place).toHaveText(zh ? /^第\d+版 \S/ : /^Page \d+ · \S/);
      expect(
        await place.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1),
        `place column at ${width}`,
      ).toBe(true);
      await expect(app.getByRole('button', { name: zh ? '新建英文稿件' : 'New English story' })).toBeInViewport({
        ratio: 1,
      });
      if (SHOTS) await app.screenshot({ path: `${SHOTS}/header-${language}-${width}.png` });
    }
    // In a story the toolbar sticks just under the header, whatever its height, even scrolled.
    await app
      .getByRole('button', { name: zh ? '新建中文稿' : 'New Chinese' })
      .first()
      .click();
    await app.getByRole('textbox', { name: zh ? '正文' : 'Story body' }).click();
    await app.keyboard.type('记者从市文化局获悉。'.repeat(200));
    await app.mouse.wheel(0, 1500);
    await expectHeaderFits(app, 'story at 800');
    const header = await app.locator('header.app-header').boundingBox();
    const toolbar = await app.locator('.story-toolbar').boundingBox();
    expect(toolbar!.y).toBeGreaterThanOrEqual(header!.y + header!.height - 1);
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/header-story-${language}-800.png` });
  });
}
