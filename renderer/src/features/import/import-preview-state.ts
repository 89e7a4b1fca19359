import { summariseImport } from '../../../../shared/import/text-page';
import type {
  ImportPart,
  ImportSummary,
  ImportWarning,
  ImportedStory,
  PartRole,
} from '../../../../shared/import/types';
import type { StoryStatus } from '../../../../shared/model';

/**
 * The import preview as data: the stories found in every file read so far, and what the
 * editor changed before saving (roles, splits, merges, section, status). A pure reducer,
 * so every correction is testable without a DOM and undoable by replaying actions.
 */

export interface PreviewStory extends ImportedStory {
  /** Stable across splits and merges, for React keys and actions. */
  key: string;
  /** The file the story came from, or "paste"; saved in the story's notes. */
  source: string;
  /** Its bytes' SHA-256 (from the service): the saved story is recorded against it. */
  sourceSha256?: string;
  include: boolean;
  section: string;
  status: StoryStatus;
}

export interface PreviewDefaults {
  section: string;
  status: StoryStatus;
}

export interface PreviewState {
  stories: PreviewStory[];
  /** What stories read later start with: "apply to all" sets them too. */
  defaults: PreviewDefaults;
  nextKey: number;
}

export type PreviewAction =
  | { type: 'add'; source: string; sha256?: string; stories: ImportedStory[] }
  | { type: 'setRole'; story: string; part: number; role: PartRole }
  | { type: 'split'; story: string; part: number }
  /** Breaks one line in two at a character offset of its text (a head glued to a paragraph). */
  | { type: 'splitPart'; story: string; part: number; at: number }
  /** Joins a line with the one after it (the halves of a paragraph cut by a column break). */
  | { type: 'mergePartWithNext'; story: string; part: number }
  /** The one-click answer to "cross-head or broken paragraph?" for a flagged line. */
  | { type: 'resolveCrosshead'; story: string; part: number; choice: 'crosshead' | 'join' }
  | { type: 'mergeWithPrevious'; story: string }
  | { type: 'toggleInclude'; story: string; include?: boolean }
  | { type: 'setSection'; story: string; section: string }
  | { type: 'setStatus'; story: string; status: StoryStatus }
  | { type: 'applyToAll'; section?: string; status?: StoryStatus }
  | { type: 'remove'; stories: readonly string[] }
  | { type: 'clear' };

/** The roles an editor may give a line; a photo stays a photo only if it has an image. */
export const EDITABLE_ROLES = [
  'kicker',
  'headline',
  'subheadline',
  'dateline',
  'byline',
  'crosshead',
  'paragraph',
  'jump',
  'unplaced',
] as const satisfies readonly PartRole[];

/** The section field of a story holds at most this many characters. */
export const SECTION_MAX = 60;
const SOURCE_MAX = 255;

export const initialPreview = (defaults: PreviewDefaults = { section: '', status: 'draft' }): PreviewState => ({
  stories: [],
  defaults,
  nextKey: 1,
});

/**
 * The part a warning is about: among the parts that start at or before the warning's line,
 * those starting last; of those, the one whose text the warning quotes, else the first.
 * A warning before every part (a file-level note, line 0) belongs to the first part.
 */
export function warningOwner(warning: ImportWarning, parts: readonly ImportPart[]): number {
  let startLine = -1;
  for (const part of parts) if (part.line <= warning.line && part.line > startLine) startLine = part.line;
  if (startLine < 0) return 0;
  const candidates = parts.flatMap((part, index) => (part.line === startLine ? [index] : []));
  const stem = warning.text.replace(/…$/u, '').trim();
  if (stem) {
    const quoted = candidates.find((i) => parts[i]!.raw.includes(stem) || parts[i]!.text.includes(stem));
    if (quoted !== undefined) return quoted;
  }
  return candidates[0]!;
}

const HEAD_ROLES: readonly PartRole[] = ['kicker', 'headline', 'subheadline'];
const HAN = /\p{Script=Han}/u;

/**
 * Where in `raw` the text's character `at` comes from: the text is the raw source less
 * line breaks, spaces and a break's hyphen, so both are walked together, character by character.
 */
export function rawOffset(text: string, raw: string, at: number): number {
  let r = 0;
  for (let t = 0; t < at && t < text.length; t++) {
    const found = raw.indexOf(text[t]!, r);
    // A character the source does not have (a space put in at a join): nothing to pass in raw.
    if (found < 0 || found - r > 2) continue;
    r = found + 1;
  }
  return r;
}

/** Whether text reads as a head: no sentence punctuation at its end or inside it. */
const readsAsHead = (text: string): boolean =>
  text.length > 0 && !/[。！？!?.…；;]["”’）)]*$/u.test(text.trim()) && !/[。！？][^”’」』）)]/u.test(text);

/** Joins two halves of a line: Chinese without a space, English with one, a break's hyphen taken out. */
function joinText(a: string, b: string, language: ImportedStory['language']): string {
  if (language === 'zh-Hans' || HAN.test(a.at(-1) ?? '') || HAN.test(b[0] ?? '')) return a + b;
  if (/[A-Za-z]-$/.test(a) && /^[a-z]/.test(b)) return a.slice(0, -1) + b;
  return `${a} ${b}`;
}

/** Drops the cross-head question about a line once the editor answered it. */
const withoutQuestion = (story: PreviewStory, part: ImportPart): ImportWarning[] =>
  story.warnings.filter((w) => !(w.code === 'crosshead-or-paragraph' && w.line === part.line));

function mergeParts(story: PreviewStory, index: number): PreviewStory {
  const a = story.parts[index];
  const b = story.parts[index + 1];
  if (!a || !b) return story;
  // A head line or cross-head merged into the paragraph after it was that paragraph's first line.
  const role: PartRole =
    b.role === 'paragraph' && (a.role === 'crosshead' || a.role === 'unplaced' || HEAD_ROLES.includes(a.role))
      ? 'paragraph'
      : a.role;
  const merged: ImportPart = {
    role,
    text: joinText(a.text, b.text, story.language),
    raw: `${a.raw}\n${b.raw}`,
    line: a.line,
    ...(a.contributors || b.contributors
      ? { contributors: [...(a.contributors ?? []), ...(b.contributors ?? [])] }
      : {}),
  };
  const parts = story.parts.slice();
  parts.splice(index, 2, merged);
  return { ...story, parts, warnings: withoutQuestion(story, a) };
}

const joinSources = (a: string, b: string): string => {
  if (a === b) return a;
  const joined = `${a} + ${b}`;
  return joined.length > SOURCE_MAX ? `${joined.slice(0, SOURCE_MAX - 1)}…` : joined;
};

const clampSection = (section: string): string => section.replace(/[\r\n]+/g, ' ').slice(0, SECTION_MAX);

function updateStory(state: PreviewState, key: string, change: (story: PreviewStory) => PreviewStory): PreviewState {
  const index = state.stories.findIndex((s) => s.key === key);
  if (index < 0) return state;
  const next = change(state.stories[index]!);
  if (next === state.stories[index]) return state;
  const stories = state.stories.slice();
  stories[index] = next;
  return { ...state, stories };
}

export function previewReducer(state: PreviewState, action: PreviewAction): PreviewState {
  switch (action.type) {
    case 'add': {
      let nextKey = state.nextKey;
      const added = action.stories.map((story): PreviewStory => ({
        language: story.language,
        parts: story.parts,
        warnings: story.warnings,
        key: `s${nextKey++}`,
        source: action.source.slice(0, SOURCE_MAX),
        ...(action.sha256 ? { sourceSha256: action.sha256 } : {}),
        include: true,
        section: state.defaults.section,
        status: state.defaults.status,
      }));
      return { ...state, stories: [...state.stories, ...added], nextKey };
    }
    case 'setRole':
      return updateStory(state, action.story, (story) => {
        const part = story.parts[action.part];
        if (!part || part.role === action.role) return story;
        // Only a part that carries an image can be a photo: a caption alone is a paragraph.
        if (action.role === 'photo' && !part.image) return story;
        const parts = story.parts.slice();
        parts[action.part] = { ...part, role: action.role };
        return { ...story, parts };
      });
    case 'split': {
      const index = state.stories.findIndex((s) => s.key === action.story);
      const story = state.stories[index];
      // Splitting at the first part would leave an empty story behind: nothing to do.
      if (!story || action.part <= 0 || action.part >= story.parts.length) return state;
      const stays: ImportWarning[] = [];
      const moves: ImportWarning[] = [];
      for (const warning of story.warnings) {
        (warningOwner(warning, story.parts) >= action.part ? moves : stays).push(warning);
      }
      const first: PreviewStory = { ...story, parts: story.parts.slice(0, action.part), warnings: stays };
      const second: PreviewStory = {
        ...story,
        key: `s${state.nextKey}`,
        parts: story.parts.slice(action.part),
        warnings: moves,
      };
      const stories = state.stories.slice();
      stories.splice(index, 1, first, second);
      return { ...state, stories, nextKey: state.nextKey + 1 };
    }
    case 'splitPart':
      return updateStory(state, action.story, (story) => {
        const part = story.parts[action.part];
        if (!part) return story;
        const before = part.text.slice(0, action.at).trimEnd();
        const after = part.text.slice(action.at).trimStart();
        // A split at either end leaves an empty line: nothing to do.
        if (!before || !after) return story;
        let cut = rawOffset(part.text, part.raw, action.at);
        // The line break (or space) at the split stays with the first half: the second starts on its own line.
        while (cut < part.raw.length && /\s/u.test(part.raw[cut]!)) cut++;
        const rawBefore = part.raw.slice(0, cut);
        const breaks = rawBefore.split('\n').length - 1;
        // Each half gets its likely role: a glued head and paragraph come apart as head and paragraph.
        const headFirst = part.role === 'paragraph' && readsAsHead(before) && !readsAsHead(after);
        const hasHeadline = story.parts.some((p) => p.role === 'headline');
        const firstRole: PartRole = headFirst ? (hasHeadline ? 'crosshead' : 'headline') : part.role;
        const secondRole: PartRole = HEAD_ROLES.includes(part.role) && !readsAsHead(after) ? 'paragraph' : part.role;
        const { inline: _inline, contributors, ...plain } = part;
        void _inline;
        const first: ImportPart = { ...plain, role: firstRole, text: before, raw: rawBefore };
        if (contributors) first.contributors = contributors;
        const second: ImportPart = {
          role: secondRole,
          text: after,
          raw: part.raw.slice(cut),
          line: part.line + breaks,
        };
        const parts = story.parts.slice();
        parts.splice(action.part, 1, first, second);
        return { ...story, parts };
      });
    case 'mergePartWithNext':
      return updateStory(state, action.story, (story) => mergeParts(story, action.part));
    case 'resolveCrosshead':
      return updateStory(state, action.story, (story) => {
        const part = story.parts[action.part];
        if (!part) return story;
        if (action.choice === 'join') return mergeParts(story, action.part);
        const parts = story.parts.slice();
        parts[action.part] = { ...part, role: 'crosshead' };
        return { ...story, parts, warnings: withoutQuestion(story, part) };
      });
    case 'mergeWithPrevious': {
      const index = state.stories.findIndex((s) => s.key === action.story);
      if (index <= 0) return state;
      const previous = state.stories[index - 1]!;
      const story = state.stories[index]!;
      const merged: PreviewStory = {
        ...previous,
        parts: [...previous.parts, ...story.parts],
        warnings: [...previous.warnings, ...story.warnings],
        include: previous.include || story.include,
        source: joinSources(previous.source, story.source),
      };
      const stories = state.stories.slice();
      stories.splice(index - 1, 2, merged);
      return { ...state, stories };
    }
    case 'toggleInclude':
      return updateStory(state, action.story, (story) => {
        const include = action.include ?? !story.include;
        return include === story.include ? story : { ...story, include };
      });
    case 'setSection':
      return updateStory(state, action.story, (story) => ({ ...story, section: clampSection(action.section) }));
    case 'setStatus':
      return updateStory(state, action.story, (story) =>
        story.status === action.status ? story : { ...story, status: action.status },
      );
    case 'applyToAll': {
      const section = action.section === undefined ? undefined : clampSection(action.section);
      const status = action.status;
      return {
        ...state,
        defaults: { section: section ?? state.defaults.section, status: status ?? state.defaults.status },
        stories: state.stories.map((story) => ({
          ...story,
          section: section ?? story.section,
          status: status ?? story.status,
        })),
      };
    }
    case 'remove': {
      const gone = new Set(action.stories);
      return { ...state, stories: state.stories.filter((s) => !gone.has(s.key)) };
    }
    case 'clear':
      return { ...state, stories: [] };
  }
}

/** The fields the preview card shows, exactly as the CLI's dry run would report them. */
export const summarise = (story: PreviewStory): ImportSummary => summariseImport(story);

/** What the host's commitImport expects for one story. */
export const toCommit = (story: PreviewStory) => ({
  language: story.language,
  parts: story.parts,
  warnings: story.warnings,
  section: story.section,
  status: story.status,
  source: story.source,
  ...(story.sourceSha256 ? { sourceSha256: story.sourceSha256 } : {}),
});

type SingleField = 'kicker' | 'headline' | 'subheadline' | 'dateline';

/** The longest value each story field takes (the story schema's limits). */
const FIELD_MAX: Record<SingleField | 'byline', number> = {
  kicker: 200,
  headline: 300,
  subheadline: 300,
  dateline: 200,
  byline: 200,
};

export type StoryIssue =
  /** The field would not be saved: the whole import would be refused. Blocks committing. */
  | { kind: 'tooLong'; field: SingleField | 'byline'; length: number; max: number }
  /** Only the first kicker/headline/subheadline/dateline/jump is kept: the others would be lost. */
  | { kind: 'dropped'; role: SingleField | 'jump'; count: number; text: string }
  | { kind: 'noHeadline' };

/**
 * Problems the editor should see before saving, found the way the host builds the story
 * (first part of each heading role, bylines joined), so nothing is lost by surprise.
 */
export function storyIssues(story: Pick<ImportedStory, 'parts'>): StoryIssue[] {
  const issues: StoryIssue[] = [];
  const byRole = (role: PartRole) => story.parts.filter((p) => p.role === role);
  const single: SingleField[] = ['kicker', 'headline', 'subheadline', 'dateline'];
  for (const field of single) {
    const parts = byRole(field);
    const value = parts[0]?.text.replace(/\n/g, ' ') ?? '';
    if (value.length > FIELD_MAX[field])
      issues.push({ kind: 'tooLong', field, length: value.length, max: FIELD_MAX[field] });
    if (parts.length > 1) issues.push({ kind: 'dropped', role: field, count: parts.length - 1, text: parts[1]!.text });
  }
  const jumps = byRole('jump');
  if (jumps.length > 1) issues.push({ kind: 'dropped', role: 'jump', count: jumps.length - 1, text: jumps[1]!.text });
  const byline = byRole('byline')
    .map((p) => p.text)
    .join(', ');
  if (byline.length > FIELD_MAX.byline) {
    issues.push({ kind: 'tooLong', field: 'byline', length: byline.length, max: FIELD_MAX.byline });
  }
  if (!byRole('headline').some((p) => p.text.trim())) issues.push({ kind: 'noHeadline' });
  return issues;
}

export const blocksCommit = (issues: readonly StoryIssue[]): boolean => issues.some((i) => i.kind === 'tooLong');

/** Whether a story shows anything the editor should look at before saving it. */
export const needsLook = (story: Pick<ImportedStory, 'parts' | 'warnings'>): boolean =>
  story.warnings.length > 0 || story.parts.some((p) => p.role === 'unplaced') || storyIssues(story).length > 0;
