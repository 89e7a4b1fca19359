import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Edition } from '../../shared/model/edition';
import type { Story } from '../../shared/model/story';
import type { BlockMeasure } from '../../shared/layout/types';
import { projectRoot } from '../store/paths';
import { launchChromium } from './chromium';

/**
 * The layout engine in Chromium, for the CLI and tests: the same engine and stylesheet the
 * renderer uses, in a page of its own origin (`http://masthead.layout/`) answered entirely
 * from here — photos from the library's assets folder, nothing from the network.
 */

const ORIGIN = 'http://masthead.layout';
const here = dirname(fileURLToPath(import.meta.url));

/** The project root: two folders up from this source file and from the bundled CLI (out/cli). */
const ROOT = [projectRoot(here, 2)].find((dir) => existsSync(join(dir, 'resources/typeset/page.css'))) ?? process.cwd();

let engineScript: Promise<string> | null = null;

/** The engine bundled as one script (esbuild, once per process). */
function bundleEngine(): Promise<string> {
  engineScript ??= (async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [join(ROOT, 'shared/layout/engine-entry.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  })();
  return engineScript;
}

export const pageStylesheet = (): Promise<string> => readFile(join(ROOT, 'resources/typeset/page.css'), 'utf8');

export interface LayoutSession {
  page: Page;
  /** Lays out the whole edition into the page (every page in print order); returns every block's measure. */
  layout(edition: Edition, stories: readonly Story[]): Promise<BlockMeasure[]>;
  close(): Promise<void>;
}

/**
 * A Chromium page holding the engine. `assetsDir` is the library's assets folder; photos are
 * served from it under `/assets/`.
 */
export async function openLayoutSession(options: {
  assetsDir?: string;
  /** Where an asset's file is (an export's context); otherwise it is looked up in assetsDir. */
  resolveAsset?: (assetId: string) => Promise<string | null>;
  browser?: Browser;
}): Promise<LayoutSession> {
  const browser = options.browser ?? (await launchChromium());
  const context = await browser.newContext({ deviceScaleFactor: 2 });
  const page = await context.newPage();
  const [script, css] = await Promise.all([bundleEngine(), pageStylesheet()]);
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') {
      await route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html><head><meta charset="utf-8"><style>${css}</style><style>body{margin:0}</style></head><body><main id="edition"></main><script>${script}</script></body></html>`,
      });
      return;
    }
    const asset = /^\/assets\/([A-Za-z0-9._-]+)$/.exec(url.pathname)?.[1];
    if (asset) {
      try {
        const path = options.resolveAsset
          ? await options.resolveAsset(asset)
          : options.assetsDir
            ? join(options.assetsDir, asset)
            : null;
        if (!path) throw new Error('no such asset');
        await route.fulfill({ body: await readFile(path) });
      } catch {
        await route.fulfill({ status: 404, body: '' });
      }
      return;
    }
    await route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/`);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return {
    page,
    async layout(edition, stories) {
      // The in-page code lives in the bundle: a function passed from here would be rewritten by tsx.
      return page.evaluate(
        (data) =>
          (
            globalThis as unknown as {
              MastheadLayout: { layoutEdition(d: typeof data): Promise<BlockMeasure[]> };
            }
          ).MastheadLayout.layoutEdition(data),
        { edition, stories: [...stories] },
      );
    },
    async close() {
      await context.close();
      if (!options.browser) await browser.close();
    },
  };
}
