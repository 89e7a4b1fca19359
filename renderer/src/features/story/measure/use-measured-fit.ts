import { useEffect, useMemo, useRef, useState } from 'react';
import type { FitEstimate } from '../../../../../shared/copyfit/estimate';
import { ComposerPageEngine } from '../../edition/composer-engine';
import { templateMetrics, templateOf } from '../../../../../shared/layout/grid';
import type { Edition, PageTemplate, Story, StoryBody } from '../../../../../shared/model';
import { builtInTemplates } from '../../../../../shared/model/templates';
import { api } from '../../../api/client';

export interface MeasuredFit {
  estimate: FitEstimate;
  template: PageTemplate;
  /** Where the story is placed: the edition's date and the page of its first block. */
  editionDate: string;
  pageNumber: number;
  columns: number;
  lines: number;
}

interface Placed {
  edition: Edition;
  /** Prefix of a photo's URL in this host. */
  assetBase: string;
}

/** The newest edition that places this story. */
async function findPlacement(storyId: string): Promise<Placed | null> {
  const editions = await api.listEditions();
  for (const summary of editions) {
    const edition = await api.getEdition({ id: summary.id });
    if (edition.pages.some((p) => p.placements.some((b) => b.storyId === storyId)))
      return {
        // The whole edition: a block's headline size follows its rank among the page's stories.
        edition,
        assetBase: (await api.getAppInfo()).assetBaseUrl,
      };
  }
  return null;
}

/**
 * Once a story is placed on a page, the copyfit bar shows what the page composer measures in
 * its real blocks (the glyph runs the PDF prints) instead of the arithmetic estimate.
 * Re-measured a moment after each change to the text.
 */
export function useMeasuredFit(
  story: Story,
  body: StoryBody,
  headline: Pick<Story, 'kicker' | 'headline' | 'subheadline' | 'byline' | 'dateline'>,
): MeasuredFit | null {
  const [placed, setPlaced] = useState<Placed | null>(null);
  const [result, setResult] = useState<MeasuredFit | null>(null);
  const engine = useRef<ComposerPageEngine | null>(null);
  const edits = useRef(0);

  useEffect(() => {
    let live = true;
    findPlacement(story.id).then(
      (found) => live && setPlaced(found),
      () => undefined, // No editions, or the library is busy: the estimate stays.
    );
    return () => {
      live = false;
    };
  }, [story.id]);

  useEffect(
    () => () => {
      engine.current?.dispose();
      engine.current = null;
    },
    [],
  );

  const draft = useMemo(() => ({ ...story, ...headline, body }), [story, headline, body]);

  useEffect(() => {
    if (!placed) return;
    const { edition, assetBase } = placed;
    const timer = window.setTimeout(() => {
      engine.current ??= new ComposerPageEngine(document);
      edits.current += 1;
      // A fresh revision for the engine's cache: the draft is newer than anything saved.
      const current = { ...draft, revision: draft.revision + edits.current / 1e6 };
      const layout = engine.current.layout({
        edition,
        stories: new Map([[story.id, current]]),
        assetUrl: (id) => `${assetBase}${encodeURIComponent(id)}`,
      });
      const blocks = [...layout.blocks.values()].filter((b) => b.storyId === story.id);
      const first = blocks.find((b) => b.chainIndex === 0);
      const last = blocks.reduce((a, b) => (b.chainIndex > a.chainIndex ? b : a), blocks[0]!);
      if (!first || !last) return;
      const page = edition.pages.find((p) => p.id === first.pageId)!;
      const template = templateOf(edition, page, builtInTemplates);
      const placement = page.placements.find((p) => p.id === first.placementId)!;
      if (!template) return;
      const capacity = blocks.reduce((sum, b) => sum + b.capacityLines, 0);
      const used = blocks.reduce((sum, b) => sum + b.usedLines, 0);
      const delta = last.fit === 'over' ? last.overLines : last.fit === 'short' ? -last.shortLines : 0;
      setResult({
        estimate: {
          state: last.fit === 'over' ? 'over' : last.fit === 'fits' ? 'fits' : 'short',
          capacityLines: capacity,
          neededLines: used + (last.fit === 'over' ? last.overLines : 0),
          delta,
          charsPerLine: templateMetrics(template).charsPerLine,
          amount: last.amount,
          amountUnit: last.amountUnit,
          breakdown: { paragraphs: 0, crossHeads: 0, pullQuotes: 0, photos: 0, other: 0 },
        },
        template,
        editionDate: edition.date,
        pageNumber: first.pageNumber,
        columns: placement.span,
        lines: placement.lines,
      });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [placed, draft, story.id]);

  return result;
}
