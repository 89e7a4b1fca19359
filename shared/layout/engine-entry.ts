import type { Edition } from '../model/edition';
import type { Story } from '../model/story';
import { LayoutEngine, printPageRules } from './engine';

/**
 * The engine as a script for a plain Chromium page (the CLI's preflight and PDF): lays the
 * whole edition out into `#edition`, page after page, with the `@page` sizes of its templates.
 */
let engine: LayoutEngine | null = null;

let pageRules: CSSStyleSheet | null = null;

async function layoutEdition(data: { edition: Edition; stories: Story[]; assetBase?: string }) {
  await document.fonts.ready;
  engine ??= new LayoutEngine(document);
  const assetBase = data.assetBase ?? '/assets/';
  const input = {
    edition: data.edition,
    stories: new Map(data.stories.map((s) => [s.id, s])),
    assetUrl: (id: string) => `${assetBase}${encodeURIComponent(id)}`,
  };
  // Each template's paper size as an @page rule; a constructed sheet, which a strict CSP allows.
  if (!pageRules) {
    pageRules = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageRules];
  }
  pageRules.replaceSync(printPageRules(data.edition));
  const layout = engine.layout(input);
  engine.renderEdition(document.getElementById('edition')!, input);
  // Print needs the pictures' pixels: wait for every image to load (or fail).
  await Promise.all(
    Array.from(document.images).map((img) =>
      img.complete
        ? null
        : new Promise((resolve) => {
            img.addEventListener('load', resolve, { once: true });
            img.addEventListener('error', resolve, { once: true });
          }),
    ),
  );
  return [...layout.blocks.values()];
}

(globalThis as unknown as { MastheadLayout: unknown }).MastheadLayout = { LayoutEngine, printPageRules, layoutEdition };
