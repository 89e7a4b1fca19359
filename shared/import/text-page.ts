import type {
  ImportContributor,
  ImportPart,
  ImportSummary,
  ImportWarning,
  ImportWarningCode,
  ImportedStory,
  PartRole,
} from './types';

/**
 * Recovers stories from the text of printed pages: headline groups, datelines, bylines,
 * cross-heads and jump lines, with paragraphs rejoined across column breaks. Nothing is
 * dropped: every non-blank line of the source lands in a part, and whatever cannot be
 * placed with confidence comes with a warning that names its line.
 *
 * How a page is read. A page dump is a run of chunks (lines between blank lines). A story
 * starts where a headline group stands after the end of another story: heading lines (no
 * sentence punctuation at their end, nothing in them that reads as a sentence) followed by a
 * dateline, a byline, or an ordinary paragraph; after two or more blank lines, or after a
 * single one when the group's own shape says so (two or more heading lines, a Chinese
 * kicker and headline on one line, a line too long to be a cross-head, a jump line or a
 * closing byline before it). Inside a story, a short line with no punctuation is a
 * cross-head only with evidence (lines of the same length elsewhere: cross-heads come in
 * parallel; the paragraph after it opens as a paragraph does); a line that reads as the first
 * line of a paragraph cut by a column break (one column wide, its paragraph's first clause a
 * stub, ending on a word that cannot end a phrase) is joined to it; in between it stays body
 * text with a warning the preview turns into a one-click choice. Length is never what makes a
 * headline: a head line may be as long as a printed head can be.
 *
 * The parse is one pass over the lines and one over the chunks, each look-ahead bounded by
 * a constant, so its time grows with the text and nothing else.
 */

interface Line {
  text: string;
  /** 1-based line number in the source. */
  line: number;
}

interface Chunk {
  /** Lines of a run of non-blank lines. */
  lines: Line[];
  /** Blank lines before this chunk (Infinity for the first). */
  gapBefore: number;
}

interface Rules {
  zh: boolean;
  /** Kept for callers that pass it (html.ts); no decision here depends on it any more. */
  headingMax?: number;
}

/** A head line longer than this is not a head but body text run together. */
const HEAD_LINE_MAX = { zh: 160, en: 240 };
/**
 * The longest a cross-head runs: one column line of the widest common grid (14 characters)
 * in Chinese, a short phrase in English. A longer unpunctuated line is a headline or text.
 */
const CROSSHEAD_MAX_ZH = 14;
const CROSSHEAD_MAX_EN_WORDS = 7;
/** One printed column line with or without the two-character indent: 11–14 wide. */
const COLUMN_LINE = { min: 9, max: 14 };

const isSpace = (c: number): boolean =>
  c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xa0 || c === 0x0b || c === 0x0c || c === 0xfeff;

function isHanCode(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    // A surrogate pair: the supplementary ideographs (Extension B and on) are most of what lives there in news text.
    (c >= 0xd840 && c <= 0xd87f)
  );
}

/** Counted in one loop, without building arrays of matches: a 50 MB paste costs a scan, not gigabytes. */
export function detectLanguage(text: string): 'zh-Hans' | 'en' {
  let han = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHanCode(c)) han++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  // A Han character carries about as much as a short word: weigh accordingly.
  return han * 4 >= latin ? 'zh-Hans' : 'en';
}

const HAN = /\p{Script=Han}/u;
/** Closing quotes and brackets that may follow the mark that ends a sentence. */
const CLOSER_CHARS = '”’"\'）)]】》」』';
const SENTENCE_END_CHARS = '。！？!?.…:：';
/** Marks inside a line that show it is made of clauses, not a phrase. */
const CLAUSE_MARKS = /[,，、；;：:]/u;
const OPENERS = '“"‘\'（(《【[「『—-';

/** The last character of the text that is not white space or a closing quote/bracket. */
function lastMeaningful(text: string): string {
  let i = text.length - 1;
  while (i >= 0 && (isSpace(text.charCodeAt(i)) || CLOSER_CHARS.includes(text[i]!))) i--;
  return i >= 0 ? text[i]! : '';
}

/** Whether the text ends a sentence (looking past closing quotes). Reads only the end: constant time. */
const endsSentence = (text: string): boolean => {
  const last = lastMeaningful(text);
  return last !== '' && SENTENCE_END_CHARS.includes(last);
};

/** A chunk that opens with punctuation or a lower-case word continues the paragraph before. */
const startsAsContinuation = (text: string): boolean => {
  const first = text[0] ?? '';
  return (/\p{P}/u.test(first) && !OPENERS.includes(first)) || /^[a-z]/.test(text);
};

const quote = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

const ZH_NUMBER = '\\d一二三四五六七八九十〇零';
const ZH_DATELINE = new RegExp(
  `^(本报讯|(?:本报|新华社|中新社|人民日报|央视|中国日报|经济日报|光明日报)[\\p{Script=Han}]{0,12}?[${ZH_NUMBER}]{1,3}月[${ZH_NUMBER}]{1,3}日(?:电|讯))(?:[（(]([^）)]{1,60})[）)])?[\\s\\u3000]*`,
  'u',
);
/**
 * English datelines: `PORT HADLEY —`, `WASHINGTON (AP) —`, `SPRINGFIELD, Ill. (AP) —`,
 * `LONDON (Reuters) -`, `NEW YORK, N.Y. —`. A plain hyphen only after an agency or between spaces.
 */
const EN_DATELINE =
  /^([A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,4}(?:, ?[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,2})?(?: ?\((?:AP|Reuters|AFP|UPI|Bloomberg|CNN|Xinhua|dpa|[A-Z][A-Za-z&. ]{1,30})\))?)\s*(?:—|–|--|\s-)\s*/;
const ZH_BYLINE_ROLE = '(?:本报)?(?:首席|资深|特约|见习|实习)?(?:记者|通讯员|摄影记者|摄影|实习生|撰稿|编译)';
const ZH_BYLINE = new RegExp(`^(${ZH_BYLINE_ROLE})[\\s\\u3000]*(\\S.*)$`, 'u');
const EN_BYLINE = /^By\s+([A-Z].*)$/i;
/** `Staff Writer`, `Associated Press`, `The New York Times`: the line printed under an English byline. */
const EN_BYLINE_TITLE =
  /^(?:The\s+)?(?:[A-Z][A-Za-z.&'’-]*\s+){0,4}(?:Writer|Writers|Reporter|Reporters|Correspondent|Correspondents|Editor|Editors|Press|Reuters|Bureau|News|Service|Times|Post|Journal|Herald|Tribune|Staff|Columnist|Contributor|Photographer)s?$/;
const PAGE = '(?:Page|Pg\\.?|P\\.)\\s*[A-Z]?\\d+[A-Z]?|[A-Z]\\d+';
/**
 * Jump lines in their usual forms: `下转第3版`, `（上接第一版）`, `Continued on Page A6`,
 * `Continued from A1`, `See SCHOOLS, Page A8`, `Please see BRIDGE on A6`, `From Page A1`,
 * `SCHOOLS from Page A1`, `Turn to Page 4`, `Jump to Page 3`.
 */
const JUMP = new RegExp(
  `^[（(\\[]?\\s*(` +
    `(?:下转|上接|转|接|紧接|续)第?\\s*[${ZH_NUMBER}A-Z]+\\s*版` +
    `|(?:Continued|Cont'?d\\.?|Cont\\.)\\s+(?:on|from|to)\\s+(?:${PAGE})` +
    `|(?:Please\\s+)?See\\s+[A-Z][A-Z0-9 '’&-]*(?:,|\\s+on|\\s+-|\\s+—|\\s*\\|)?\\s*(?:${PAGE})` +
    `|(?:[A-Z][A-Z0-9 '’&-]*,?\\s+)?(?:Continued\\s+)?From\\s+(?:${PAGE})` +
    `|(?:Turn|Jump)\\s+to\\s+(?:${PAGE})` +
    `)\\s*[）)\\]]?\\.?$`,
  'iu',
);
const TRAILING_JUMP = new RegExp(
  `[（(]\\s*((?:下转|上接|转)第\\s*[${ZH_NUMBER}]+\\s*版|(?:Continued|See)\\s+[^()]{0,40}?(?:${PAGE}))\\s*[）)]$`,
  'u',
);

/** A paragraph that closes on its jump line: read from the tail only. */
const endsOnJump = (text: string): boolean => TRAILING_JUMP.test(text.length > 120 ? text.slice(-120) : text);
const isJump = (text: string): boolean => text.length <= 60 && JUMP.test(text);
const isDatelineStart = (text: string, zh: boolean): boolean =>
  zh ? ZH_DATELINE.test(text) : EN_DATELINE.test(text) && !/^[A-Z][A-Z ]*$/.test(text);
const isBylineLine = (text: string): boolean => text.length <= 80 && (ZH_BYLINE.test(text) || EN_BYLINE.test(text));

/** The name in a byline line (本报记者 林小雨, By Maria Alvarez), or null if the line is not one. */
export function bylineName(text: string): string | null {
  if (text.length > 60) return null;
  const zh = ZH_BYLINE.exec(text);
  if (zh) return zh[2]!.trim();
  const en = EN_BYLINE.exec(text);
  return en ? en[1]!.trim() : null;
}

/** A name alone on the story's last line: the credit printed at the end. */
function isBareName(text: string, zh: boolean): boolean {
  if (zh) return /^[\p{Script=Han}·]{2,5}$/u.test(text) || /^[(（][\p{Script=Han}·\s]{2,20}[)）]$/u.test(text);
  return /^(?:[—–-]\s*)?[A-Z][a-zA-Z'’.-]+(?:\s+[A-Z][a-zA-Z'’.-]+){1,3}$/.test(text);
}

/** Whether the line reads as a sentence: a sentence mark inside it followed by more text. */
function hasInnerSentence(text: string, zh: boolean): boolean {
  if (zh) {
    const at = text.search(/[。！？][^”’」』）)]/u);
    return at >= 0 && at < text.length - 1;
  }
  // "debate. The …": a full stop after a lower-case word, then a capital. Abbreviations (U.S., Dr.) pass.
  return /[a-z]{3,}[.!?]["”’']?\s+["“]?[A-Z]/.test(text);
}

/**
 * A line that could be a head: no sentence punctuation at its end (a question or exclamation
 * may end a headline), nothing in it that reads as a sentence, not quoted speech, not a jump,
 * byline or dateline, and no longer than any printed head.
 */
function isHeadish(text: string, zh: boolean): boolean {
  if (!text || text.length > (zh ? HEAD_LINE_MAX.zh : HEAD_LINE_MAX.en)) return false;
  if (isCaption(text)) return false;
  // Text that closes on a jump line (…（下转第3版）) is a paragraph's end.
  if (endsOnJump(text)) return false;
  const last = lastMeaningful(text);
  if (SENTENCE_END_CHARS.includes(last) && !'!?！？'.includes(last)) return false;
  if (startsAsContinuation(text)) return false;
  // Quoted speech as a paragraph of its own (“……？”) is not a head.
  if (/^[“"「『]/u.test(text) && /[”"」』]$/u.test(text) && '!?！？'.includes(last)) return false;
  if (hasInnerSentence(text, zh)) return false;
  if (isJump(text) || isBylineLine(text) || isDatelineStart(text, zh)) return false;
  // A word broken by a hyphen at the line end is cut text, not a head.
  if (!zh && /[a-z]-$/.test(text)) return false;
  return true;
}

/** A photo caption or credit line: 【图】…, [Photo] …, 图为…, (新华社记者 王磊 摄). */
const isCaption = (text: string): boolean =>
  /^(?:【图】|\[(?:Photo|Image|Graphic)\]|图为|图[:：]|Photo:|PHOTO:)/u.test(text) ||
  // A photo credit closes on 摄) — read from the end, not searched for.
  (text.at(-2) === '摄' && (text.at(-1) === ')' || text.at(-1) === '）'));

/** Characters as a reader counts them: a supplementary ideograph is one. No array is built. */
function charLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

const wordsOf = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** Short, a phrase (no clause marks), no sentence end: what a cross-head, or a column-line fragment, looks like. */
function isCrossheadShape(text: string, zh: boolean): boolean {
  if (!isHeadish(text, zh) || CLAUSE_MARKS.test(text) || endsSentence(text)) return false;
  return zh ? charLength(text) <= CROSSHEAD_MAX_ZH : wordsOf(text) <= CROSSHEAD_MAX_EN_WORDS;
}

/** A Chinese head printed on one line: kicker and headline (and subheadline), phrases set apart by spaces. */
function splitHeadPieces(text: string, zh: boolean): string[] | null {
  if (!zh) return null;
  const pieces = text.split(/[\s\u3000]+/u).filter(Boolean);
  if (pieces.length < 2 || pieces.length > 3) return null;
  // Each piece a phrase of its own: Han at both sides of the gap, four characters or more.
  if (!pieces.every((p) => charLength(p) >= 4 && HAN.test(p))) return null;
  return pieces;
}

/**
 * Where in `raw` (the source lines of a paragraph) the paragraph text's offset `at` falls:
 * the text is the raw less line breaks and a break's hyphen, plus a space at an English join.
 */
function rawOffset(text: string, raw: string, at: number): number {
  if (text === raw) return at;
  let r = 0;
  for (let t = 0; t < at && t < text.length; t++) {
    const found = raw.indexOf(text[t]!, r);
    if (found < 0 || found - r > 2) continue;
    r = found + 1;
  }
  return r;
}

/** Function words a Chinese phrase cannot end on: a line ending on one was cut mid-phrase. */
const ZH_CUT_ENDINGS = '的地得和与及或在对把被向从为是将并而以之其于跟同让给使由';
const EN_CUT_ENDINGS = new Set(
  'a an the of to and or in on at for with by from as but that than into onto over under is are was were be been their its his her our your my'.split(
    ' ',
  ),
);
/** How paragraphs commonly open in Chinese news: a short first clause with one of these is a paragraph start, not a stub. */
const ZH_PARAGRAPH_OPENERS =
  /^(?:据|记者|目前|同时|此外|另外|其中|对此|为此|随后|然而|但是|因此|所以|首先|其次|最后|近日|近年来|今年|去年|当天|当日|昨天|今天|日前|截至|此前|如今|眼下|下一步|与此同时|总体上|总的来看|值得一提的是|据悉|据了解|据介绍)/u;

/** The text before the first punctuation mark of a paragraph. */
function firstClause(text: string): string {
  const at = text.search(/[\p{P}\s]/u);
  return at < 0 ? text : text.slice(0, at);
}

/** What the page as a whole says: whether its text was dumped with column breaks in its paragraphs. */
interface PageEvidence {
  /** Paragraphs seen cut by a break somewhere on the page. */
  breaks: number;
}

/**
 * How strongly a short unpunctuated line reads as the first line of the paragraph after it
 * (cut by a column break) rather than as a cross-head: two or more, join; zero or less, a
 * cross-head; one, unsure. `parallel` holds the lengths of the other cross-head-shaped lines
 * of the stretch.
 */
function continuationScore(
  line: string,
  next: string,
  zh: boolean,
  parallel: Map<number, number>,
  page: PageEvidence,
): number {
  // A page dumped without a single broken paragraph has none here either.
  let score = page.breaks === 0 ? -1 : 0;
  if (zh) {
    const length = charLength(line);
    if (ZH_CUT_ENDINGS.includes(line.at(-1) ?? '')) score += 2;
    if (length >= COLUMN_LINE.min && length <= COLUMN_LINE.max) score += 1;
    if (length <= 8) score -= 1;
    const clause = firstClause(next);
    if (
      charLength(clause) <= 4 &&
      clause.length > 0 &&
      !ZH_PARAGRAPH_OPENERS.test(next) &&
      /[,，、。；;：:]/u.test(next[clause.length] ?? '')
    )
      score += 1;
    // A paragraph opening on a quotation mark or bracket starts afresh more often than it runs on.
    if (OPENERS.includes(next[0] ?? '')) score -= 1;
    // Cross-heads of one story are set alike, in phrases shorter than a column line: lines of
    // such a length seen twice are a series. (Column-line fragments share a length too, the
    // grid's, so equal lengths a column wide say nothing.)
    const same = length < COLUMN_LINE.min && (parallel.get(length) ?? 0) >= 2;
    let series = false;
    for (const [len, count] of parallel) if (len !== length && len < COLUMN_LINE.min && count >= 2) series = true;
    if (same) score -= 2;
    else if (series) score += 1;
  } else {
    const lastWord = (line.split(/\s+/).at(-1) ?? '').toLowerCase();
    if (EN_CUT_ENDINGS.has(lastWord)) score += 2;
    if (/^[a-z]/.test(next)) score += 2;
    if (/^[A-Z0-9"“']/.test(line) && wordsOf(line) <= 5) score -= 1;
    if (page.breaks > 0 && wordsOf(line) >= 5) score += 1;
  }
  return score;
}

function chunksOf(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let gap = 0;
  let current: Chunk | null = null;
  let start = 0;
  let lineNumber = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    lineNumber++;
    // Trim in place with indices: no regex over a line that may be megabytes long.
    let a = start;
    let b = end;
    if (b > a && text.charCodeAt(b - 1) === 0x0d) b--;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && (isSpace(text.charCodeAt(b - 1)) || text.charCodeAt(b - 1) === 0x0d)) b--;
    // A lone \r (old Mac line ends) is a line break too.
    const body = text.slice(a, b);
    const pieces = body.includes('\r') ? body.split('\r') : [body];
    for (const [k, piece] of pieces.entries()) {
      if (k > 0) lineNumber++;
      const trimmed = k === 0 && pieces.length === 1 ? piece : piece.trim();
      if (!trimmed) {
        gap++;
        current = null;
        continue;
      }
      const entry = { text: trimmed, line: lineNumber };
      if (current) current.lines.push(entry);
      else {
        current = { lines: [entry], gapBefore: chunks.length === 0 ? Number.POSITIVE_INFINITY : gap };
        chunks.push(current);
      }
      gap = 0;
    }
    start = end + 1;
  }
  return chunks;
}

/** What a chunk is, decided once from its lines. */
interface ChunkInfo {
  first: string;
  last: string;
  jump: boolean;
  byline: boolean;
  dateline: boolean;
  /** Every line could be a head line. */
  head: boolean;
  /** Head lines this chunk gives (a Chinese one-line group counts its pieces). */
  headLines: number;
  /** One line shaped like a cross-head (or a column-line fragment). */
  crossheadShape: boolean;
  /** One line that is a Chinese kicker and headline set on one line. */
  splitHead: boolean;
  continuation: boolean;
  complete: boolean;
  bareName: boolean;
  /** A photo caption or credit: a paragraph of its own, never run on. */
  caption: boolean;
  /** Han characters and Latin letters: what the story's language is judged by. */
  han: number;
  latin: number;
}

function describe(chunk: Chunk, zh: boolean): ChunkInfo {
  const first = chunk.lines[0]!.text;
  const last = chunk.lines.at(-1)!.text;
  const single = chunk.lines.length === 1;
  const head = chunk.lines.length <= 3 && chunk.lines.every((l) => isHeadish(l.text, zh));
  const split = single && head ? splitHeadPieces(first, zh) : null;
  let han = 0;
  let latin = 0;
  for (const l of chunk.lines) {
    const text = l.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isHanCode(c)) han++;
      else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
    }
  }
  return {
    first,
    last,
    jump: single && isJump(first),
    byline: isBylineLine(first),
    dateline: isDatelineStart(first, zh),
    head,
    headLines: head ? (split ? split.length : chunk.lines.length) : 0,
    crossheadShape: single && head && !split && isCrossheadShape(first, zh),
    splitHead: split !== null,
    continuation: startsAsContinuation(first),
    // A jump line at a paragraph's end closes a column as surely as a full stop.
    complete: endsSentence(last) || endsOnJump(last),
    bareName: single && isBareName(first, zh),
    caption: isCaption(first),
    han,
    latin,
  };
}

/** The lengths of the cross-head-shaped lines of each stretch between wide gaps, for the parallel test. */
function parallelLengths(chunks: Chunk[], info: ChunkInfo[], zh: boolean): Map<number, number>[] {
  const result: Map<number, number>[] = new Array(chunks.length);
  let stretch = new Map<number, number>();
  for (let i = 0; i < chunks.length; i++) {
    if (chunks[i]!.gapBefore >= 2) stretch = new Map();
    result[i] = stretch;
    const next = info[i + 1];
    if (info[i]!.crossheadShape && next && !next.continuation && !next.jump) {
      const length = zh ? charLength(info[i]!.first) : wordsOf(info[i]!.first);
      stretch.set(length, (stretch.get(length) ?? 0) + 1);
    }
  }
  return result;
}

/**
 * Splits a page into story groups: at two or more blank lines (unless the text after them
 * continues a sentence), or where a headline group starts after the end of a story.
 */
function storyGroups(
  chunks: Chunk[],
  info: ChunkInfo[],
  parallel: Map<number, number>[],
  zh: boolean,
  page: PageEvidence,
): Chunk[][] {
  const groups: Chunk[][] = [];
  let group: Chunk[] = [];
  let hasBody = false;

  /** Whether a headline group starts at chunk i: read by what it holds and what follows it. */
  const startsStory = (i: number): boolean => {
    let headLines = 0;
    let j = i;
    // At most three head lines, so this look-ahead is bounded.
    // The group and what follows it stand together: a wide gap ends the look-ahead (what is
    // behind it starts a story of its own).
    const near = (k: number): boolean => k < chunks.length && (k === i || chunks[k]!.gapBefore < 2);
    while (near(j) && info[j]!.head && headLines < 4) headLines += info[j++]!.headLines;
    if (headLines === 0 || headLines > 3) return false;
    // A name alone before a head group closes the story before it; the group starts after it.
    if (info[i]!.bareName && j - i > 1) return false;
    // A line as long as the stretch's cross-heads (a series, shorter than a column line) is one of them.
    if (zh && info[i]!.crossheadShape) {
      const length = charLength(info[i]!.first);
      if (length < COLUMN_LINE.min && (parallel[i]!.get(length) ?? 0) >= 2) return false;
    }
    let sawByline = false;
    while (near(j) && info[j]!.byline && j - i < 6) {
      sawByline = true;
      j++;
    }
    const follow = near(j) ? info[j] : undefined;
    if (!follow || follow.jump) return false;
    if (follow.dateline || sawByline) return true;
    const headInfo = info[i]!;
    // The last head-shaped chunk may be the cut start of the paragraph after it (a line made
    // of clauses, or a short line that reads on into it): the group is what stands before it.
    const lastHead = info[j - 1]!;
    const cutStart =
      !lastHead.splitHead &&
      (follow.continuation ||
        CLAUSE_MARKS.test(lastHead.last) ||
        (lastHead.crossheadShape && continuationScore(lastHead.first, follow.first, zh, parallel[j - 1]!, page) >= 2));
    if (cutStart) {
      if (j - 1 === i) return false;
      headLines -= lastHead.headLines;
    }
    if (headLines >= 2) return true;
    if (headInfo.splitHead) return true;
    // An English story opens on a dateline or a byline; a lone line before ordinary text is a cross-head or cut text.
    if (!zh) return false;
    // One line: a head if it cannot be a cross-head, unless it reads as a cut first line.
    if (headInfo.crossheadShape) return false;
    if (CLAUSE_MARKS.test(headInfo.first)) return false;
    return continuationScore(headInfo.first, follow.first, zh, parallel[i]!, page) < 2;
  };

  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    const here = info[i]!;
    if (group.length > 0) {
      const before = info[i - 1]!;
      // A jump line or a closing byline ends a story as surely as a full stop.
      const storyEnded = before.complete || before.jump || (before.bareName && i >= 2 && info[i - 2]!.complete);
      const wideGap = chunk.gapBefore >= 2 && !here.continuation;
      if (wideGap || (hasBody && storyEnded && startsStory(i))) {
        groups.push(group);
        group = [];
        hasBody = false;
      }
    }
    group.push(chunk);
    if (!here.head) hasBody = true;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

function assignHeadingRoles(lines: Line[], zh: boolean): ImportPart[] {
  const n = lines.length;
  const roles: PartRole[] =
    n === 1
      ? ['headline']
      : n === 2
        ? zh && !/^[—─-]/u.test(lines[1]!.text)
          ? ['kicker', 'headline']
          : ['headline', 'subheadline']
        : ['kicker', 'headline', 'subheadline'];
  return lines.map((l, i) => ({
    role: roles[i] ?? 'unplaced',
    text: roles[i] === 'subheadline' ? l.text.replace(/^[—─-]+\s*/u, '') : l.text,
    raw: l.text,
    line: l.line,
  }));
}

/** A paragraph being built: its pieces are joined once, at the end, so long paragraphs cost no copying. */
interface OpenParagraph {
  part: ImportPart;
  texts: string[];
  raws: string[];
  /** The text of the last piece, for the tests that read only its end. */
  last: string;
}

function buildStory(
  group: Chunk[],
  groupInfo: ChunkInfo[],
  groupParallel: Map<number, number>[],
  defaultZh: boolean,
  page: PageEvidence,
): ImportedStory {
  // The language of the story from its own text, so a page of mixed languages reads each right.
  let han = 0;
  let latin = 0;
  for (const here of groupInfo) {
    han += here.han;
    latin += here.latin;
  }
  const zh = han + latin === 0 ? defaultZh : han * 4 >= latin;
  const language = zh ? 'zh-Hans' : 'en';
  // A story whose language differs from the page's is re-described in its own.
  const info = zh === defaultZh ? groupInfo : group.map((c) => describe(c, zh));
  const parts: ImportPart[] = [];
  const warnings: ImportWarning[] = [];
  const warn = (line: number, code: ImportWarningCode, message: string, text: string): void => {
    warnings.push({ line, code, message, text: quote(text) });
  };

  // The head: heading lines, bylines printed under them, a "From Page A1" jump.
  let index = 0;
  const heading: Line[] = [];
  const headTail: ImportPart[] = [];
  for (; index < group.length; index++) {
    const chunk = group[index]!;
    const here = info[index]!;
    if (here.byline) {
      pushBylineChunk(chunk, headTail, zh);
      continue;
    }
    if (here.jump && index + 1 < group.length) {
      headTail.push(jumpPart(chunk.lines[0]!));
      continue;
    }
    // An English byline's title line set apart by a blank line (By …, then Associated Press).
    if (!zh && heading.length > 0 && headTail.at(-1)?.role === 'byline' && EN_BYLINE_TITLE.test(here.first)) {
      const l = chunk.lines[0]!;
      headTail.push({ role: 'byline', text: l.text, raw: l.text, line: l.line });
      continue;
    }
    if (!here.head) break;
    // A head chunk followed by nothing is not a head: it is a fragment.
    if (index === group.length - 1 && heading.length === 0) break;
    // Head lines come before the byline; a head-shaped line after it is body text.
    if (headTail.length > 0) break;
    // Past three head lines the rest are reported; a run of them longer than any head is text.
    if (heading.length >= 6) break;
    const next = info[index + 1];
    // A line made of clauses before an ordinary paragraph is the first line of that paragraph, cut.
    if (
      heading.length > 0 &&
      !here.splitHead &&
      CLAUSE_MARKS.test(here.last) &&
      next &&
      !next.head &&
      !next.dateline &&
      !next.byline
    )
      break;
    // A short line that reads as the cut first line of the paragraph after it ends the head.
    if (
      heading.length > 0 &&
      here.crossheadShape &&
      next &&
      !next.head &&
      !next.dateline &&
      !next.byline &&
      continuationScore(here.first, next.first, zh, groupParallel[index]!, page) >= 2
    )
      break;
    for (const l of chunk.lines) {
      const pieces = splitHeadPieces(l.text, zh);
      if (pieces) {
        // Pieces keep their own text; the spaces between them are layout, not content.
        for (const piece of pieces) heading.push({ text: piece, line: l.line });
      } else heading.push(l);
    }
  }
  const headParts = assignHeadingRoles(heading, zh);
  for (const p of headParts)
    if (p.role === 'unplaced')
      warn(p.line, 'extra-heading', 'more heading lines than kicker, headline and subheadline', p.raw);
  parts.push(...headParts.filter((p) => p.role !== 'unplaced'), ...headTail);
  parts.push(...headParts.filter((p) => p.role === 'unplaced'));
  if (heading.length === 0 && group.length > 0) {
    warn(
      group[0]!.lines[0]!.line,
      'no-headline',
      'no headline found: this text may continue a story from another page',
      group[0]!.lines[0]!.text,
    );
  }

  // The body.
  let open: OpenParagraph | null = null;
  /** The last paragraph, open or closed, that text may still run on into. */
  let lastParagraph: OpenParagraph | null = null;
  const paragraphs: OpenParagraph[] = [];
  let datelineChecked = false;
  let datelineParagraph: OpenParagraph | null = null;
  /** Join the next chunk to this paragraph whatever it looks like (a column-line fragment). */
  let forceJoin = false;

  const startParagraph = (text: string, raw: string, line: number): OpenParagraph => {
    const part: ImportPart = { role: 'paragraph', text, raw, line };
    parts.push(part);
    const paragraph = { part, texts: [text], raws: [raw], last: text };
    paragraphs.push(paragraph);
    return paragraph;
  };
  const append = (paragraph: OpenParagraph, text: string): void => {
    const prev = paragraph.last;
    let piece = text;
    if (zh || HAN.test(prev.at(-1) ?? '') || HAN.test(text[0] ?? '')) piece = text;
    else if (/[A-Za-z]-$/.test(prev) && /^[a-z]/.test(text)) {
      // A word hyphenated across the break: the hyphen is the break's, not the word's.
      const texts = paragraph.texts;
      texts[texts.length - 1] = texts[texts.length - 1]!.slice(0, -1);
    } else piece = ` ${text}`;
    paragraph.texts.push(piece);
    paragraph.raws.push(`\n${text}`);
    paragraph.last = text;
  };

  for (let b = index; b < group.length; b++) {
    const chunk = group[b]!;
    const here = info[b]!;
    const isLast = b === group.length - 1;
    const first = chunk.lines[0]!;
    const next = info[b + 1];

    if (here.jump) {
      parts.push(jumpPart(first));
      open = null;
      forceJoin = false;
      continue;
    }
    if (here.byline && !forceJoin) {
      pushBylineChunk(chunk, parts, zh);
      open = null;
      continue;
    }
    if (here.caption) {
      // A caption is text of its own: nothing runs into it and it runs into nothing.
      for (const l of chunk.lines) startParagraph(l.text, l.text, l.line);
      open = null;
      forceJoin = false;
      continue;
    }
    const runsOn =
      lastParagraph !== null &&
      !here.dateline &&
      (forceJoin || (open !== null && !endsSentence(open.last)) || here.continuation);
    if (runsOn) {
      const target: OpenParagraph = (open ?? lastParagraph)!;
      if (!forceJoin && endsSentence(target.last) && here.continuation)
        warn(
          first.line,
          'joined-mid-sentence',
          'joined to the paragraph before because it begins mid-sentence',
          first.text,
        );
      forceJoin = false;
      open = target;
      appendLines(chunk.lines, 0);
      continue;
    }
    forceJoin = false;
    if (here.continuation && lastParagraph === null) {
      warn(
        first.line,
        'starts-mid-sentence',
        'begins mid-sentence: the start of this paragraph is not on this page',
        first.text,
      );
    }
    if (chunk.lines.length === 1 && lastParagraph !== null) {
      if (isLast && here.bareName) {
        parts.push({ role: 'byline', text: first.text.replace(/^[—–-]\s*/u, ''), raw: first.text, line: first.line });
        continue;
      }
      if (here.crossheadShape && next && !next.continuation && !next.jump && !next.byline) {
        const score = next.dateline ? -2 : continuationScore(first.text, next.first, zh, groupParallel[b]!, page);
        if (score <= 0) {
          parts.push({ role: 'crosshead', text: first.text, raw: first.text, line: first.line });
          open = null;
          continue;
        }
        if (score >= 2) {
          // The first line of a paragraph cut off by a column break: the rest follows.
          open = lastParagraph = startParagraph(first.text, first.text, first.line);
          forceJoin = true;
          continue;
        }
        // Unsure: body text, flagged so the preview offers the choice.
        open = null;
        lastParagraph = startParagraph(first.text, first.text, first.line);
        warnings.push({
          line: first.line,
          code: 'crosshead-or-paragraph',
          message:
            'a short line without punctuation: a cross-head, or the first line of the next paragraph cut by a column break? Kept as a paragraph',
          text: quote(first.text),
        });
        continue;
      }
    }
    // A paragraph, possibly hard-wrapped over several lines of the chunk. The first one may
    // open on the dateline: read once it is whole, since a column break can fall inside it.
    open = lastParagraph = startParagraph(first.text, first.text, first.line);
    if (!datelineChecked) {
      datelineChecked = true;
      datelineParagraph = open;
    }
    appendLines(chunk.lines, 1);
  }

  /** Adds a chunk's lines from `from` on to the open paragraph: a line that ends a sentence closes it. */
  function appendLines(lines: Line[], from: number): void {
    for (let k = from; k < lines.length; k++) {
      const l = lines[k]!;
      if (open === null || endsSentence(open.last)) open = lastParagraph = startParagraph(l.text, l.text, l.line);
      else append(open, l.text);
    }
  }

  // Settle each paragraph's text, the dateline that opens the first, and a jump line printed
  // at a paragraph's end (read from its tail only).
  const trailingJumps = new Map<ImportPart, ImportPart>();
  const leading = new Map<ImportPart, ImportPart[]>();
  for (const paragraph of paragraphs) {
    const part = paragraph.part;
    part.text = paragraph.texts.length === 1 ? paragraph.texts[0]! : paragraph.texts.join('');
    part.raw = paragraph.raws.length === 1 ? paragraph.raws[0]! : paragraph.raws.join('');
    const dateline = paragraph === datelineParagraph ? takeDateline(part.text, { zh }) : null;
    if (dateline) {
      const datelineEnd = rawOffset(part.text, part.raw, zh ? dateline.dateline.length : dateline.length);
      const bylineEnd = rawOffset(part.text, part.raw, dateline.length);
      const before: ImportPart[] = [
        { role: 'dateline', text: dateline.dateline, raw: part.raw.slice(0, datelineEnd), line: part.line },
      ];
      if (dateline.byline !== null)
        before.push({
          role: 'byline',
          text: dateline.byline,
          raw: part.raw.slice(datelineEnd, bylineEnd),
          line: part.line,
          ...(dateline.contributors.length ? { contributors: dateline.contributors } : {}),
        });
      leading.set(part, before);
      part.text = part.text.slice(dateline.length);
      part.raw = part.raw.slice(bylineEnd);
      // Whatever line the paragraph's own text starts on.
      part.line += part.raw.length ? before.reduce((n, p) => n + (p.raw.match(/\n/g)?.length ?? 0), 0) : 0;
    }
    const tail = part.text.length > 120 ? part.text.slice(-120) : part.text;
    const jump = TRAILING_JUMP.exec(tail);
    if (!jump) continue;
    part.text = part.text.slice(0, part.text.length - tail.length + jump.index).trimEnd();
    part.raw = part.raw.slice(0, part.raw.length - jump[0].length);
    trailingJumps.set(part, { role: 'jump', text: jump[1]!, raw: jump[0], line: part.line });
  }
  if (trailingJumps.size > 0 || leading.size > 0) {
    const withJumps: ImportPart[] = [];
    for (const part of parts) {
      for (const before of leading.get(part) ?? []) withJumps.push(before);
      withJumps.push(part);
      const jump = trailingJumps.get(part);
      if (jump) withJumps.push(jump);
    }
    parts.length = 0;
    for (const part of withJumps) parts.push(part);
  }

  const bodyParagraphs = parts.filter((p) => p.role === 'paragraph');
  const final = bodyParagraphs.filter((p) => !isCaption(p.text)).at(-1);
  if (final && !endsSentence(final.text) && !parts.some((p) => p.role === 'jump')) {
    warn(
      final.line,
      'ends-mid-sentence',
      'the story ends mid-sentence: it may continue on another page',
      final.text.slice(-40),
    );
  }
  if (bodyParagraphs.length === 0) {
    for (const p of parts)
      if (p.role === 'headline' || p.role === 'kicker' || p.role === 'subheadline') p.role = 'unplaced';
    const lines = group.flatMap((c) => c.lines);
    if (parts.length === 0)
      for (const l of lines) parts.push({ role: 'unplaced', text: l.text, raw: l.text, line: l.line });
    warn(
      lines[0]!.line,
      'fragment',
      'a fragment without body text: kept for you to place',
      lines
        .slice(0, 4)
        .map((l) => l.text)
        .join(' '),
    );
  }
  return { language, parts, warnings };
}

const jumpPart = (l: Line): ImportPart => ({
  role: 'jump',
  text: l.text.replace(/^[（([]\s*|\s*[）)\]]\.?$/gu, ''),
  raw: l.text,
  line: l.line,
});

/** The people a byline names, each with the role printed before them (记者 何晓东 通讯员 王磊). */
export function contributorsOf(text: string): ImportContributor[] {
  const contributors: ImportContributor[] = [];
  const zhRole = new RegExp(`${ZH_BYLINE_ROLE}`, 'gu');
  if (HAN.test(text)) {
    const marks = [...text.matchAll(zhRole)];
    if (marks.length === 0) return [];
    marks.forEach((mark, i) => {
      const end = marks[i + 1]?.index ?? text.length;
      const names = text
        .slice(mark.index + mark[0].length, end)
        .split(/[\s\u3000、,，和及]+/u)
        .filter((n) => n.length > 0 && n.length <= 20);
      for (const name of names) contributors.push({ name, role: mark[0] });
    });
    return contributors;
  }
  const m = EN_BYLINE.exec(text);
  if (!m) return [];
  for (const name of m[1]!.split(/\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+/i).filter(Boolean))
    contributors.push({ name: name.trim(), role: 'By' });
  return contributors;
}

function pushBylineChunk(chunk: Chunk, parts: ImportPart[], zh: boolean): void {
  const [first, ...rest] = chunk.lines;
  const name = bylineName(first!.text) ?? first!.text;
  const contributors = contributorsOf(first!.text);
  const part: ImportPart = { role: 'byline', text: name, raw: first!.text, line: first!.line };
  if (contributors.length) part.contributors = contributors;
  parts.push(part);
  // "By Maria Alvarez" / "Staff Writer": the title line belongs to the byline.
  for (const l of rest) {
    const role: PartRole = l.text.length <= (zh ? 20 : 60) && !endsSentence(l.text) ? 'byline' : 'unplaced';
    if (role === 'byline' && part.contributors) for (const c of part.contributors) c.title ??= l.text;
    parts.push({ role, text: l.text, raw: l.text, line: l.line });
  }
}

/** Role words that lead a Chinese byline; the byline field keeps them when people of different roles are named. */
const ROLE_PREFIX = new RegExp(`^${ZH_BYLINE_ROLE}[\\s\\u3000]*`, 'u');

export function takeDateline(
  text: string,
  rules: Rules,
): {
  dateline: string;
  raw: string;
  length: number;
  byline: string | null;
  bylineRaw: string;
  contributors: ImportContributor[];
} | null {
  if (rules.zh) {
    const m = ZH_DATELINE.exec(text);
    if (!m) return null;
    const inner = m[2]?.trim() ?? null;
    const contributors = inner ? contributorsOf(inner) : [];
    const roles = new Set(contributors.map((c) => c.role.replace(/^本报/u, '')));
    // One role (记者 周明远): the names are the byline. Several (记者 … 通讯员 …): the roles say who is who.
    const byline = inner === null ? null : roles.size > 1 ? inner : inner.replace(ROLE_PREFIX, '');
    // The dateline's raw text is its own words; the parentheses and what they hold go with the byline.
    return {
      dateline: m[1]!,
      raw: m[1]!,
      length: m[0].length,
      byline,
      bylineRaw: m[0].slice(m[1]!.length),
      contributors,
    };
  }
  const m = EN_DATELINE.exec(text);
  if (!m || m[0].length === text.length) return null;
  return {
    dateline: m[1]!.trim(),
    raw: m[0],
    length: m[0].length,
    byline: null,
    bylineRaw: '',
    contributors: [],
  };
}

/**
 * Paragraphs visibly cut by a column break: text that stops mid-sentence with its clauses
 * showing (a comma inside, or a word cut by a hyphen) before more body text, or text the
 * next chunk continues with punctuation or a lower-case word.
 */
function countBreaks(info: ChunkInfo[]): number {
  let breaks = 0;
  for (let i = 0; i + 1 < info.length; i++) {
    const here = info[i]!;
    const next = info[i + 1]!;
    if (here.complete || here.jump || here.byline || here.caption) continue;
    if (next.continuation) breaks++;
    else if (
      (CLAUSE_MARKS.test(here.last) || /[A-Za-z]-$/.test(here.last)) &&
      !here.splitHead &&
      !next.head &&
      !next.dateline &&
      !next.byline
    )
      breaks++;
  }
  return breaks;
}

export interface TextImport {
  stories: ImportedStory[];
}

export function importTextPage(text: string): TextImport {
  const chunks = chunksOf(text);
  const zh = detectLanguage(text) === 'zh-Hans';
  const info = chunks.map((c) => describe(c, zh));
  const parallel = parallelLengths(chunks, info, zh);
  const page: PageEvidence = { breaks: countBreaks(info) };
  const groups = storyGroups(chunks, info, parallel, zh, page);
  const stories: ImportedStory[] = [];
  let at = 0;
  for (const group of groups) {
    stories.push(buildStory(group, info.slice(at, at + group.length), parallel.slice(at, at + group.length), zh, page));
    at += group.length;
  }
  return { stories };
}

/** The fields of a story as the CLI's --json prints them; null for what is absent. */
export function summariseImport(story: ImportedStory): ImportSummary {
  const first = (role: PartRole): string | null => story.parts.find((p) => p.role === role)?.text ?? null;
  const bylines = story.parts.filter((p) => p.role === 'byline').map((p) => p.text);
  return {
    kicker: first('kicker'),
    headline: first('headline'),
    subheadline: first('subheadline'),
    dateline: first('dateline'),
    byline: bylines.length ? bylines.join(', ') : null,
    jump: first('jump'),
    body: story.parts
      .filter((p) => p.role === 'paragraph' || p.role === 'crosshead' || p.role === 'photo' || p.role === 'unplaced')
      .map((p) => ({ type: p.role === 'crosshead' || p.role === 'photo' ? p.role : 'paragraph', text: p.text })),
    warnings: story.warnings,
  };
}
