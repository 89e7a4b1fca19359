import type { StoryLanguage } from '../model/common';
import type { Edition, Page, Placement } from '../model/edition';
import type { BlockMeasure } from './types';

/**
 * Jumps (转版): a story placed in more than one block flows from the first block into the
 * next. The block with the headline comes first; continuation blocks follow in the edition's
 * page order, then top to bottom, left to right on a page, so jump lines follow the pages when
 * they are reordered.
 */

export interface ChainLink {
  page: Page;
  pageIndex: number;
  placement: Placement;
}

/** Page numbers are positions: the first page is 1. */
export const pageNumberAt = (index: number): number => index + 1;

/** Every story placed on the edition's pages with its blocks in reading order. */
export function storyChains(edition: Pick<Edition, 'pages'>): Map<string, ChainLink[]> {
  const chains = new Map<string, ChainLink[]>();
  edition.pages.forEach((page, pageIndex) => {
    for (const placement of page.placements) {
      if (placement.kind !== 'story' || !placement.storyId) continue;
      const chain = chains.get(placement.storyId) ?? [];
      chain.push({ page, pageIndex, placement });
      chains.set(placement.storyId, chain);
    }
  });
  // The block with the headline leads even when its page is moved after a jump page.
  for (const chain of chains.values())
    chain.sort(
      (a, b) =>
        Number(Boolean(a.placement.continuation)) - Number(Boolean(b.placement.continuation)) ||
        a.pageIndex - b.pageIndex ||
        a.placement.line - b.placement.line ||
        a.placement.column - b.placement.column,
    );
  return chains;
}

/** How a page is named in a jump line: 第3版, or Page 3 (Page A3 where the page carries a letter). */
export function pageName(pageNumber: number, language: StoryLanguage): string {
  return language === 'zh-Hans' ? `第${pageNumber}版` : `Page ${pageNumber}`;
}

export function jumpToLine(pageNumber: number, language: StoryLanguage): string {
  return language === 'zh-Hans'
    ? `（下转${pageName(pageNumber, language)}）`
    : `Continued on ${pageName(pageNumber, language)}`;
}

export function jumpFromLine(pageNumber: number, language: StoryLanguage): string {
  return language === 'zh-Hans'
    ? `（上接${pageName(pageNumber, language)}）`
    : `Continued from ${pageName(pageNumber, language)}`;
}

export interface JumpLines {
  /** Printed at the foot of this block: where the story goes on. */
  to: string | null;
  /** Printed at the head of this block: where the story came from. */
  from: string | null;
  /** 0 for the block with the headline; 1, 2 … for the continuations. */
  index: number;
  chainLength: number;
}

/** The jump lines of one block, from its place in the story's chain. */
export function jumpLinesFor(chain: readonly ChainLink[], placementId: string, language: StoryLanguage): JumpLines {
  const index = chain.findIndex((link) => link.placement.id === placementId);
  if (index < 0) return { to: null, from: null, index: 0, chainLength: chain.length };
  const next = chain[index + 1];
  const previous = chain[index - 1];
  return {
    index,
    chainLength: chain.length,
    to: next && next.pageIndex !== chain[index]!.pageIndex ? jumpToLine(pageNumberAt(next.pageIndex), language) : null,
    from:
      previous && previous.pageIndex !== chain[index]!.pageIndex
        ? jumpFromLine(pageNumberAt(previous.pageIndex), language)
        : null,
  };
}

/** Pages renumbered by their order, after any move, insert or removal. */
export const renumberPages = <P extends Pick<Page, 'number'>>(pages: readonly P[]): P[] =>
  pages.map((page, index) => ({ ...page, number: pageNumberAt(index) }));

/** A block's measure before its text is set: fits, nothing counted, no jumps. Both engines start here. */
export function emptyBlockMeasure(page: Page, pageIndex: number, placement: Placement): BlockMeasure {
  return {
    placementId: placement.id,
    pageId: page.id,
    pageNumber: pageNumberAt(pageIndex),
    kind: placement.kind,
    storyId: placement.storyId,
    fit: 'fits',
    capacityLines: 0,
    usedLines: 0,
    overLines: 0,
    shortLines: 0,
    amount: 0,
    amountUnit: 'chars',
    headLines: 0,
    jumpTo: null,
    jumpFrom: null,
    chainIndex: 0,
    lineStartPunctuation: [],
    photosWithoutCaption: 0,
    photosMissing: 0,
  };
}
