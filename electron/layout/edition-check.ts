import type { Browser } from 'playwright-core';
import { EditionComposer } from '../../shared/compose/compose-edition';
import { storyChains } from '../../shared/layout/jumps';
import { type PreflightReport, preflight } from '../../shared/layout/preflight';
import type { BlockMeasure } from '../../shared/layout/types';
import type { Edition } from '../../shared/model/edition';
import type { ProofSummary } from '../../shared/proofing/types';
import type { Story } from '../../shared/model/story';
import type { Library } from '../store/library';
import { systemFonts } from './fonts';
import { ProofingService } from '../proofing/proofing-service';

/**
 * What a library's preflights keep between runs, so checking again after an edit sets and
 * proofs only what changed: the composer (it reuses every chain whose story revision and
 * geometry are unchanged, and set paragraphs by text and measure), and each story's proofing
 * summary by revision, date and ignored findings, valid while the house lists read the same.
 */
interface CheckCache {
  composer: EditionComposer;
  lists: string;
  proofing: ProofingService;
  proofed: Map<string, { key: string; summary: ProofSummary }>;
}
const caches = new WeakMap<Library, CheckCache>();

async function cacheFor(library: Library): Promise<CheckCache> {
  // The house lists are read afresh each time (a few small files): a list saved from another
  // window or by hand is used by the next check.
  const fresh = new ProofingService(library.root);
  const lists = JSON.stringify(await fresh.houseLists());
  let cache = caches.get(library);
  if (!cache) {
    cache = { composer: new EditionComposer(systemFonts()), lists, proofing: fresh, proofed: new Map() };
    caches.set(library, cache);
  } else if (cache.lists !== lists) {
    Object.assign(cache, { lists, proofing: fresh, proofed: new Map() });
  }
  return cache;
}

async function proofSummaries(
  cache: CheckCache,
  stories: readonly Story[],
  date: string,
): Promise<Map<string, ProofSummary>> {
  const out = new Map<string, ProofSummary>();
  for (const story of stories) {
    const ignored = await cache.proofing.ignored(story.id);
    const key = JSON.stringify([story.revision, story.updatedAt, date, ignored]);
    let hit = cache.proofed.get(story.id);
    if (hit?.key !== key) {
      hit = { key, summary: (await cache.proofing.proofStory(story, date)).summary };
      cache.proofed.set(story.id, hit);
    }
    out.set(story.id, hit.summary);
  }
  return out;
}

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
  const cache = await cacheFor(library);
  const composition = cache.composer.compose({
    edition,
    stories: new Map(stories.map((s) => [s.id, s])),
  });
  // Copies: the composer keeps its measures for the next check, and the photo count below adds to them.
  const measures = new Map([...composition.blocks].map(([id, measure]) => [id, { ...measure }]));
  const blocks = [...measures.values()];
  // A photo whose file has left the library prints as an empty frame: preflight says so.
  const located = new Map<string, boolean>();
  for (const page of composition.pages)
    for (const block of page.blocks)
      for (const image of block.images) {
        if (!located.has(image.assetId))
          located.set(image.assetId, Boolean(image.assetId && (await library.assets.locate(image.assetId))));
        const measure = measures.get(block.placementId);
        if (measure && !located.get(image.assetId)) measure.photosMissing++;
      }
  // Proofing (校对) with the library's house lists, against the edition's date.
  const proofed = await proofSummaries(cache, stories, edition.date);
  const report = preflight(
    edition,
    new Map(stories.map((s) => [s.id, s])),
    { blocks: new Map(blocks.map((b) => [b.placementId, b])) },
    proofed,
  );
  // Masthead artwork whose file has left the library: the set name prints instead (a warning).
  for (const page of composition.pages) {
    const art = page.furniture.artwork;
    if (!art || (await library.assets.locate(art.assetId))) continue;
    report.problems.push({
      code: 'artwork-missing',
      severity: 'warning',
      pageId: page.pageId,
      pageNumber: page.index + 1,
      placementId: null,
      storyId: null,
      subject: '',
      detail: art.assetId,
    });
    report.warnings++;
  }
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
