import {
  cellAt,
  findFreeSpot,
  overlaps,
  snapPlacement,
  templateMetrics,
  templateOf,
  withDerivedCharsPerLine,
} from '../../../../shared/layout/grid';
import { renumberPages } from '../../../../shared/layout/jumps';
import type { Edition, Page, PageTemplate, Placement } from '../../../../shared/model/edition';
import type { FitBlock } from '../../../../shared/model/story';
import { builtInTemplates } from '../../../../shared/model/templates';

/**
 * The desk's layout edits as pure functions from one edition to the next: the undo history
 * keeps every state, so nothing here mutates its input. Every block that comes out lies on
 * its page's grid (the library refuses an edition with a block off it).
 */

export type Box = Pick<Placement, 'column' | 'span' | 'line' | 'lines'>;

/** A new id the library accepts (letters, digits, "-"). */
export function newId(prefix: string): string {
  const random =
    typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return `${prefix}-${random}`;
}

/** The template a page is set on: the edition's own copy, a built-in one, or the edition's first. */
export function pageTemplate(edition: Pick<Edition, 'templates'>, page: Pick<Page, 'templateId'>): PageTemplate {
  return templateOf(edition, page, builtInTemplates) ?? edition.templates[0] ?? builtInTemplates[0]!;
}

/** The edition carrying a copy of a built-in template, so its pages can name it. */
export function withTemplate(edition: Edition, templateId: string): Edition {
  if (edition.templates.some((t) => t.id === templateId)) return edition;
  const builtIn = builtInTemplates.find((t) => t.id === templateId);
  if (!builtIn) return edition;
  return { ...edition, templates: [...edition.templates, withDerivedCharsPerLine(builtIn)] };
}

const mapPage = (edition: Edition, pageId: string, change: (page: Page) => Page): Edition => ({
  ...edition,
  pages: edition.pages.map((page) => (page.id === pageId ? change(page) : page)),
});

/** Moves the page at `from` to position `to`; page numbers follow the new order. */
export function movePage(edition: Edition, from: number, to: number): Edition {
  const count = edition.pages.length;
  if (from < 0 || from >= count || to < 0 || to >= count || from === to) return edition;
  const pages = [...edition.pages];
  const [moved] = pages.splice(from, 1);
  pages.splice(to, 0, moved!);
  return { ...edition, pages: renumberPages(pages) };
}

export function addPage(
  edition: Edition,
  options: { templateId: string; section: string; at?: number; id?: string },
): Edition {
  const next = withTemplate(edition, options.templateId);
  const page: Page = {
    id: options.id ?? newId('page'),
    number: 0,
    section: options.section.trim(),
    templateId: options.templateId,
    placements: [],
  };
  const pages = [...next.pages];
  pages.splice(Math.min(pages.length, Math.max(0, options.at ?? pages.length)), 0, page);
  return { ...next, pages: renumberPages(pages) };
}

export function removePage(edition: Edition, pageId: string): Edition {
  return { ...edition, pages: renumberPages(edition.pages.filter((p) => p.id !== pageId)) };
}

/**
 * A page's section or template changed. On a new template every block is snapped onto its
 * grid (fewer columns or lines squeeze a block rather than leave it off the page).
 */
export function updatePage(
  edition: Edition,
  pageId: string,
  patch: { section?: string; templateId?: string },
): Edition {
  let next = edition;
  if (patch.templateId) next = withTemplate(next, patch.templateId);
  const withTemplates = next;
  return mapPage(next, pageId, (page) => {
    const changed: Page = {
      ...page,
      ...(patch.section !== undefined ? { section: patch.section } : {}),
      ...(patch.templateId ? { templateId: patch.templateId } : {}),
    };
    if (!patch.templateId || patch.templateId === page.templateId) return changed;
    const template = pageTemplate(withTemplates, changed);
    return { ...changed, placements: changed.placements.map((p) => ({ ...p, ...snapPlacement(template, p) })) };
  });
}

export function addPlacement(edition: Edition, pageId: string, placement: Placement): Edition {
  const page = edition.pages.find((p) => p.id === pageId);
  if (!page) return edition;
  const snapped = { ...placement, ...snapPlacement(pageTemplate(edition, page), placement) };
  return mapPage(edition, pageId, (p) => ({ ...p, placements: [...p.placements, snapped] }));
}

/** Changes a block; its box is snapped to whole columns and lines and kept on the page. */
export function updatePlacement(
  edition: Edition,
  pageId: string,
  placementId: string,
  patch: Partial<Omit<Placement, 'id'>>,
): Edition {
  const page = edition.pages.find((p) => p.id === pageId);
  if (!page) return edition;
  const template = pageTemplate(edition, page);
  return mapPage(edition, pageId, (p) => ({
    ...p,
    placements: p.placements.map((block) => {
      if (block.id !== placementId) return block;
      const merged = { ...block, ...patch };
      return { ...merged, ...snapPlacement(template, merged) };
    }),
  }));
}

export function removePlacement(edition: Edition, pageId: string, placementId: string): Edition {
  return mapPage(edition, pageId, (p) => ({ ...p, placements: p.placements.filter((b) => b.id !== placementId) }));
}

/**
 * Where a block dropped at a point of the page lands: the grid cell under the point is its
 * top left corner, then it is pulled back onto the page if it would run off the edge.
 */
export function dropBox(template: PageTemplate, xMm: number, yMm: number, size: Pick<Box, 'span' | 'lines'>): Box {
  const cell = cellAt(template, xMm, yMm);
  return snapPlacement(template, { ...cell, span: size.span, lines: size.lines });
}

/** A story block's first size: the story's own copyfit block when it names one, else 3 columns × 40 lines. */
export function defaultStorySize(
  template: PageTemplate,
  fit: FitBlock | null | undefined,
): Pick<Box, 'span' | 'lines'> {
  const m = templateMetrics(template);
  const span = fit ? fit.columns : 3;
  const lines = fit ? fit.lines : 40;
  return { span: Math.min(template.columns, Math.max(1, span)), lines: Math.min(m.linesPerColumn, Math.max(1, lines)) };
}

/** Moves a box by a distance in millimetres, snapped; the box keeps its size. */
export function movedBox(template: PageTemplate, box: Box, dxMm: number, dyMm: number): Box {
  const m = templateMetrics(template);
  return snapPlacement(template, {
    ...box,
    column: box.column + dxMm / (m.columnWidthMm + template.gutterMm),
    line: box.line + dyMm / m.leadingMm,
  });
}

export type ResizeEdge = 'e' | 's' | 'se' | 'w' | 'n' | 'nw' | 'ne' | 'sw';

/** Resizes a box from one edge or corner by a distance in millimetres, snapped; the far edges stay put. */
export function resizedBox(template: PageTemplate, box: Box, edge: ResizeEdge, dxMm: number, dyMm: number): Box {
  const m = templateMetrics(template);
  const dc = Math.round(dxMm / (m.columnWidthMm + template.gutterMm));
  const dl = Math.round(dyMm / m.leadingMm);
  let { column, span, line, lines } = box;
  if (edge.includes('e')) span = Math.max(1, Math.min(template.columns - column, span + dc));
  if (edge.includes('s')) lines = Math.max(1, Math.min(m.linesPerColumn - line, lines + dl));
  if (edge.includes('w')) {
    const right = column + span;
    column = Math.max(0, Math.min(right - 1, column + dc));
    span = right - column;
  }
  if (edge.includes('n')) {
    const bottom = line + lines;
    line = Math.max(0, Math.min(bottom - 1, line + dl));
    lines = bottom - line;
  }
  return snapPlacement(template, { column, span, line, lines });
}

/** The blocks of a page that overlap another block on it. */
export function overlappingBlocks(page: Pick<Page, 'placements'>): Set<string> {
  const out = new Set<string>();
  page.placements.forEach((a, i) => {
    for (const b of page.placements.slice(i + 1))
      if (overlaps(a, b)) {
        out.add(a.id);
        out.add(b.id);
      }
  });
  return out;
}

/**
 * A jump (转版): a continuation block of the same story on another page, at the first free
 * spot. It keeps the block's width where it can; the depth is what the overset needs (at
 * least 10 lines), shrunk step by step until a free spot takes it.
 */
export function jumpStory(
  edition: Edition,
  fromPageId: string,
  placementId: string,
  toPageId: string,
  options: { overLines: number; id?: string },
): { edition: Edition; placement: Placement } | null {
  const fromPage = edition.pages.find((p) => p.id === fromPageId);
  const block = fromPage?.placements.find((p) => p.id === placementId);
  const toPage = edition.pages.find((p) => p.id === toPageId);
  if (!block || !toPage || block.kind !== 'story' || !block.storyId) return null;
  const template = pageTemplate(edition, toPage);
  const m = templateMetrics(template);
  const span = Math.min(template.columns, block.span);
  const wanted = Math.min(m.linesPerColumn, Math.max(10, Math.ceil(options.overLines / span) + 2));
  const depths: number[] = [];
  for (let lines = wanted; lines >= 5; lines = lines > 12 ? Math.floor(lines * 0.8) : lines - 1) depths.push(lines);
  if (depths.length === 0) depths.push(wanted);
  for (let s = span; s >= 1; s--)
    for (const lines of depths) {
      const spot = findFreeSpot(template, toPage, s, lines);
      if (!spot) continue;
      const placement: Placement = {
        id: options.id ?? newId('block'),
        kind: 'story',
        storyId: block.storyId,
        ...spot,
        label: block.label,
        continuation: true,
      };
      return { edition: addPlacement(edition, toPageId, placement), placement };
    }
  return null;
}

/** Every story id placed in the edition. */
export const placedStoryIds = (edition: Pick<Edition, 'pages'>): string[] => [
  ...new Set(edition.pages.flatMap((p) => p.placements.flatMap((b) => (b.storyId ? [b.storyId] : [])))),
];
