import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemFonts } from '../../../../electron/layout/fonts';
import { EditionComposer } from '../../../../shared/compose/compose-edition';
import type { ComposedPage } from '../../../../shared/compose/types';
import type { Edition } from '../../../../shared/model/edition';
import type { Story } from '../../../../shared/model/story';
import { launchChromium } from '../../../helpers/chromium';
import { repoRoot, sampleLibrary } from '../../../helpers/temp';
import { frontPageEdition, storiesFromSample } from '../../shared/compose/zh-fixture';

/** Every block's lines as a reader reads them, page by page. */
const linesOf = (pages: ComposedPage[]) =>
  pages.map((p) => p.blocks.map((b) => b.lines.filter((l) => l.kind !== 'folio').map((l) => l.text)));

/**
 * What the editor sees is what prints: the screen composes with the browser's canvas measuring
 * the installed fonts, the PDF with fontkit reading the font files. Both must break every line
 * of the page in the same place, in real Chromium.
 */
describe('the page on screen and in print', () => {
  let browser: Browser;
  let script: string;

  beforeAll(async () => {
    browser = await launchChromium();
    const bundle = await build({
      stdin: {
        contents: `
          import { EditionComposer } from './shared/compose/compose-edition';
          import { CanvasFontSet } from './renderer/src/features/edition/canvas-fonts';
          globalThis.composeOnScreen = (edition, stories) =>
            new EditionComposer(new CanvasFontSet(document)).compose({ edition, stories: new Map(stories.map((s) => [s.id, s])) }).pages;
        `,
        resolveDir: repoRoot,
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    script = bundle.outputFiles[0]!.text;
  }, 60_000);
  afterAll(() => browser?.close());

  async function onScreen(edition: Edition, stories: Story[]): Promise<ComposedPage[]> {
    const page = await browser.newPage();
    try {
      await page.setContent(`<!doctype html><html><body><script>${script}</script></body></html>`);
      return await page.evaluate(
        ([e, s]) =>
          (globalThis as unknown as { composeOnScreen(e: unknown, s: unknown): ComposedPage[] }).composeOnScreen(e, s),
        [edition, stories] as const,
      );
    } finally {
      await page.close();
    }
  }

  it('breaks the sample edition and a front page from zh-page-3 exactly as the PDF does', async () => {
    const edition = JSON.parse(
      await readFile(join(sampleLibrary, 'editions/sample-edition-2026-07-23.json'), 'utf8'),
    ) as Edition;
    const stories: Story[] = [];
    for (const f of await readdir(join(sampleLibrary, 'stories')))
      stories.push(JSON.parse(await readFile(join(sampleLibrary, 'stories', f), 'utf8')) as Story);
    const page3 = await storiesFromSample('zh-page-3.txt');
    for (const [e, s] of [
      [edition, stories],
      [frontPageEdition(page3), page3],
    ] as const) {
      const print = new EditionComposer(systemFonts()).compose({
        edition: e,
        stories: new Map(s.map((x) => [x.id, x])),
      });
      const screen = await onScreen(e, [...s]);
      expect(linesOf(screen)).toEqual(linesOf(print.pages));
    }
  }, 60_000);
});
