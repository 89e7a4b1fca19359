import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Id, SCHEMA_VERSION, Story, type StoryBody, storyMigrations } from '../../shared/model';
import { bodyText } from '../../shared/text/count';
import { readJson } from '../store/json-file';
import type { IndexedText, StoredFields } from './compact-index';

/**
 * What search reads of a story file: its text and the fields a hit shows. The index reads
 * every story when it is built and the first hits' stories for their snippets, so this is on
 * the path of every keystroke in the search box: checking a whole story against its schema
 * (zod) cost more than the search itself. A file of the current schema whose search fields
 * have the right types is read straight; anything else (an older schema, a damaged or odd
 * file) goes through the full read, which migrates it or says what is wrong.
 */

export interface SearchDocument extends IndexedText, StoredFields {
  id: string;
}

export function toSearchDocument(story: Story): SearchDocument {
  return {
    id: story.id,
    headline: story.headline,
    kicker: story.kicker,
    subheadline: story.subheadline,
    slug: story.slug,
    byline: story.byline,
    tags: story.tags.map((t) => t.name).join('\n'),
    body: bodyText(story.body),
    section: story.section,
    status: story.status,
    language: story.language,
  };
}

const STRING_FIELDS = ['id', 'headline', 'kicker', 'subheadline', 'slug', 'byline', 'section', 'status', 'language'];

/** The search fields of parsed story JSON when they are all there with the right types; null otherwise. */
export function searchFieldsOf(raw: unknown, id: string): SearchDocument | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const story = raw as Record<string, unknown>;
  if (story.schemaVersion !== SCHEMA_VERSION || story.id !== id) return null;
  if (!STRING_FIELDS.every((f) => typeof story[f] === 'string')) return null;
  const tags = story.tags;
  if (!Array.isArray(tags) || !tags.every((t) => typeof (t as { name?: unknown })?.name === 'string')) return null;
  const body = story.body as StoryBody | undefined;
  if (typeof body !== 'object' || body === null || body.type !== 'doc') return null;
  let text: string;
  try {
    text = bodyText(body);
  } catch {
    return null;
  }
  const s = story as Record<string, string>;
  return {
    id,
    headline: s.headline!,
    kicker: s.kicker!,
    subheadline: s.subheadline!,
    slug: s.slug!,
    byline: s.byline!,
    tags: (tags as { name: string }[]).map((t) => t.name).join('\n'),
    body: text,
    section: s.section!,
    status: s.status!,
    language: s.language!,
  };
}

/** A story file's search fields; rejects when the file is missing or not a valid story. */
export async function readSearchDocument(path: string, id: string): Promise<SearchDocument> {
  return readSearchDocumentNow(path, id) ?? toSearchDocument(await readJson(path, Story, storyMigrations));
}

/**
 * The same, read at once: null when the file needs the full read (readSearchDocument).
 * Synchronous on purpose: for small files it costs a fraction of the promise API's four
 * round trips (open, stat, read, close), and the search process has nothing else to do.
 */
export function readSearchDocumentNow(path: string, id: string): SearchDocument | null {
  try {
    return searchFieldsOf(JSON.parse(readFileSync(path, 'utf8')), id);
  } catch {
    // Missing, unreadable or not JSON: the full read says which.
    return null;
  }
}

/** Where a library keeps a story's file (the id checked, so no path leaves the folder). */
export const storyFile = (root: string, id: string): string => join(root, 'stories', `${Id.parse(id)}.json`);

/** A story file's version as the index records it: modification time and size; null without a file. */
export async function storyFileVersion(path: string): Promise<string | null> {
  try {
    // At once, like the reads: the check at start asks this of every story.
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return null;
  }
}

/** The index's source for the library at `root`: the story files themselves. */
export function storyFileSource(root: string, ids: () => string[] | Promise<string[]>) {
  return {
    ids,
    read: (id: string): Promise<SearchDocument> => readSearchDocument(storyFile(root, id), id),
    readNow: (id: string): SearchDocument | null => readSearchDocumentNow(storyFile(root, id), id),
    version: (id: string): Promise<string | null> => storyFileVersion(storyFile(root, id)),
  };
}
