import { EditionComposer } from '../../../../shared/compose/compose-edition';
import { composedPageSvg } from '../../../../shared/compose/svg';
import type { ComposedPage } from '../../../../shared/compose/types';
import { placementRect, templateMetrics, templateOf } from '../../../../shared/layout/grid';
import type { EditionLayout, EditionLayoutInput } from '../../../../shared/layout/types';
import { builtInTemplates } from '../../../../shared/model/templates';
import { CanvasFontSet } from './canvas-fonts';
import type { PageEngine } from './page-engine';

/** Raised on the page's element (bubbling) when masthead artwork will not draw and the set name stands in. */
export const ARTWORK_MISSING_EVENT = 'masthead-artwork-missing';

/**
 * The edition screens' engine: the page composer (shared/compose) with the browser's canvas
 * measuring the installed fonts, drawing each page as SVG from the composer's glyph runs —
 * the same line breaks, headline sizes and jumps the print PDF and preflight have.
 */
export class ComposerPageEngine implements PageEngine {
  private readonly composer: EditionComposer;
  private pages = new Map<string, ComposedPage>();

  constructor(doc: Document) {
    this.composer = new EditionComposer(new CanvasFontSet(doc));
  }

  layout(input: EditionLayoutInput): EditionLayout {
    const { pages, blocks } = this.composer.compose(input);
    this.pages = new Map(pages.map((p) => [p.pageId, p]));
    return { blocks };
  }

  renderPage(
    target: HTMLElement,
    input: EditionLayoutInput,
    _layout: EditionLayout,
    pageId: string,
    options: { grid?: boolean } = {},
  ): void {
    const page = this.pages.get(pageId);
    const editionPage = input.edition.pages.find((p) => p.id === pageId);
    if (!page || !editionPage) {
      target.replaceChildren();
      return;
    }
    let gridColumns: { x: number; y: number; width: number; height: number }[] = [];
    if (options.grid) {
      const template = templateOf(input.edition, editionPage, builtInTemplates) ?? builtInTemplates[0]!;
      const m = templateMetrics(template);
      gridColumns = Array.from({ length: template.columns }, (_, c) => {
        const r = placementRect(template, { column: c, span: 1, line: 0, lines: m.linesPerColumn });
        return { x: r.leftMm, y: r.topMm, width: r.widthMm, height: r.heightMm };
      });
    }
    target.innerHTML = composedPageSvg(page, { assetUrl: input.assetUrl, gridColumns });
    // Masthead artwork whose file is gone or will not draw: the set name beneath it shows instead.
    for (const image of target.querySelectorAll<SVGImageElement>('image[data-artwork]')) {
      const fallback = image.nextElementSibling;
      image.addEventListener(
        'error',
        () => {
          const assetId = image.dataset.artwork;
          image.remove();
          fallback?.removeAttribute('display');
          target.dispatchEvent(new CustomEvent(ARTWORK_MISSING_EVENT, { bubbles: true, detail: { assetId } }));
        },
        { once: true },
      );
    }
  }

  dispose(): void {
    this.pages.clear();
  }
}
