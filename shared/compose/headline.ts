import type { HeadlineLineStyle, HeadlineStyle, Page, PageTemplate, Placement, StoryRank } from '../model/edition';
import { templateMetrics } from '../layout/grid';

/**
 * Headlines by rank: a story's 主题 is sized by where the desk ranks it on the page (头条 the
 * largest, then 二条, 倒头条, briefs), not by how wide its block happens to be. The template
 * may set each rank's 引题/主题/副题; a placement may override any of it.
 */

export const RANKS: readonly StoryRank[] = ['lead', 'second', 'third', 'bottom', 'brief'];

/** Multiples of the body size for each rank's 主题, and its 引题/副题. */
const SCALE: Record<StoryRank, { main: number; kicker: number; sub: number; maxLines: number }> = {
  lead: { main: 4.4, kicker: 1.7, sub: 1.9, maxLines: 2 },
  second: { main: 3.2, kicker: 1.5, sub: 1.6, maxLines: 2 },
  third: { main: 2.6, kicker: 1.3, sub: 1.4, maxLines: 2 },
  bottom: { main: 2.8, kicker: 1.4, sub: 1.5, maxLines: 2 },
  brief: { main: 1.5, kicker: 1.1, sub: 1.1, maxLines: 2 },
};

const half = (pt: number) => Math.round(pt * 2) / 2;

/** The built-in style of a rank on a template. */
export function defaultHeadlineStyle(template: PageTemplate, rank: StoryRank): HeadlineStyle {
  const cjk = templateMetrics(template).script === 'cjk';
  const scale = SCALE[rank];
  const body = template.bodySizePt;
  const align = cjk && rank !== 'brief' ? 'center' : 'left';
  const line = (face: string, factor: number, bold: boolean, maxLines: number): HeadlineLineStyle => ({
    face,
    sizePt: half(body * factor),
    bold,
    maxLines,
    align,
  });
  return {
    kicker: line('sans', scale.kicker, false, 2),
    main: line(rank === 'brief' ? 'sans' : 'serif', scale.main, true, scale.maxLines),
    sub: line('sans', scale.sub, false, 2),
  };
}

/**
 * A story placement's rank when the desk hasn't set one: the largest story block that starts
 * highest on the page is the lead (头条); a block starting in the page's lowest third is the
 * bottom story (倒头条); a block of a few lines is a brief; the rest are 二条.
 */
export function inferredRank(template: PageTemplate, page: Pick<Page, 'placements'>, placement: Placement): StoryRank {
  if (placement.rank) return placement.rank;
  const lines = templateMetrics(template).linesPerColumn;
  const stories = page.placements.filter((p) => p.kind === 'story' && p.storyId && !p.continuation);
  const area = (p: Placement) => p.span * p.lines;
  // A lead the desk chose stands; otherwise the highest, then largest, story block is it.
  const lead =
    stories.find((p) => p.rank === 'lead') ?? [...stories].sort((a, b) => a.line - b.line || area(b) - area(a))[0];
  if (lead?.id === placement.id) return 'lead';
  if (placement.lines < 10 || (placement.span === 1 && placement.lines < 16)) return 'brief';
  if (placement.line >= (lines * 2) / 3) return 'bottom';
  return 'second';
}

/** The style a placement's headline is set in: the template's for its rank, then the placement's own. */
export function headlineStyleFor(template: PageTemplate, page: Pick<Page, 'placements'>, placement: Placement) {
  const rank = inferredRank(template, page, placement);
  const base = template.headlineStyles?.[rank] ?? defaultHeadlineStyle(template, rank);
  const own = placement.headline ?? {};
  return {
    rank,
    style: {
      kicker: { ...base.kicker, ...own.kicker },
      main: { ...base.main, ...own.main },
      sub: { ...base.sub, ...own.sub },
    } satisfies HeadlineStyle,
    mainText: own.mainText,
  };
}
