import { useLayoutEffect, useRef } from 'react';
import type { EditionLayout, EditionLayoutInput } from '../../../../shared/layout/types';
import type { PageTemplate } from '../../../../shared/model/edition';
import { PX_PER_MM } from '../../../../shared/layout/grid';
import type { PageEngine } from './page-engine';

interface PageCanvasProps {
  engine: PageEngine;
  input: EditionLayoutInput;
  layout: EditionLayout;
  pageId: string;
  template: PageTemplate;
  /** Screen pixels per CSS pixel of the true-size page. */
  scale: number;
  grid?: boolean;
  className?: string;
}

/**
 * One page as the engine sets it, at true size in CSS mm, shrunk for the screen by a
 * transform on a wrapper: the page itself (and the engine's measuring host) is never scaled,
 * so what is measured is what prints.
 */
export function PageCanvas({ engine, input, layout, pageId, template, scale, grid, className }: PageCanvasProps) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (ref.current) engine.renderPage(ref.current, input, layout, pageId, { grid: Boolean(grid) });
  }, [engine, input, layout, pageId, grid]);
  const widthPx = template.paper.widthMm * PX_PER_MM;
  const heightPx = template.paper.heightMm * PX_PER_MM;
  return (
    <div
      className={`page-canvas ${className ?? ''}`}
      style={{ width: `${widthPx * scale}px`, height: `${heightPx * scale}px` }}
      aria-hidden="true"
    >
      <div
        ref={ref}
        className="page-canvas__page"
        style={{ width: `${widthPx}px`, height: `${heightPx}px`, transform: `scale(${scale})` }}
      />
    </div>
  );
}
