import type { Browser } from 'playwright-core';
import { EditionComposer } from '../../shared/compose/compose-edition';
import { storyChains } from '../../shared/layout/jumps';
import { type PreflightReport, preflight } from '../../shared/layout/preflight';
import type { BlockMeasure } from '../../shared/layout/types';
import type { Edition } from '../../shared/model/edition';
import type { Library } from '../store/library';
import { systemFonts } from './fonts';
import { proofStories } from '../proofing/handlers';
import { ProofingService } from '../proofing/proofing-service';

export interface EditionCheck {
  edition: Pick<Edition, 'id' | 'date' | 'publication' | 'issueNumber'> & { pages: number };
  report: PreflightReport;
  blocks: BlockMeasure[];
}

/**
 * Preflight of an edition, measured by the page composer (shared/compose): the same glyph
 * runs the print PDF is written from, so the desk sees the figures that print. `browser` is
 * no longer needed and is ignored.
 */
export async function checkEdition(
  library: Library,
  editionId: string,
  _options: { browser?: Browser } = {},
): Promise<EditionCheck> {
  const edition = await library.getEdition(editionId);
  const stories = await library.getStories([...storyChains(edition).keys()]);
  const composition = new EditionComposer(systemFonts()).compose({
    edition,
    stories: new Map(stories.map((s) => [s.id, s])),
  });
  const blocks = [...composition.blocks.values()];
  // A photo whose file has left the library prints as an empty frame: preflight says so.
  const located = new Map<string, boolean>();
  for (const page of composition.pages)
    for (const block of page.blocks)
      for (const image of block.images) {
        if (!located.has(image.assetId))
          located.set(image.assetId, Boolean(image.assetId && (await library.assets.locate(image.assetId))));
        const measure = composition.blocks.get(block.placementId);
        if (measure && !located.get(image.assetId)) measure.photosMissing++;
      }
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
}
