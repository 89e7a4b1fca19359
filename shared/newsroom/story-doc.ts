import { Node as PmNode, type Schema } from '@tiptap/pm/model';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror';
import type * as Y from 'yjs';
import { storySchema } from '../editor/extensions';
import { type Story, type StoryBody, emptyBody } from '../model/story';
import {
  DELETED_KEYS,
  STORY_FIELD_KEYS,
  STORY_KEYS,
  STORY_META_KEYS,
  STORY_TEXT_FIELDS,
  type Tombstone,
} from './protocol';
import { sameJson, setArrayMinimal, setPlain, setTextMinimal } from './yjs-edit';

/**
 * A story as a Yjs document (`story:<id>`, docs/newsroom.md) and back. Writing a story onto a
 * document that already holds one changes only what differs: text fields by their changed
 * span, the body by y-prosemirror's node-by-node update, plain fields only when their value
 * changes. So a save on one desk and a save on another, made from the same state, both survive
 * the merge unless they changed the same plain field — where the later write wins (see
 * keepLaterWrites) and the earlier value is returned for the story's history.
 */

/** The story without its revision: a number each library counts for itself. */
export type StoryState = Omit<Story, 'revision'>;

/** Who wrote a plain field and when: what "the later write wins" compares. */
export interface FieldStamp {
  at: string;
  by: string;
}

/**
 * Y.Map 'stamps': plain field → FieldStamp of the save that last set it. Written in the same
 * transaction as the field, so a merge keeps each field's value and stamp together.
 */
export const STORY_STAMPS_KEY = 'stamps';

export type StoryFieldKey = (typeof STORY_FIELD_KEYS)[number];

let cachedSchema: Schema | null = null;
/** The editor's schema, built once: the body's layout in the document depends on it. */
export const bodySchema = (): Schema => (cachedSchema ??= storySchema());

const meta = (doc: Y.Doc) => doc.getMap<unknown>(STORY_KEYS.meta);
const fields = (doc: Y.Doc) => doc.getMap<unknown>(STORY_KEYS.fields);
const stamps = (doc: Y.Doc) => doc.getMap<FieldStamp>(STORY_STAMPS_KEY);
const tags = (doc: Y.Doc) => doc.getArray<Story['tags'][number]>(STORY_KEYS.tags);
const statusHistory = (doc: Y.Doc) => doc.getArray<Story['statusHistory'][number]>(STORY_KEYS.statusHistory);
const body = (doc: Y.Doc) => doc.getXmlFragment(STORY_KEYS.body);
const deleted = (doc: Y.Doc) => doc.getMap<string>(STORY_KEYS.deleted);

/** The value of a plain field as the story holds it (absent contributors stay absent). */
const plainValue = (story: StoryState, key: StoryFieldKey): unknown => story[key];

/** The body as the editor schema normalises it (default attributes filled in), for comparing. */
export function normaliseBody(value: StoryBody, schema: Schema = bodySchema()): StoryBody {
  return PmNode.fromJSON(schema, value).toJSON() as StoryBody;
}

/** Whether the document holds a story yet (a new document is empty until the first write). */
export const hasStory = (doc: Y.Doc): boolean => typeof meta(doc).get('id') === 'string';

/**
 * Writes `story` onto `doc`, changing only what differs, in one transaction with `origin`.
 * Returns whether anything changed. A deleted story that is written again comes back: its
 * tombstone is cleared.
 */
export function writeStoryToDoc(doc: Y.Doc, story: StoryState, origin: unknown = null): boolean {
  let changed = false;
  doc.transact(() => {
    const m = meta(doc);
    for (const key of STORY_META_KEYS) changed = setPlain(m, key, story[key]) || changed;
    for (const key of STORY_TEXT_FIELDS) changed = setTextMinimal(doc.getText(key), story[key]) || changed;
    const f = fields(doc);
    const stamp: FieldStamp = { at: story.updatedAt, by: story.updatedBy };
    // Who and when travel together: a save by the same person as the last one still writes
    // its author, so a merge never pairs one desk's time with another desk's name.
    const newTime = f.get('updatedAt') !== story.updatedAt;
    for (const key of STORY_FIELD_KEYS) {
      if (key === 'updatedBy' && newTime) {
        f.set(key, story.updatedBy);
        stamps(doc).set(key, stamp);
        changed = true;
      } else if (setPlain(f, key, plainValue(story, key))) {
        stamps(doc).set(key, stamp);
        changed = true;
      }
    }
    changed = setArrayMinimal(tags(doc), story.tags) || changed;
    changed = setArrayMinimal(statusHistory(doc), story.statusHistory) || changed;
    changed = writeBody(doc, story.body) || changed;
    if (deleted(doc).size > 0) {
      deleted(doc).clear();
      changed = true;
    }
  }, origin);
  return changed;
}

/** The body through y-prosemirror: unchanged paragraphs keep their Yjs items, changed ones get a text diff. */
function writeBody(doc: Y.Doc, value: StoryBody): boolean {
  const schema = bodySchema();
  const fragment = body(doc);
  const next = PmNode.fromJSON(schema, value);
  if (fragment.length > 0 && yXmlFragmentToProseMirrorRootNode(fragment, schema).eq(next)) return false;
  updateYFragment(doc, fragment, next, { mapping: new Map(), isOMark: new Map() });
  return true;
}

/** Reads the body as TipTap JSON (an empty document reads as one empty paragraph). */
export function readBody(doc: Y.Doc): StoryBody {
  const fragment = body(doc);
  if (fragment.length === 0) return emptyBody();
  return yXmlFragmentToProseMirrorRootNode(fragment, bodySchema()).toJSON() as StoryBody;
}

/** The story the document holds, without a revision; null for a document with no story yet. */
export function readStoryFromDoc(doc: Y.Doc): StoryState | null {
  if (!hasStory(doc)) return null;
  const m = meta(doc);
  const f = fields(doc);
  const text = Object.fromEntries(STORY_TEXT_FIELDS.map((key) => [key, doc.getText(key).toString()])) as Record<
    (typeof STORY_TEXT_FIELDS)[number],
    string
  >;
  const story = {
    schemaVersion: m.get('schemaVersion'),
    id: m.get('id'),
    createdAt: m.get('createdAt'),
    createdBy: m.get('createdBy') ?? '',
    language: m.get('language'),
    ...text,
    section: f.get('section') ?? '',
    status: f.get('status') ?? 'draft',
    targetLength: f.get('targetLength') ?? null,
    fit: f.get('fit') ?? null,
    updatedAt: f.get('updatedAt') ?? m.get('createdAt'),
    updatedBy: f.get('updatedBy') ?? '',
    tags: tags(doc).toArray(),
    statusHistory: statusHistory(doc).toArray(),
    body: readBody(doc),
  } as StoryState;
  const contributors = f.get('contributors');
  if (contributors !== undefined) story.contributors = contributors as Story['contributors'];
  return story;
}

// ---------------------------------------------------------------- tombstones

export function markStoryDeleted(doc: Y.Doc, tombstone: Tombstone, origin: unknown = null): void {
  doc.transact(() => {
    deleted(doc).set(DELETED_KEYS.by, tombstone.by);
    deleted(doc).set(DELETED_KEYS.at, tombstone.at);
  }, origin);
}

/** The tombstone of a deleted story; null while it stands. */
export function readStoryDeleted(doc: Y.Doc): Tombstone | null {
  const by = deleted(doc).get(DELETED_KEYS.by);
  const at = deleted(doc).get(DELETED_KEYS.at);
  return typeof by === 'string' && typeof at === 'string' ? { by, at } : null;
}

// ---------------------------------------------------------------- the later write wins

/** Each plain field's value and stamp: kept before a remote update to see what it overruled. */
export type PlainFields = Record<StoryFieldKey, { value: unknown; stamp: FieldStamp | null }>;

export function readPlainFields(doc: Y.Doc): PlainFields {
  const f = fields(doc);
  const s = stamps(doc);
  return Object.fromEntries(
    STORY_FIELD_KEYS.map((key) => [key, { value: f.get(key), stamp: s.get(key) ?? null }]),
  ) as PlainFields;
}

/** A value a merge put aside: who wrote it, when, and which write won over it. */
export interface OverruledWrite {
  field: StoryFieldKey;
  value: unknown;
  stamp: FieldStamp | null;
  /** 'here': the value the document held before the update; 'remote': the update's value. */
  side: 'here' | 'remote';
}

const stampTime = (stamp: FieldStamp | null): number => (stamp ? Date.parse(stamp.at) || 0 : 0);

/** Whether write `a` is later than `b`; equal times are ordered by author, then value, so every desk agrees. */
function isLater(a: { value: unknown; stamp: FieldStamp | null }, b: { value: unknown; stamp: FieldStamp | null }) {
  const ta = stampTime(a.stamp);
  const tb = stampTime(b.stamp);
  if (ta !== tb) return ta > tb;
  const byA = a.stamp?.by ?? '';
  const byB = b.stamp?.by ?? '';
  if (byA !== byB) return byA > byB;
  return JSON.stringify(a.value ?? null) > JSON.stringify(b.value ?? null);
}

/**
 * After an update from elsewhere: Yjs settles two writes of one map key by client number, not
 * by time, so each plain field the update changed is checked against what this document held
 * `before`. Where the value held here was written later, it is written again (a new write, so
 * every desk converges on it); the value that lost either way is returned, for history.
 */
export function keepLaterWrites(doc: Y.Doc, before: PlainFields, origin: unknown = null): OverruledWrite[] {
  const after = readPlainFields(doc);
  const overruled: OverruledWrite[] = [];
  const rewrite: StoryFieldKey[] = [];
  for (const key of STORY_FIELD_KEYS) {
    const mine = before[key];
    const theirs = after[key];
    if (sameJson(mine.value, theirs.value)) continue;
    if (mine.value !== undefined && isLater(mine, theirs)) {
      rewrite.push(key);
      overruled.push({ field: key, value: theirs.value, stamp: theirs.stamp, side: 'remote' });
    } else if (mine.value !== undefined) {
      overruled.push({ field: key, value: mine.value, stamp: mine.stamp, side: 'here' });
    }
  }
  if (rewrite.length > 0) {
    doc.transact(() => {
      for (const key of rewrite) {
        fields(doc).set(key, before[key].value);
        if (before[key].stamp) stamps(doc).set(key, before[key].stamp as FieldStamp);
      }
    }, origin);
  }
  return overruled;
}
