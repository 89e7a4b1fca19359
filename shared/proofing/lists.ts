import { EN_STYLE_RULES } from './data/en-style';
import { SENSITIVE_WORDING } from './data/sensitive';
import { ZH_CONFUSIONS } from './data/zh-confusions';

/**
 * The lists proofing works from: those Masthead ships and the house's own, which live in the
 * library as plain text files (one entry a line) so a desk edits, shares, imports and exports
 * them with any editor. A house line overrides a shipped entry of the same wrong form; a
 * line `-词` silences a shipped entry the house does not want.
 */

export interface ReplacementEntry {
  wrong: string;
  right: string;
  reason: string;
  /** Longer correct strings containing `wrong`, where it must not be flagged. */
  unless: string[];
}

export interface SensitiveEntry extends ReplacementEntry {
  /** Banned (blocks export) rather than to be used with care. */
  banned: boolean;
}

export interface NameEntry {
  name: string;
  title: string;
}

export type EnglishVariant = 'en-US' | 'en-GB';
export type HeadlineCase = 'sentence' | 'title' | 'off';

export interface ProofingSettings {
  englishVariant: EnglishVariant;
  headlineCase: HeadlineCase;
}

export const DEFAULT_PROOFING_SETTINGS: ProofingSettings = { englishVariant: 'en-US', headlineCase: 'sentence' };

/** The house's own lists, as the library keeps them. */
export interface HouseLists {
  confusions: string;
  sensitive: string;
  style: string;
  /** People and their current titles, in protocol order: `姓名|职务` a line. */
  names: string;
  /** English words the dictionary lacks (names, places), one a line. */
  dictionary: string;
  settings: ProofingSettings;
}

export const HOUSE_LIST_NAMES = ['confusions', 'sensitive', 'style', 'names', 'dictionary'] as const;
export type HouseListName = (typeof HOUSE_LIST_NAMES)[number];

export const emptyHouseLists = (): HouseLists => ({
  confusions: '',
  sensitive: '',
  style: '',
  names: '',
  dictionary: '',
  settings: { ...DEFAULT_PROOFING_SETTINGS },
});

/** The lists after merging shipped and house entries: what the proofer compiles. */
export interface ProofingLists {
  confusions: ReplacementEntry[];
  sensitive: SensitiveEntry[];
  style: ReplacementEntry[];
  names: NameEntry[];
  dictionary: string[];
  settings: ProofingSettings;
}

const ARROW = /\s*(?:→|->|=>)\s*/;

export interface ListProblem {
  line: number;
  text: string;
  message: string;
}

/** Lines of a list file without blank lines and `#` comments, with their line numbers. */
function contentLines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((raw, i) => ({ line: i + 1, text: raw.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
}

/**
 * Parses `wrong→right|reason|unless,…` lines (also `->`). Returns the entries, the wrong forms
 * silenced with `-wrong`, and the lines that could not be read, so an import can say which.
 */
export function parseReplacementList(text: string): {
  entries: SensitiveEntry[];
  silenced: string[];
  problems: ListProblem[];
} {
  const entries: SensitiveEntry[] = [];
  const silenced: string[] = [];
  const problems: ListProblem[] = [];
  for (const { line, text: content } of contentLines(text)) {
    if (content.startsWith('-') && !ARROW.test(content)) {
      silenced.push(content.slice(1).trim());
      continue;
    }
    const [pair = '', reason = '', unless = ''] = content.split('|');
    const banned = pair.startsWith('!');
    const [wrong = '', right = ''] = pair.replace(/^!/, '').split(ARROW);
    if (!wrong.trim() || !ARROW.test(pair)) {
      problems.push({ line, text: content, message: 'expected “wrong→right|reason”' });
      continue;
    }
    entries.push({
      wrong: wrong.trim(),
      right: right.trim(),
      reason: reason.trim(),
      unless: unless
        .split(/[,，]/)
        .map((u) => u.trim())
        .filter(Boolean),
      banned,
    });
  }
  return { entries, silenced, problems };
}

export function formatReplacementList(entries: readonly SensitiveEntry[] | readonly ReplacementEntry[]): string {
  return entries
    .map((e) => {
      const banned = 'banned' in e && e.banned ? '!' : '';
      const unless = e.unless.length ? `|${e.unless.join(',')}` : '';
      return `${banned}${e.wrong}→${e.right}|${e.reason}${unless}`;
    })
    .join('\n');
}

/** `姓名|职务` lines (or `职务 姓名`, the order a story prints them in). */
export function parseNameList(text: string): { entries: NameEntry[]; problems: ListProblem[] } {
  const entries: NameEntry[] = [];
  const problems: ListProblem[] = [];
  for (const { line, text: content } of contentLines(text)) {
    const [first = '', second = ''] = content.includes('|')
      ? content.split('|').map((s) => s.trim())
      : (() => {
          const parts = content.split(/\s+/);
          // "市委书记 李强": the title first, the name last.
          return [parts.slice(-1)[0] ?? '', parts.slice(0, -1).join('')];
        })();
    if (!first || !second) {
      problems.push({ line, text: content, message: 'expected “姓名|职务”' });
      continue;
    }
    entries.push({ name: first, title: second });
  }
  return { entries, problems };
}

export const formatNameList = (entries: readonly NameEntry[]): string =>
  entries.map((e) => `${e.name}|${e.title}`).join('\n');

export const parseWordList = (text: string): string[] => contentLines(text).map((l) => l.text);

function merge<T extends ReplacementEntry>(shipped: T[], house: { entries: T[]; silenced: string[] }): T[] {
  const byWrong = new Map<string, T>();
  for (const entry of shipped) byWrong.set(entry.wrong, entry);
  for (const wrong of house.silenced) byWrong.delete(wrong);
  for (const entry of house.entries) byWrong.set(entry.wrong, entry);
  return [...byWrong.values()];
}

let shippedCache: { confusions: SensitiveEntry[]; sensitive: SensitiveEntry[]; style: SensitiveEntry[] } | null = null;

/** The lists as shipped, parsed once. */
export function shippedLists(): { confusions: SensitiveEntry[]; sensitive: SensitiveEntry[]; style: SensitiveEntry[] } {
  shippedCache ??= {
    confusions: parseReplacementList(ZH_CONFUSIONS).entries,
    sensitive: parseReplacementList(SENSITIVE_WORDING).entries,
    style: parseReplacementList(EN_STYLE_RULES).entries,
  };
  return shippedCache;
}

/** Shipped lists with the house's additions, overrides and silenced entries. */
export function mergeLists(house: HouseLists): ProofingLists {
  const shipped = shippedLists();
  return {
    confusions: merge(shipped.confusions, parseReplacementList(house.confusions)),
    sensitive: merge(shipped.sensitive, parseReplacementList(house.sensitive)),
    style: merge(shipped.style, parseReplacementList(house.style)),
    names: parseNameList(house.names).entries,
    dictionary: parseWordList(house.dictionary),
    settings: house.settings,
  };
}
