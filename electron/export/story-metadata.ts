import { copyFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocNode, Story, Tag } from '../../shared/model/story';
import { countStory } from '../../shared/text/count';
import { writeFileDurably } from '../store/durable-file';
import type { ExportContext } from './types';

/**
 * What the news-exchange exporters (ninjs, NewsML-G2, DOCX, text) read from a story beyond
 * its fields: stable identifiers, the place in a dateline, the photos in the body, the page a
 * story is on. Kept in one place so that every format names things the same way.
 */

const urnPart = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A story's identifier in every export: stable across exports and revisions (the version says which one). */
export const storyUri = (story: Pick<Story, 'id'>): string => `urn:masthead:story:${urnPart(story.id)}`;
export const editionUri = (editionId: string): string => `urn:masthead:edition:${urnPart(editionId)}`;
export const pageUri = (editionId: string, pageNumber: number): string => `${editionUri(editionId)}:page:${pageNumber}`;
export const assetUri = (assetId: string): string => `urn:masthead:asset:${urnPart(assetId)}`;
export const tagUri = (tag: Tag): string => `urn:masthead:tag:${tag.kind}:${urnPart(tag.name)}`;

/** The version an exchange format states: NewsML-G2 versions start at 1, a new story's revision at 0. */
export const storyVersion = (story: Pick<Story, 'revision'>): number => story.revision + 1;

const ZH_DATELINE_PLACE =
  /^(?:本报|新华社|中新社|人民日报|央视|[\p{Script=Han}]{2,6}?社)([\p{Script=Han}]{2,12}?)\d{1,2}月\d{1,2}日(?:电|讯)/u;
const EN_DATELINE_PLACE = /^([A-Z][A-Za-z.'’-]*(?:[ ,]+[A-Z][A-Za-z.'’-]*){0,5})\s*(?:—|–|--|\s-\s|$)/;

/**
 * The place a dateline names (本报北京7月22日电 → 北京, PORT HADLEY — → PORT HADLEY), or null
 * when it names none (本报讯).
 */
export function datelinePlace(dateline: string): string | null {
  const text = dateline.trim();
  if (!text) return null;
  const zh = ZH_DATELINE_PLACE.exec(text);
  if (zh) return zh[1]!;
  if (/\p{Script=Han}/u.test(text)) return null;
  const en = EN_DATELINE_PLACE.exec(text);
  return en ? en[1]!.replace(/[,\s]+$/, '') : null;
}

export interface StoryPhoto {
  asset: string;
  caption: string;
  credit: string;
  alt: string;
  width: number | null;
  height: number | null;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : null;

/** The photos of a story body, in reading order (one entry per figure, even for a repeated asset). */
export function storyPhotos(story: Pick<Story, 'body'>): StoryPhoto[] {
  const out: StoryPhoto[] = [];
  const walk = (node: DocNode): void => {
    if (node.type === 'photoFigure') {
      const asset = str(node.attrs?.asset);
      if (asset)
        out.push({
          asset,
          caption: str(node.attrs?.caption),
          credit: str(node.attrs?.credit),
          alt: str(node.attrs?.alt),
          width: num(node.attrs?.width),
          height: num(node.attrs?.height),
        });
      return;
    }
    node.content?.forEach(walk);
  };
  story.body.content?.forEach(walk);
  return out;
}

/**
 * Body length as the exchange formats state it: characters as the desk counts them (no
 * whitespace, each grapheme once); words with each Han character counted as one word, as
 * word processors count East Asian text, so a Chinese story does not report a handful of "words".
 */
export function bodyCounts(story: Pick<Story, 'body' | 'language'>): { charCount: number; wordCount: number } {
  const counts = countStory(story.body, story.language);
  return { charCount: counts.characters, wordCount: counts.words + counts.han };
}

/** The workflow status as a publication status: only approved copy is usable, spiked copy is withdrawn. */
export function pubStatusOf(story: Pick<Story, 'status'>): 'usable' | 'withheld' | 'canceled' {
  if (story.status === 'approved') return 'usable';
  if (story.status === 'spiked') return 'canceled';
  return 'withheld';
}

/** Throws the abort reason when the export was cancelled. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason ?? new Error('The export was cancelled.');
}

/** Writes a file whole or not at all: a reader of `dir` never sees half of it. */
export const writeWhole = (path: string, data: string | Uint8Array): Promise<void> => writeFileDurably(path, data);

/**
 * Copies the photos of the stories into `<dir>/<folder>/<asset id>`, once per asset.
 * Returns the assets copied; a photo whose file is missing from the library is skipped
 * (preflight reports it) and left out of the returned set.
 */
export async function copyPhotos(
  ctx: ExportContext,
  stories: readonly Story[],
  dir: string,
  folder: string,
  signal: AbortSignal,
): Promise<Set<string>> {
  const copied = new Set<string>();
  const wanted = new Set(stories.flatMap((s) => storyPhotos(s).map((p) => p.asset)));
  if (wanted.size === 0) return copied;
  await mkdir(join(dir, folder), { recursive: true });
  for (const asset of wanted) {
    throwIfAborted(signal);
    const from = await ctx.assetPath(asset);
    if (!from) continue;
    const to = join(dir, folder, asset);
    // Copy beside the target, then rename: the folder never holds half a photo.
    const partial = `${to}.partial`;
    await copyFile(from, partial);
    await rename(partial, to);
    copied.add(asset);
  }
  return copied;
}
