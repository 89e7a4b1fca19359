import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const sample = join(import.meta.dirname, '../../resources/sample-library');

test.describe('the print page', () => {
  test('lays out the sample edition under the app’s CSP, each page at its template’s size', async ({ app, host }) => {
    const edition = JSON.parse(await readFile(join(sample, 'editions', 'sample-edition-2026-07-23.json'), 'utf8'));
    const stories = await Promise.all(
      (await readdir(join(sample, 'stories'))).map(async (f) =>
        JSON.parse(await readFile(join(sample, 'stories', f), 'utf8')),
      ),
    );
    // The same file the desktop app loads in a hidden window before printToPDF.
    await app.goto(new URL('print.html', host.url).toString());
    const blocks = await app.evaluate(
      (data) =>
        (
          globalThis as unknown as { MastheadLayout: { layoutEdition(d: unknown): Promise<{ fit: string }[]> } }
        ).MastheadLayout.layoutEdition(data),
      { edition, stories, assetBase: '/photos/' },
    );
    expect(blocks).toHaveLength(5);
    const pages = app.locator('#edition .mh-page');
    await expect(pages).toHaveCount(3);
    await expect(pages.nth(0)).toContainText('滨江图书馆今起免费开放');
    await expect(pages.nth(0)).toContainText('第1版');
    // 390 mm wide at 96 px an inch; the English tabloid page 280 mm.
    expect((await pages.nth(0).boundingBox())!.width).toBeCloseTo((390 / 25.4) * 96, 0);
    expect((await pages.nth(2).boundingBox())!.width).toBeCloseTo((280 / 25.4) * 96, 0);
    // The @page sizes are in force (a constructed sheet: the CSP refuses <style> text).
    const rules = await app.evaluate(() =>
      document.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n'),
    );
    expect(rules).toContain('size: 390mm 545mm');
  });
});
