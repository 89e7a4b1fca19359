import { storyChains } from '../../shared/layout/jumps';
import type { Story } from '../../shared/model/story';
import type { Library } from '../store/library';
import type { ExportContext, ExportPage } from './types';

/**
 * The edition and its placed stories, read once, for every format. A story is listed on the
 * page that holds its first block (its headline); a placement whose story has left the
 * library is skipped (preflight reports it).
 */
export async function exportContext(
  library: Library,
  editionId: string,
  options: { appVersion?: string; now?: () => Date; pdfPages?: boolean } = {},
): Promise<ExportContext> {
  const edition = await library.getEdition(editionId);
  const chains = storyChains(edition);
  const stories = await library.getStories([...chains.keys()]);
  const byId = new Map(stories.map((s) => [s.id, s]));
  const pages: ExportPage[] = edition.pages.map((page, index) => ({ page, number: index + 1, storyIds: [] }));
  const ordered: Story[] = [];
  for (const [storyId, chain] of [...chains.entries()].sort(
    ([, a], [, b]) =>
      a[0]!.pageIndex - b[0]!.pageIndex ||
      a[0]!.placement.line - b[0]!.placement.line ||
      a[0]!.placement.column - b[0]!.placement.column,
  )) {
    const story = byId.get(storyId);
    if (!story) continue;
    pages[chain[0]!.pageIndex]!.storyIds.push(storyId);
    ordered.push(story);
  }
  return {
    edition,
    pages,
    stories: ordered,
    assetPath: (assetId) => library.assets.locate(assetId),
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
    appVersion: options.appVersion ?? '0.0.0',
    pdfPages: options.pdfPages ?? false,
  };
}
