import { diffArrays, diffChars, diffWordsWithSpace } from 'diff';
import type { DocNode, StoryBody, StoryFields, StoryLanguage } from '../../../../shared/model';

/** A run of text in an inline diff: kept, inserted by the newer version, or deleted from the older. */
export interface Segment {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export const HEADLINE_FIELDS = ['kicker', 'headline', 'subheadline', 'byline', 'dateline'] as const;
export type HeadlineField = (typeof HEADLINE_FIELDS)[number];

/** Fields shown as "also changed" below the text: they are not copy, but a restore brings them back too. */
export const OTHER_FIELDS = ['slug', 'section', 'status', 'tags', 'targetLength', 'notes', 'fit'] as const;
export type OtherField = (typeof OTHER_FIELDS)[number];

export type Change = 'unchanged' | 'changed' | 'added' | 'removed';

export interface FieldDiff {
  field: HeadlineField;
  change: Change;
  before: string;
  after: string;
  segments: Segment[];
}

/** One block of the body as a reader sees it: its kind (paragraph, cross-head…) and its text. */
export interface Block {
  /** The top-level node type: paragraph, crossHead, pullQuote, blockquote, bulletList, photoFigure… */
  kind: string;
  text: string;
  /** What makes two blocks the same block: kind and text, and for a photo the picture itself. */
  key: string;
}

export type BodyDiffItem =
  /** A run of unchanged blocks, shown collapsed ("3 unchanged paragraphs"). */
  | { change: 'unchanged'; blocks: Block[] }
  | { change: 'changed'; before: Block; after: Block; segments: Segment[] }
  | { change: 'added'; block: Block }
  | { change: 'removed'; block: Block };

export interface StoryDiff {
  language: StoryLanguage;
  fields: FieldDiff[];
  body: BodyDiffItem[];
  otherChanges: OtherField[];
  /** The body's text is the same but its formatting (bold, italic, links) is not. */
  formattingChanged: boolean;
  /** Nothing a reader or a restore would notice differs. */
  identical: boolean;
}

/**
 * Below this share of common text, a "changed" paragraph reads better as one removed and
 * one added: an inline diff of two unrelated paragraphs is confetti.
 */
export const MIN_SIMILARITY = 0.3;

/**
 * The body as blocks, in reading order. Mirrors `blockTexts` in shared/text/count.ts (the
 * innermost node holding text is one block, empty paragraphs are skipped) but keeps the
 * kind of block, so a paragraph turned into a cross-head shows as a change, and photos,
 * whose caption lives in attributes, take part too.
 */
export function bodyBlocks(body: StoryBody): Block[] {
  const out: Block[] = [];
  const walk = (node: DocNode, kind: string): void => {
    if (node.type === 'photoFigure') {
      const attrs = node.attrs ?? {};
      const text = [attrs.caption, attrs.credit].filter((v) => typeof v === 'string' && v.trim()).join(' ');
      out.push({ kind: 'photoFigure', text, key: `photoFigure\u0000${String(attrs.asset ?? '')}\u0000${text}` });
      return;
    }
    if (node.content?.some((c) => c.type === 'text')) {
      const text = node.content.map(inlineText).join('');
      out.push({ kind, text, key: `${kind}\u0000${text}` });
      return;
    }
    node.content?.forEach((child) => walk(child, kind));
  };
  body.content?.forEach((node) => walk(node, node.type));
  return out;
}

const inlineText = (node: DocNode): string =>
  node.type === 'text' ? (node.text ?? '') : node.type === 'hardBreak' ? '\n' : '';

/**
 * An inline diff of two texts: by character for Chinese (a Chinese sentence has no spaces
 * to split on, and a one-character change such as 免费→收费 must show as one character),
 * by word with its spacing for English.
 */
export function diffText(before: string, after: string, language: StoryLanguage): Segment[] {
  if (before === after) return before ? [{ op: 'equal', text: before }] : [];
  const changes = language === 'zh-Hans' ? diffChars(before, after) : diffWordsWithSpace(before, after);
  const segments: Segment[] = changes.map((c) => ({
    op: c.added ? 'insert' : c.removed ? 'delete' : 'equal',
    text: c.value,
  }));
  return cleanupSemantic(segments);
}

/**
 * Folds a short kept run between two edits into the edits, as diff-match-patch's semantic
 * cleanup does: 今天上午→昨天下午 reads as one replaced phrase, not four one-character flips.
 * A kept run survives when it is longer than the edits on either side of it.
 */
export function cleanupSemantic(input: Segment[]): Segment[] {
  let segments = merge(input);
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]!;
      if (seg.op !== 'equal') continue;
      const before = editLength(segments, i, -1);
      const after = editLength(segments, i, 1);
      const length = [...seg.text].length;
      if (before > 0 && after > 0 && length <= before && length <= after) {
        segments = merge([
          ...segments.slice(0, i),
          { op: 'delete', text: seg.text },
          { op: 'insert', text: seg.text },
          ...segments.slice(i + 1),
        ]);
        changed = true;
        break;
      }
    }
  }
  return segments;
}

/** The larger of the deleted and the inserted length in the edit run next to segment i. */
function editLength(segments: Segment[], i: number, direction: 1 | -1): number {
  let deleted = 0;
  let inserted = 0;
  for (let j = i + direction; j >= 0 && j < segments.length && segments[j]!.op !== 'equal'; j += direction) {
    const length = [...segments[j]!.text].length;
    if (segments[j]!.op === 'delete') deleted += length;
    else inserted += length;
  }
  return Math.max(deleted, inserted);
}

/** Within each run of edits, deletions first, then insertions; neighbours of one kind joined. */
function merge(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  let deleted = '';
  let inserted = '';
  const flushEdits = () => {
    if (deleted) out.push({ op: 'delete', text: deleted });
    if (inserted) out.push({ op: 'insert', text: inserted });
    deleted = '';
    inserted = '';
  };
  for (const seg of segments) {
    if (!seg.text) continue;
    if (seg.op === 'delete') deleted += seg.text;
    else if (seg.op === 'insert') inserted += seg.text;
    else {
      flushEdits();
      const last = out.at(-1);
      if (last?.op === 'equal') last.text += seg.text;
      else out.push({ ...seg });
    }
  }
  flushEdits();
  return out;
}

/** Share of the longer text that both texts keep, from 0 (unrelated) to 1 (equal). */
export function similarity(segments: Segment[]): number {
  let kept = 0;
  let before = 0;
  let after = 0;
  for (const { op, text } of segments) {
    const length = [...text].length;
    if (op === 'equal') kept += length;
    if (op !== 'insert') before += length;
    if (op !== 'delete') after += length;
  }
  const longer = Math.max(before, after);
  return longer === 0 ? 1 : kept / longer;
}

function diffField(field: HeadlineField, before: string, after: string, language: StoryLanguage): FieldDiff {
  const change: Change =
    before === after ? 'unchanged' : before === '' ? 'added' : after === '' ? 'removed' : 'changed';
  return { field, change, before, after, segments: diffText(before, after, language) };
}

/** The body paragraph by paragraph: kept runs, paragraphs changed in place, added and removed ones. */
export function diffBody(before: StoryBody, after: StoryBody, language: StoryLanguage): BodyDiffItem[] {
  const older = bodyBlocks(before);
  const newer = bodyBlocks(after);
  const runs = diffArrays(older, newer, { comparator: (a, b) => a.key === b.key });
  const out: BodyDiffItem[] = [];
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    if (!run.added && !run.removed) {
      out.push({ change: 'unchanged', blocks: run.value });
      continue;
    }
    // A removed run followed by an added run at the same place: paragraphs edited in place.
    const next = runs[i + 1];
    const removed = run.removed ? run.value : [];
    const added = run.added ? run.value : next?.added && run.removed ? next.value : [];
    if (run.removed && next?.added) i++;
    out.push(...pairBlocks(removed, added, language));
  }
  return out;
}

function pairBlocks(removed: Block[], added: Block[], language: StoryLanguage): BodyDiffItem[] {
  const out: BodyDiffItem[] = [];
  const pairs = Math.min(removed.length, added.length);
  for (let k = 0; k < pairs; k++) {
    const before = removed[k]!;
    const after = added[k]!;
    const segments = diffText(before.text, after.text, language);
    if (similarity(segments) >= MIN_SIMILARITY) out.push({ change: 'changed', before, after, segments });
    else out.push({ change: 'removed', block: before }, { change: 'added', block: after });
  }
  for (const block of removed.slice(pairs)) out.push({ change: 'removed', block });
  for (const block of added.slice(pairs)) out.push({ change: 'added', block });
  return out;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What changed from one version of a story to another, in reading order: the headline
 * group, then the body paragraph by paragraph, then the fields that do not print.
 */
export function diffStories(before: StoryFields, after: StoryFields): StoryDiff {
  const language = after.language;
  const fields = HEADLINE_FIELDS.map((field) => diffField(field, before[field], after[field], language));
  const body = diffBody(before.body, after.body, language);
  const otherChanges = OTHER_FIELDS.filter((field) => !sameValue(before[field], after[field]));
  const textUnchanged = body.every((item) => item.change === 'unchanged');
  const formattingChanged = textUnchanged && !sameValue(before.body, after.body);
  const identical =
    fields.every((f) => f.change === 'unchanged') && textUnchanged && !formattingChanged && otherChanges.length === 0;
  return { language, fields, body, otherChanges, formattingChanged, identical };
}
