import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { storyChains } from '../../shared/layout/jumps';
import { type PreflightReport, preflight } from '../../shared/layout/preflight';
import type { BlockMeasure } from '../../shared/layout/types';
import type { Edition } from '../../shared/model/edition';
import type { Library } from '../store/library';
import { openLayoutSession } from './chromium-layout';
import { proofStories } from '../proofing/handlers';
import { ProofingService } from '../proofing/proofing-service';

export interface EditionCheck {
  edition: Pick<Edition, 'id' | 'date' | 'publication' | 'issueNumber'> & { pages: number };
  report: PreflightReport;
  blocks: BlockMeasure[];
}

/** Preflight of an edition, measured by the layout engine in Chromium (playwright-core). */
export async function checkEdition(
  library: Library,
  editionId: string,
  options: { browser?: Browser } = {},
): Promise<EditionCheck> {
  const edition = await library.getEdition(editionId);
  const stories = await library.getStories([...storyChains(edition).keys()]);
  const session = await openLayoutSession({ assetsDir: join(library.root, 'assets'), browser: options.browser });
  try {
    const blocks = await session.layout(edition, stories);
    // Proofing (校对) with the library's house lists, against the edition's date.
    const proofed = await proofStories(new ProofingService(library.root), stories, () => edition.date);
    const report = preflight(
      edition,
      new Map(stories.map((s) => [s.id, s])),
      { blocks: new Map(blocks.map((b) => [b.placementId, b])) },
      new Map(proofed.map((p) => [p.id, p.summary])),
    );
    return {
      edition: {
        id: edition.id,
        date: edition.date,
        publication: edition.publication,
        issueNumber: edition.issueNumber,
        pages: edition.pages.length,
      },
      report,
      blocks,
    };
  } finally {
    await session.close();
  }
}
