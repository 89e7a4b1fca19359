import type { StoryBody, DocNode } from '../model/story';
import type { StoryLanguage } from '../model/common';
import { countText } from '../text/count';
import { type FixRule, findPunctuationFixes } from '../text/normalise';
import { AhoCorasick } from './aho-corasick';
import {
  type LocalFinding,
  type NumberFact,
  type RelativeDayFact,
  type WeekdayFact,
  datelineDate,
  findDe,
  findDoubled,
  findJiShi,
  percentFacts,
  relativeDayFacts,
  relativeWord,
  weekdayFacts,
  weekdayName,
  yearFacts,
} from './chinese';
import {
  findDoubleSpaces,
  findHeadlineCase,
  findMisspellings,
  findRepeatedWords,
  findSmallNumbers,
  words,
} from './english';
import type { NameEntry, ProofingLists, ReplacementEntry, SensitiveEntry } from './lists';
import type { SpellChecker } from './spelling';
import {
  type Finding,
  type FindingKind,
  type ProofField,
  type ProofRule,
  type ProofSummary,
  findingKey,
  summarise,
} from './types';

/** A finding inside one block, before the block says which field and paragraph it is. */
export type BlockFinding = Omit<Finding, 'field' | 'block'>;

/** What one paragraph (or field) yields: its findings, and the facts the story-wide rules need. */
export interface BlockResult {
  findings: BlockFinding[];
  years: NumberFact[];
  percents: NumberFact[];
  relativeDays: RelativeDayFact[];
  weekdays: WeekdayFact[];
  /** Where a quotation opens that the paragraph never closes: right if the next one opens with “. */
  openQuoteAt: number | null;
  startsWithQuote: boolean;
}

export interface ProofBlockInput {
  field: ProofField;
  block: number;
  text: string;
}

export interface StoryToProof {
  language: StoryLanguage;
  kicker: string;
  headline: string;
  subheadline: string;
  byline: string;
  dateline: string;
  body: StoryBody;
}

export interface ProofOptions {
  /** The date the story is proofed against (YYYY-MM-DD): the edition's, else the story's. */
  date?: string | null;
  /** Keys (see findingKey) the desk chose to ignore in this story. */
  ignored?: ReadonlySet<string>;
  /** Look up spelling suggestions (slower: the editor asks for them when a card opens). */
  suggestSpelling?: boolean;
}

type PhraseKind = 'confusion' | 'sensitive' | 'style' | 'name';
interface Phrase {
  kind: PhraseKind;
  entry: ReplacementEntry | SensitiveEntry | NameEntry;
  latin: boolean;
}

/** Titles a name may be printed with; the house list's own are added to these. */
const GENERIC_TITLES = [
  '总书记',
  '书记',
  '市委书记',
  '省委书记',
  '区委书记',
  '县委书记',
  '主席',
  '总理',
  '部长',
  '省长',
  '市长',
  '区长',
  '县长',
  '镇长',
  '局长',
  '厅长',
  '处长',
  '主任',
  '秘书长',
  '院长',
  '校长',
  '董事长',
  '总经理',
  '总裁',
  '理事长',
  '会长',
  '委员',
  '常委',
  '代表',
  '检察长',
  '州长',
  '总统',
  '首相',
  '大使',
];

const PUNCTUATION_MESSAGES: Record<FixRule, string> = {
  'full-width-punctuation': '中文里用全角标点',
  'curly-quotes': '用弯引号',
  'half-width-alphanumeric': '数字和字母用半角',
  ellipsis: '省略号用“……”',
  dash: '破折号用“——”',
};

const PAIRS: Record<string, string> = { '（': '）', '(': ')', '《': '》', '【': '】', '「': '」', '“': '”', '[': ']' };
const CLOSERS = new Map(Object.entries(PAIRS).map(([open, close]) => [close, open]));
const PAIR_CODES = new Set([...Object.keys(PAIRS), ...CLOSERS.keys()].map((c) => c.charCodeAt(0)));
/** What the normaliser's rules look at; a paragraph with none of it is not scanned by them. */
const NORMALISER_CHARS = /[,;:?!().'"\-\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/;
const HAN = /\p{Script=Han}/u;
const LATIN_LETTER = /[A-Za-z]/;

const KIND_OF: Record<ProofRule, FindingKind> = {
  'zh-confusion': 'typo',
  'zh-doubled': 'typo',
  'zh-de': 'typo',
  'zh-number': 'style',
  'zh-date': 'typo',
  'name-title': 'typo',
  'name-order': 'style',
  sensitive: 'sensitive',
  punctuation: 'style',
  paired: 'typo',
  'en-spelling': 'typo',
  'en-style': 'style',
  'en-repeated': 'typo',
  'en-number': 'style',
  spacing: 'style',
  'en-headline': 'style',
};

const finding = (rule: ProofRule, local: LocalFinding, blocking = false): BlockFinding => ({
  ...local,
  rule,
  kind: KIND_OF[rule],
  blocking,
});

/** Inline leaves (hard breaks, inline images) take one position in ProseMirror: one character here. */
const inlineText = (node: DocNode): string =>
  node.type === 'text' ? (node.text ?? '') : node.type === 'hardBreak' ? '\n' : '\uFFFC';

const INLINE_LEAVES = new Set(['hardBreak', 'image']);

/** Paragraph-like blocks of a body, in document order, with the same offsets the editor has. */
export function bodyBlocks(body: StoryBody): string[] {
  const out: string[] = [];
  const walk = (node: DocNode): void => {
    const children = node.content ?? [];
    const textblock =
      children.length > 0
        ? children.every((c) => c.type === 'text' || INLINE_LEAVES.has(c.type))
        : node.type === 'paragraph' || node.type === 'heading' || node.type === 'crossHead';
    if (textblock) {
      out.push(children.map(inlineText).join(''));
      return;
    }
    children.forEach(walk);
  };
  body.content?.forEach(walk);
  return out;
}

const keepCapital = (original: string, replacement: string): string =>
  /^[A-Z]/.test(original) && /^[a-z]/.test(replacement)
    ? replacement[0]!.toUpperCase() + replacement.slice(1)
    : replacement;

/**
 * The proofer: lists compiled once into one Aho–Corasick automaton, and a cache of results
 * by paragraph text, so re-proofing a story after a keystroke re-checks one paragraph.
 */
export class Proofer {
  private readonly matcher: AhoCorasick;
  private readonly phrases: Phrase[];
  private readonly nameRank = new Map<string, number>();
  private readonly titles: string[];
  private readonly houseWords: Set<string>;
  private readonly cache = new Map<string, BlockResult>();

  constructor(
    readonly lists: ProofingLists,
    private readonly speller: SpellChecker | null,
  ) {
    const phrases: Phrase[] = [];
    const patterns: string[] = [];
    const add = (kind: PhraseKind, pattern: string, entry: Phrase['entry']) => {
      const latin = LATIN_LETTER.test(pattern);
      patterns.push(latin ? pattern.toLowerCase() : pattern);
      phrases.push({ kind, entry, latin });
    };
    for (const entry of lists.confusions) add('confusion', entry.wrong, entry);
    for (const entry of lists.sensitive) add('sensitive', entry.wrong, entry);
    for (const entry of lists.style) add('style', entry.wrong, entry);
    lists.names.forEach((entry, rank) => {
      if (this.nameRank.has(entry.name)) return;
      this.nameRank.set(entry.name, rank);
      add('name', entry.name, entry);
    });
    this.phrases = phrases;
    this.matcher = new AhoCorasick(patterns);
    const titles = new Set([...GENERIC_TITLES, ...lists.names.map((n) => n.title)]);
    for (const title of [...titles]) titles.add(`副${title}`);
    // Longest first, so 市委副书记 is found before 书记.
    this.titles = [...titles].sort((a, b) => b.length - a.length);
    this.houseWords = new Set(lists.dictionary);
  }

  /** The dictionary's first suggestion for a misspelt word, or null. */
  suggestSpelling(word: string): string | null {
    return this.speller?.suggest(word)[0] ?? null;
  }

  /** Forgets every paragraph's result (the bench's "from scratch"). */
  clearCache(): void {
    this.cache.clear();
  }

  /** The findings and facts of one paragraph or field, from the cache when its text is unchanged. */
  proofBlock(text: string, field: ProofField, language: StoryLanguage): BlockResult {
    const key = `${field === 'body' ? 'b' : field}\u0000${language}\u0000${text}`;
    let result = this.cache.get(key);
    if (!result) {
      result = this.checkBlock(text, field, language);
      if (this.cache.size > 20_000) this.cache.clear();
      this.cache.set(key, result);
    }
    return result;
  }

  private checkBlock(text: string, field: ProofField, language: StoryLanguage): BlockResult {
    const findings: BlockFinding[] = [];
    this.phraseFindings(text, findings);
    const hasHan = HAN.test(text);
    if (hasHan) {
      for (const f of findDoubled(text)) findings.push(finding('zh-doubled', f));
      for (const f of findDe(text)) findings.push(finding('zh-de', f));
      for (const f of findJiShi(text)) findings.push(finding('zh-confusion', f));
    }
    // English copy's straight quotes are the typesetter's business; in Chinese they are errors.
    for (const fix of hasHan && NORMALISER_CHARS.test(text) ? findPunctuationFixes(text, 'zh-Hans') : []) {
      findings.push(
        finding('punctuation', {
          start: fix.start,
          end: fix.end,
          text: fix.from,
          suggestion: fix.to,
          message: PUNCTUATION_MESSAGES[fix.rule],
        }),
      );
    }
    const paired = this.pairedFindings(text, language);
    findings.push(...paired.findings);
    for (const f of findDoubleSpaces(text)) findings.push(finding('spacing', f));
    const tokens = /[A-Za-z]/.test(text) ? words(text) : [];
    if (tokens.length) {
      for (const f of findRepeatedWords(text, tokens)) findings.push(finding('en-repeated', f));
      if (language === 'en') {
        if (this.speller)
          for (const f of findMisspellings(text, tokens, this.speller, this.houseWords, false))
            findings.push(finding('en-spelling', f));
        if (field === 'body') for (const f of findSmallNumbers(text)) findings.push(finding('en-number', f));
        if (field === 'headline')
          for (const f of findHeadlineCase(
            text,
            tokens,
            this.lists.settings.headlineCase,
            this.speller,
            this.houseWords,
          ))
            findings.push(finding('en-headline', f));
      }
    }
    findings.sort((a, b) => a.start - b.start || a.end - b.end);
    return {
      findings: dropOverlaps(findings),
      years: hasHan ? yearFacts(text) : [],
      percents: hasHan ? percentFacts(text) : [],
      relativeDays: hasHan ? relativeDayFacts(text) : [],
      weekdays: hasHan ? weekdayFacts(text) : [],
      openQuoteAt: paired.openQuoteAt,
      startsWithQuote: /^\s*[“"]/.test(text),
    };
  }

  /** List entries found by the automaton: confusions, sensitive wording, English style, names. */
  private phraseFindings(text: string, out: BlockFinding[]): void {
    const lower = text.toLowerCase();
    const haystack = lower.length === text.length ? lower : text;
    const matches = this.matcher.findAll(haystack);
    if (matches.length === 0) return;
    const byKind = new Map<PhraseKind, { start: number; end: number; phrase: Phrase }[]>();
    for (const match of matches) {
      const phrase = this.phrases[match.pattern]!;
      if (phrase.latin) {
        // Whole words only, and exact case for Chinese patterns is implied by lower-casing nothing.
        if (LATIN_LETTER.test(text[match.start - 1] ?? '') || LATIN_LETTER.test(text[match.end] ?? '')) continue;
      }
      if ('unless' in phrase.entry && insideException(text, match.start, match.end, phrase.entry.unless)) continue;
      const list = byKind.get(phrase.kind) ?? [];
      list.push({ start: match.start, end: match.end, phrase });
      byKind.set(phrase.kind, list);
    }
    for (const [kind, list] of byKind) {
      const kept = leftmostLongest(list);
      if (kind === 'name') {
        this.nameFindings(text, kept, out);
        continue;
      }
      for (const { start, end, phrase } of kept) {
        const entry = phrase.entry as SensitiveEntry;
        const original = text.slice(start, end);
        const rule: ProofRule = kind === 'confusion' ? 'zh-confusion' : kind === 'sensitive' ? 'sensitive' : 'en-style';
        const right = entry.right.startsWith('（') || entry.right.startsWith('(') ? null : entry.right;
        out.push(
          finding(
            rule,
            {
              start,
              end,
              text: original,
              suggestion: right === null ? null : keepCapital(original, right),
              message: entry.reason,
            },
            kind === 'sensitive' && entry.banned,
          ),
        );
      }
    }
  }

  /** A house name printed with another title, and house names listed out of protocol order. */
  private nameFindings(
    text: string,
    found: { start: number; end: number; phrase: Phrase }[],
    out: BlockFinding[],
  ): void {
    for (const { start, end, phrase } of found) {
      const entry = phrase.entry as NameEntry;
      const printed = this.titles.find(
        (title) => start >= title.length && text.startsWith(title, start - title.length),
      );
      if (!printed || printed === entry.title || entry.title.endsWith(printed)) continue;
      // 副 before a title that the house gives without it is another title too.
      out.push(
        finding('name-title', {
          start: start - printed.length,
          end,
          text: text.slice(start - printed.length, end),
          suggestion: `${entry.title}${entry.name}`,
          message: `名单中${entry.name}的职务为“${entry.title}”`,
        }),
      );
    }
    // Runs of names joined by 、 (or 和, with or without titles between): protocol order.
    let run: typeof found = [];
    const flush = () => {
      if (run.length >= 2) {
        const ranks = run.map((r) => this.nameRank.get((r.phrase.entry as NameEntry).name)!);
        if (ranks.some((rank, i) => i > 0 && rank < ranks[i - 1]!)) {
          const first = run[0]!;
          const last = run[run.length - 1]!;
          const gaps = run.slice(1).map((r, i) => text.slice(run[i]!.end, r.start));
          const sorted = [...run].sort(
            (a, b) =>
              this.nameRank.get((a.phrase.entry as NameEntry).name)! -
              this.nameRank.get((b.phrase.entry as NameEntry).name)!,
          );
          const onlySeparators = gaps.every((g) => /^[、，,\s和与及]*$/.test(g));
          const names = sorted.map((r) => (r.phrase.entry as NameEntry).name);
          out.push(
            finding('name-order', {
              start: first.start,
              end: last.end,
              text: text.slice(first.start, last.end),
              suggestion: onlySeparators ? names.map((n, i) => (i === 0 ? n : gaps[i - 1]! + n)).join('') : null,
              message: `按名单顺序应为：${names.join('、')}`,
            }),
          );
        }
      }
      run = [];
    };
    for (const match of found) {
      const previous = run[run.length - 1];
      if (previous) {
        let gap = text.slice(previous.end, match.start).replace(/^[、，,\s]*(?:和|与|及|以及)?/, '');
        const title = this.titles.find((t) => gap.endsWith(t));
        if (title) gap = gap.slice(0, -title.length);
        if (gap !== '' || text.slice(previous.end, match.start) === '') flush();
      }
      run.push(match);
    }
    flush();
  }

  /** Quote marks and brackets never closed, or closed without being opened. */
  private pairedFindings(
    text: string,
    language: StoryLanguage,
  ): { findings: BlockFinding[]; openQuoteAt: number | null } {
    const out: BlockFinding[] = [];
    const stack: { char: string; at: number }[] = [];
    // "1) first point": an English list marker closes nothing.
    const listMarker = /^\s*\w{1,3}\)/.exec(text);
    for (let i = 0; i < text.length; i++) {
      // By code first: taking text[i] of every Han character would make a string of each.
      if (!PAIR_CODES.has(text.charCodeAt(i))) continue;
      const ch = text[i]!;
      if (ch in PAIRS) {
        if (ch === '[' && language !== 'en' && !HAN.test(text)) continue;
        // Chinese nests ‘’ inside “”: a second “ while one is open means the first was never closed.
        if (ch === '“') {
          const open = stack.map((s) => s.char).lastIndexOf('“');
          if (open !== -1) for (const unclosed of stack.splice(open)) out.push(this.unclosed(unclosed));
        }
        stack.push({ char: ch, at: i });
        continue;
      }
      const opener = CLOSERS.get(ch);
      if (opener === undefined) continue;
      if (listMarker && i < listMarker[0].length) continue;
      // Closing a bracket left open inside an unclosed quote closes that quote's inner ones too.
      const index = stack.map((s) => s.char).lastIndexOf(opener);
      if (index === -1) {
        out.push(
          finding('paired', {
            start: i,
            end: i + 1,
            text: ch,
            suggestion: null,
            message: `“${ch}”没有对应的“${opener}”`,
          }),
        );
        continue;
      }
      for (const unclosed of stack.splice(index)) {
        if (unclosed.char === opener) continue;
        out.push(this.unclosed(unclosed));
      }
    }
    let openQuoteAt: number | null = null;
    for (const unclosed of stack) {
      if (unclosed.char === '“' && openQuoteAt === null) {
        // Decided story-wide: a quotation running on into the next paragraph leaves this open.
        openQuoteAt = unclosed.at;
        continue;
      }
      out.push(this.unclosed(unclosed));
    }
    return { findings: out, openQuoteAt };
  }

  private unclosed(open: { char: string; at: number }): BlockFinding {
    return finding('paired', {
      start: open.at,
      end: open.at + 1,
      text: open.char,
      suggestion: null,
      message: `“${open.char}”没有对应的“${PAIRS[open.char]}”`,
    });
  }

  /**
   * Findings of a story's blocks, with the story-wide rules: numbers written two ways, dates
   * against the dateline, quotations running on across paragraphs.
   */
  proofBlocks(
    blocks: readonly ProofBlockInput[],
    language: StoryLanguage,
    dateline: string,
    options: ProofOptions = {},
  ): Finding[] {
    const results = blocks.map((b) => ({ ...b, result: this.proofBlock(b.text, b.field, language) }));
    const out: Finding[] = [];
    const push = (b: ProofBlockInput, f: BlockFinding) => out.push({ ...f, field: b.field, block: b.block });
    results.forEach((b, i) => {
      for (const f of b.result.findings) {
        // Suggestions cost milliseconds a word: looked up only when asked (the CLI, a card opened).
        if (options.suggestSpelling && f.rule === 'en-spelling')
          push(b, { ...f, suggestion: this.suggestSpelling(f.text) });
        else push(b, f);
      }
      if (b.result.openQuoteAt !== null) {
        const next = results[i + 1];
        if (!next || next.field !== b.field || !next.result.startsWithQuote) {
          const at = b.result.openQuoteAt;
          push(b, {
            start: at,
            end: at + 1,
            text: '“',
            suggestion: null,
            message: '“没有对应的”',
            rule: 'paired',
            kind: 'typo',
            blocking: false,
          });
        }
      }
    });
    this.numberConsistency(results, 'years', push);
    this.numberConsistency(results, 'percents', push);
    this.dates(results, dateline, options.date ?? null, push);
    const ignored = options.ignored;
    return ignored && ignored.size ? out.filter((f) => !ignored.has(findingKey(f))) : out;
  }

  /** GB/T 15835: a story writes years and percentages one way; 〇 (not 零) in a Chinese year. */
  private numberConsistency(
    results: { field: ProofField; block: number; text: string; result: BlockResult }[],
    which: 'years' | 'percents',
    push: (b: ProofBlockInput, f: BlockFinding) => void,
  ): void {
    const facts = results.flatMap((b) => b.result[which].map((fact) => ({ b, fact })));
    const mixed = facts.some((f) => f.fact.chinese) && facts.some((f) => !f.fact.chinese);
    for (const { b, fact } of facts) {
      if (!fact.chinese) continue;
      if (mixed && fact.arabic) {
        push(b, {
          start: fact.start,
          end: fact.end,
          text: fact.text,
          suggestion: fact.arabic,
          message:
            which === 'years'
              ? '同一篇稿件中年份写法应一致（GB/T 15835：统计、计量用阿拉伯数字）'
              : '同一篇稿件中百分数写法应一致（GB/T 15835：用阿拉伯数字和%）',
          rule: 'zh-number',
          kind: 'style',
          blocking: false,
        });
      } else if (fact.badZero) {
        push(b, {
          start: fact.start,
          end: fact.end,
          text: fact.text,
          suggestion: fact.text.replace(/[零○]/g, '〇'),
          message: '汉字数字年份中的零写作“〇”（GB/T 15835）',
          rule: 'zh-number',
          kind: 'typo',
          blocking: false,
        });
      }
    }
  }

  /** 昨天（6日） in a story dated the 6th, and weekdays that the calendar contradicts. */
  private dates(
    results: { field: ProofField; block: number; text: string; result: BlockResult }[],
    dateline: string,
    contextDate: string | null,
    push: (b: ProofBlockInput, f: BlockFinding) => void,
  ): void {
    const context = contextDate && /^\d{4}-\d{2}-\d{2}/.test(contextDate) ? contextDate : null;
    const contextYear = context ? Number(context.slice(0, 4)) : null;
    const contextMonth = context ? Number(context.slice(5, 7)) : null;
    const fromDateline = datelineDate(dateline);
    // The anchor for 今天: the dateline's date, else the paper's date.
    const anchor = fromDateline
      ? { month: fromDateline.month ?? contextMonth, day: fromDateline.day, source: 'dateline' as const }
      : context
        ? { month: contextMonth, day: Number(context.slice(8, 10)), source: 'edition' as const }
        : null;
    for (const b of results) {
      if (anchor)
        for (const fact of b.result.relativeDays) {
          const month = fact.month ?? anchor.month;
          const offset =
            month !== null && anchor.month !== null
              ? dayDifference(contextYear ?? 2001, anchor.month, anchor.day, month, fact.day)
              : fact.month === null && fact.day > 2 && fact.day < 27 && anchor.day > 2 && anchor.day < 27
                ? fact.day - anchor.day
                : null;
          if (offset === null || offset === fact.offset) continue;
          const right = relativeWord(offset, fact.word.endsWith('日'));
          const anchorText = `${anchor.month ? `${anchor.month}月` : ''}${anchor.day}日`;
          push(b, {
            start: fact.start,
            end: fact.end,
            text: fact.word,
            suggestion: right,
            message:
              anchor.source === 'dateline'
                ? `电头日期为${anchorText}，“${fact.word}”与括注日期不符`
                : `本期日期为${anchorText}，“${fact.word}”与括注日期不符`,
            rule: 'zh-date',
            kind: 'typo',
            blocking: false,
          });
        }
      for (const fact of b.result.weekdays) {
        // Without a year in the text: the year that puts the date nearest the story's date.
        const year = fact.year ?? (context ? nearestYear(context, fact.month, fact.day) : null);
        if (year === null) continue;
        const date = new Date(Date.UTC(year, fact.month - 1, fact.day));
        if (date.getUTCMonth() !== fact.month - 1) continue;
        const weekday = date.getUTCDay();
        if (weekday === fact.weekday) continue;
        push(b, {
          start: fact.start,
          end: fact.end,
          text: fact.text,
          suggestion: weekdayName(fact.prefix, weekday),
          message: `${year}年${fact.month}月${fact.day}日是${weekdayName('星期', weekday)}`,
          rule: 'zh-date',
          kind: 'typo',
          blocking: false,
        });
      }
    }
  }

  /** Every field of a story and every paragraph of its body. */
  proofStory(story: StoryToProof, options: ProofOptions = {}): Finding[] {
    return this.proofBlocks(storyBlocks(story), story.language, story.dateline, options);
  }

  summary(story: StoryToProof, findings: readonly Finding[]): ProofSummary {
    const characters = storyBlocks(story).reduce((sum, b) => sum + countText(b.text).characters, 0);
    return summarise(findings, characters);
  }
}

/** The fields and body paragraphs of a story, in reading order. */
export function storyBlocks(story: StoryToProof): ProofBlockInput[] {
  const fields: ProofBlockInput[] = (['kicker', 'headline', 'subheadline', 'byline', 'dateline'] as const)
    .filter((field) => story[field].trim() !== '')
    .map((field) => ({ field, block: 0, text: story[field] }));
  return [...fields, ...bodyBlocks(story.body).map((text, block) => ({ field: 'body' as const, block, text }))];
}

function nearestYear(context: string, month: number, day: number): number {
  const at = Date.parse(`${context.slice(0, 10)}T00:00:00Z`);
  const base = Number(context.slice(0, 4));
  return [base - 1, base, base + 1].reduce((best, y) =>
    Math.abs(Date.UTC(y, month - 1, day) - at) < Math.abs(Date.UTC(best, month - 1, day) - at) ? y : best,
  );
}

function dayDifference(year: number, fromMonth: number, fromDay: number, toMonth: number, toDay: number): number {
  // A date in January seen from December is next year's (and the other way round).
  const toYear = fromMonth === 12 && toMonth === 1 ? year + 1 : fromMonth === 1 && toMonth === 12 ? year - 1 : year;
  return Math.round((Date.UTC(toYear, toMonth - 1, toDay) - Date.UTC(year, fromMonth - 1, fromDay)) / 86_400_000);
}

function insideException(text: string, start: number, end: number, unless: readonly string[]): boolean {
  for (const u of unless) {
    let at = text.indexOf(u, Math.max(0, end - u.length));
    while (at !== -1 && at <= start) {
      if (at + u.length >= end) return true;
      at = text.indexOf(u, at + 1);
    }
  }
  return false;
}

function leftmostLongest<T extends { start: number; end: number }>(matches: T[]): T[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  let reached = 0;
  for (const m of sorted) {
    if (m.start < reached) continue;
    kept.push(m);
    reached = m.end;
  }
  return kept;
}

/** Two rules on the same characters: keep the first (list entries sort before general rules). */
function dropOverlaps(findings: BlockFinding[]): BlockFinding[] {
  const kept: BlockFinding[] = [];
  for (const f of findings) {
    const clash = kept.find((k) => k.start < f.end && f.start < k.end && k.start === f.start && k.end === f.end);
    if (!clash) kept.push(f);
  }
  return kept;
}
