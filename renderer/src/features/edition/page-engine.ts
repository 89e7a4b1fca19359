import type { EditionLayout, EditionLayoutInput } from '../../../../shared/layout/types';

/** What the edition screens need of the layout engine (shared/layout/engine.ts). */
export interface PageEngine {
  layout(input: EditionLayoutInput): EditionLayout;
  renderPage(
    target: HTMLElement,
    input: EditionLayoutInput,
    layout: EditionLayout,
    pageId: string,
    options?: { grid?: boolean },
  ): void;
  dispose(): void;
}
