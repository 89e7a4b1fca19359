import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The library's column headers are read whole at 800 px in both interface languages (issue 14). */

const SHOTS = process.env.MASTHEAD_SHOTS;

async function setLanguage(app: Page, language: 'English'): Promise<void> {
  await app.keyboard.press('Control+,');
  const settings = app.getByRole('dialog', { name: /设置|Settings/ });
  await settings.getByRole('combobox').first().selectOption({ label: language });
  await settings.getByRole('button', { name: /关闭|Close/ }).click();
}

for (const language of ['zh', 'en'] as const) {
  test(`the library's column headers are not clipped at 800 px in the ${language} interface`, async ({ app }) => {
    if (language === 'en') await setLanguage(app, 'English');
    await app.setViewportSize({ width: 800, height: 700 });
    const table = app.getByRole('table', { name: language === 'zh' ? '稿件' : 'Stories' });
    await expect(table).toBeVisible();
    const headers = table.getByRole('columnheader');
    await expect(headers).toHaveCount(5);
    if (SHOTS) await app.screenshot({ path: `${SHOTS}/library-${language}-800.png` });
    // Each header's label fits its column: nothing hidden past the cell's edge.
    const clipped = await headers.evaluateAll((cells) =>
      cells
        .map((cell) => {
          const button = cell.querySelector('button')!;
          const cellBox = cell.getBoundingClientRect();
          const style = getComputedStyle(cell);
          const inner = cellBox.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
          const label = button.getBoundingClientRect();
          return label.right > inner + 0.5 || button.scrollWidth > button.clientWidth + 1 ? cell.textContent : null;
        })
        .filter((text) => text !== null),
    );
    expect(clipped).toEqual([]);
    if (language === 'en') await expect(headers.nth(1)).toContainText('Page / section');
  });
}
