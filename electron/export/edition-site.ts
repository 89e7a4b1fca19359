import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { DocNode, Story, StoryBody } from '../../shared/model/story';
import { assetMime } from '../store/assets';
import type { ExportContext } from './types';

/**
 * What the HTML edition and the EPUB share: the edition's main language, the words around
 * the stories (contents, page labels, previous/next) in that language, the photos the
 * stories use and the names the story documents get.
 */

export type EditionLanguage = Story['language'];

/**
 * The language most of the edition is written in: by placed stories, a tie going to Chinese
 * (the first market, and a mixed edition of a Chinese daily is still a Chinese book).
 */
export function editionLanguage(ctx: Pick<ExportContext, 'stories'>): EditionLanguage {
  const zh = ctx.stories.filter((s) => s.language === 'zh-Hans').length;
  return ctx.stories.length > 0 && zh * 2 < ctx.stories.length ? 'en' : 'zh-Hans';
}

export interface SiteLabels {
  contents: string;
  page: (number: number, section: string) => string;
  issue: (issue: number) => string;
  previous: string;
  next: string;
  /** The page of the edition a story is on, shown above it. */
  onPage: (number: number, section: string) => string;
  noStories: string;
  photoMissing: string;
  date: (isoDate: string) => string;
}

const zhDate = (iso: string): string => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

const enDate = (iso: string): string =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });

export const SITE_LABELS: Record<EditionLanguage, SiteLabels> = {
  'zh-Hans': {
    contents: '目录',
    page: (n, section) => `第${n}版${section ? ` · ${section}` : ''}`,
    issue: (n) => `第${n}期`,
    previous: '上一篇',
    next: '下一篇',
    onPage: (n, section) => `第${n}版${section ? ` ${section}` : ''}`,
    noStories: '本版无稿件',
    photoMissing: '（图片缺失）',
    date: zhDate,
  },
  en: {
    contents: 'Contents',
    page: (n, section) => `Page ${n}${section ? ` · ${section}` : ''}`,
    issue: (n) => `No. ${n}`,
    previous: 'Previous',
    next: 'Next',
    onPage: (n, section) => `Page ${n}${section ? `, ${section}` : ''}`,
    noStories: 'No stories on this page',
    photoMissing: '(photo missing)',
    date: enDate,
  },
};

/** Every photo asset the stories show, once, in order of first use. */
export function photoAssets(stories: Story[]): string[] {
  const seen = new Set<string>();
  const walk = (node: DocNode) => {
    if (node.type === 'photoFigure' && typeof node.attrs?.asset === 'string' && node.attrs.asset) {
      seen.add(node.attrs.asset);
    }
    for (const child of node.content ?? []) walk(child);
  };
  for (const story of stories) for (const node of story.body.content ?? []) walk(node);
  return [...seen];
}

/**
 * The photos that can go into the export: an asset id (a content hash and the extension of
 * its real type, so it is a safe file name) with its file in the library and media type.
 * A photo whose file is gone is left out; its caption still prints (see `withoutMissingPhotos`).
 */
export async function availablePhotos(
  ctx: Pick<ExportContext, 'stories' | 'assetPath'>,
): Promise<Map<string, { path: string; mime: string }>> {
  const out = new Map<string, { path: string; mime: string }>();
  for (const assetId of photoAssets(ctx.stories)) {
    const path = await ctx.assetPath(assetId);
    const mime = assetMime(assetId);
    if (path && mime) out.set(assetId, { path, mime });
  }
  return out;
}

/**
 * The body with each photo whose file is missing turned into its caption, marked as missing:
 * an export never points at a file it does not contain.
 */
export function withoutMissingPhotos(body: StoryBody, available: ReadonlySet<string>, missing: string): StoryBody {
  const map = (node: DocNode): DocNode => {
    if (node.type === 'photoFigure') {
      const asset = typeof node.attrs?.asset === 'string' ? node.attrs.asset : '';
      if (available.has(asset)) return node;
      const caption = typeof node.attrs?.caption === 'string' ? node.attrs.caption.trim() : '';
      // An unknown node type prints as a paragraph of its text (story-html's fallback).
      return { type: 'missingPhoto', content: [{ type: 'text', text: caption ? `${missing} ${caption}` : missing }] };
    }
    return node.content ? { ...node, content: node.content.map(map) } : node;
  };
  return { ...body, content: (body.content ?? []).map(map) };
}

/** A story's document name: its place in reading order, then its id (ids are file-name safe). */
export const storyFileName = (index: number, story: Pick<Story, 'id'>, ext: 'html' | 'xhtml'): string =>
  `${String(index + 1).padStart(2, '0')}-${story.id}.${ext}`;

/** The headline a story is listed by: its main headline, else its slug, else a placeholder. */
export const storyTitle = (story: Pick<Story, 'headline' | 'slug' | 'id'>): string =>
  story.headline.trim() || story.slug.trim() || story.id;

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}
