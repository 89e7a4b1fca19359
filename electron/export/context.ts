import { storyChains } from '../../shared/layout/jumps';
import type { Story } from '../../shared/model/story';
import type { Library } from '../store/library';
import { ServiceError } from '../rpc/errors';
import type { ExportContext, ExportPage } from './types';

/** An edition given by id or by its date (YYYY-MM-DD: the newest edition of that date). */
export async function findEdition(library: Library, idOrDate: string): Promise<string> {
  const editions = await library.listEditions();
  const byId = editions.find((e) => e.id === idOrDate);
  if (byId) return byId.id;
  const byDate = editions.filter((e) => e.date === idOrDate).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  if (byDate[0]) return byDate[0].id;
  throw new ServiceError('not-found', `There is no edition with the id or date ${idOrDate} in this library.`);
}

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
