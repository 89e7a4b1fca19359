import * as Y from 'yjs';
import { StoryLanguage } from '../../../shared/model/common';
import { StatusChange, StoryStatus, Tag } from '../../../shared/model/story';
import type { StoryGuardState } from '../../../shared/newsroom/permissions';
import {
  type CatalogueEdition,
  type CatalogueStory,
  DELETED_KEYS,
  EDITION_KEYS,
  STORY_KEYS,
  type Tombstone,
} from '../../../shared/newsroom/protocol';
import { countText } from '../../../shared/text/count';

/**
 * What the server reads from story and edition documents, by the key names of
 * shared/newsroom/protocol.ts: the state its permissions judge, and the catalogue's summaries.
 * Documents come from clients, so every value is checked before it is believed.
 */

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The parts of a story document the permissions judge. Throws if the document's layout is not a story's. */
export function readStoryGuardState(doc: Y.Doc): StoryGuardState {
  const meta = doc.getMap<unknown>(STORY_KEYS.meta);
  const fields = doc.getMap<unknown>(STORY_KEYS.fields);
  const rawStatus = fields.get('status');
  let status: StoryStatus | null = null;
  if (rawStatus !== undefined) {
    const parsed = StoryStatus.safeParse(rawStatus);
    if (!parsed.success) throw new Error(`not a story status: ${JSON.stringify(rawStatus)}`);
    status = parsed.data;
  }
  const history = doc.getArray<unknown>(STORY_KEYS.statusHistory).toArray();
  const statusHistory = history.map((entry) => {
    const parsed = StatusChange.safeParse(entry instanceof Y.AbstractType ? entry.toJSON() : entry);
    if (!parsed.success) throw new Error('a status history entry is malformed');
    return parsed.data;
  });
  return {
    id: text(meta.get('id')),
    status,
    createdBy: text(meta.get('createdBy')),
    createdAt: text(meta.get('createdAt')),
    statusHistory,
  };
}

/** The text of the body (Y.XmlFragment in y-prosemirror's layout): one line per text block. */
export function bodyTextOf(fragment: Y.XmlFragment): string {
  const blocks: string[] = [];
  const inline = (node: Y.XmlElement | Y.XmlText | Y.XmlHook): string => {
    if (node instanceof Y.XmlText) {
      return (node.toDelta() as { insert: unknown }[])
        .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
        .join('');
    }
    if (node instanceof Y.XmlElement && node.nodeName === 'hardBreak') return '\n';
    return '';
  };
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook): void => {
    if (!(node instanceof Y.XmlElement)) return;
    const children = node.toArray();
    if (children.some((child) => child instanceof Y.XmlText)) {
      blocks.push(children.map(inline).join(''));
      return;
    }
    children.forEach(walk);
  };
  fragment.toArray().forEach(walk);
  return blocks.join('\n');
}

function readTags(doc: Y.Doc): Tag[] {
  const tags: Tag[] = [];
  for (const entry of doc.getArray<unknown>(STORY_KEYS.tags).toArray()) {
    const parsed = Tag.safeParse(entry instanceof Y.AbstractType ? entry.toJSON() : entry);
    if (parsed.success) tags.push(parsed.data);
  }
  return tags;
}

function readTombstone(doc: Y.Doc): Tombstone | undefined {
  const deleted = doc.getMap<unknown>(STORY_KEYS.deleted);
  const by = text(deleted.get(DELETED_KEYS.by));
  const at = text(deleted.get(DELETED_KEYS.at));
  return by !== null && at !== null ? { by, at } : undefined;
}

/**
 * The catalogue's entry for a story document; null while the document holds no story yet
 * (no status), or when its layout is not a story's.
 */
export function summariseStoryDoc(id: string, doc: Y.Doc): CatalogueStory | null {
  try {
    const meta = doc.getMap<unknown>(STORY_KEYS.meta);
    const fields = doc.getMap<unknown>(STORY_KEYS.fields);
    const status = StoryStatus.safeParse(fields.get('status'));
    if (!status.success) return null;
    const language = StoryLanguage.safeParse(meta.get('language'));
    const counts = countText(bodyTextOf(doc.getXmlFragment(STORY_KEYS.body)));
    const field = (key: string): string => doc.getText(key).toString();
    const createdAt = text(meta.get('createdAt')) ?? undefined;
    const entry: CatalogueStory = {
      id,
      slug: field('slug'),
      headline: field('headline'),
      kicker: field('kicker'),
      byline: field('byline'),
      section: text(fields.get('section')) ?? '',
      status: status.data,
      language: language.success ? language.data : 'zh-Hans',
      charCount: counts.characters,
      wordCount: counts.words,
      updatedAt: text(fields.get('updatedAt')) ?? createdAt ?? new Date(0).toISOString(),
      updatedBy: text(fields.get('updatedBy')) ?? '',
      createdBy: text(meta.get('createdBy')) ?? '',
      tags: readTags(doc),
    };
    if (createdAt) entry.createdAt = createdAt;
    const deleted = readTombstone(doc);
    if (deleted) entry.deleted = deleted;
    return entry;
  } catch {
    return null;
  }
}

/** The catalogue's entry for an edition document; null while it holds no edition yet. */
export function summariseEditionDoc(id: string, doc: Y.Doc): CatalogueEdition | null {
  try {
    const edition = doc.getMap<unknown>(EDITION_KEYS.edition);
    const publication = text(edition.get('publication'));
    const date = text(edition.get('date'));
    const issueNumber = edition.get('issueNumber');
    const updatedAt = text(edition.get('updatedAt'));
    if (publication === null || date === null || typeof issueNumber !== 'number' || updatedAt === null) return null;
    return { id, publication, date, issueNumber, updatedAt, pageCount: doc.getArray(EDITION_KEYS.pages).length };
  } catch {
    return null;
  }
}
