import type { ImportPart, ImportSummary, ImportWarning, ImportWarningCode, ImportedStory, PartRole } from './types';

/**
 * Recovers stories from the text of printed pages: headline groups, datelines, bylines,
 * cross-heads and jump lines, with paragraphs rejoined across column breaks. Nothing is
 * dropped: every non-blank line of the source lands in a part, and whatever cannot be
 * placed with confidence comes with a warning that names its line.
 */

interface Chunk {
  /** Lines of a run of non-blank lines, each with its 1-based line number. */
  lines: { text: string; line: number }[];
  /** Blank lines before this chunk. */
  gapBefore: number;
}

const BLANK = /^[\s\u3000]*$/;
const HAN = /\p{Script=Han}/u;
const HAN_ALL = /\p{Script=Han}/gu;
const LATIN_ALL = /[A-Za-z]/g;

/** Closing quotes and brackets that may follow the mark that ends a sentence. */
const CLOSERS = /[”’"'）)\]】》」』]+$/u;
const ENDS_SENTENCE = /[。！？!?.…:：]$/u;

const ZH_DATELINE =
  /^(本报讯|(?:本报|新华社|中新社|人民日报|央视)[\p{Script=Han}]{0,12}?\d{1,2}月\d{1,2}日(?:电|讯))(?:[（(]([^）)]{1,40})[）)])?[\s\u3000]*/u;
const EN_DATELINE = /^([A-Z][A-Z.'’-]*(?:[ ][A-Z][A-Z.'’-]*){0,4}(?:,\s*[A-Z][A-Za-z.]+)?)\s*(?:—|–|--)\s*/;
const ZH_BYLINE = /^(?:本报记者|本报通讯员|特约记者|通讯员|实习生|记者)[\s\u3000]*(\S.*)$/u;
const EN_BYLINE = /^By\s+([A-Z].*)$/;
const JUMP =
  /^[（(]?\s*((?:下转|上接|转)第\s*[\d一二三四五六七八九十A-Z]+\s*版|(?:Continued|Cont'd|Cont\.)\s+(?:on|from)\s+Page\s+[A-Z]?\d+[A-Z]?)\s*[）)]?$/iu;
const TRAILING_JUMP = /[（(]\s*((?:下转|上接)第\s*[\d一二三四五六七八九十]+\s*版)\s*[）)]$/u;

export function detectLanguage(text: string): 'zh-Hans' | 'en' {
  const han = text.match(HAN_ALL)?.length ?? 0;
  const latin = text.match(LATIN_ALL)?.length ?? 0;
  // A Han character carries about as much as a short word: weigh accordingly.
  return han * 4 >= latin ? 'zh-Hans' : 'en';
}

const isComplete = (text: string): boolean =>
  ENDS_SENTENCE.test(text.trimEnd().replace(CLOSERS, '')) || /[。！？!?.…]$/u.test(text.trimEnd());

/** A chunk that opens with punctuation or a lower-case word continues the paragraph before. */
const OPENERS = '“"‘\'（(《【[「『—-';
const startsAsContinuation = (text: string): boolean => {
  const first = text[0] ?? '';
  return (/\p{P}/u.test(first) && !OPENERS.includes(first)) || /^[a-z]/.test(text);
};

const quote = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

function chunksOf(text: string): Chunk[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const chunks: Chunk[] = [];
  let gap = 0;
  let current: Chunk | null = null;
  lines.forEach((raw, index) => {
    if (BLANK.test(raw)) {
      gap++;
      current = null;
      return;
    }
    const entry = { text: raw.replace(/[\s\u3000]+$/u, '').replace(/^[\s\u3000]+/u, ''), line: index + 1 };
    if (current) current.lines.push(entry);
    else {
      current = { lines: [entry], gapBefore: chunks.length === 0 ? Number.POSITIVE_INFINITY : gap };
      chunks.push(current);
    }
    gap = 0;
  });
  return chunks;
}

interface Rules {
  zh: boolean;
  headingMax: number;
}

function isHeadingLike(text: string, rules: Rules): boolean {
  if (text.length > rules.headingMax) return false;
  if (isComplete(text) && !/[!?！？]$/u.test(text)) return false;
  if (startsAsContinuation(text)) return false;
  if (JUMP.test(text) || ZH_BYLINE.test(text) || EN_BYLINE.test(text)) return false;
  if (rules.zh ? ZH_DATELINE.test(text) : EN_DATELINE.test(text) && text.length > 40) return false;
  return true;
}

const isBylineLine = (text: string): boolean => ZH_BYLINE.test(text) || EN_BYLINE.test(text);

/** The name in a byline line (本报记者 林小雨, By Maria Alvarez), or null if the line is not one. */
export function bylineName(text: string): string | null {
  if (text.length > 60) return null;
  const m = ZH_BYLINE.exec(text) ?? EN_BYLINE.exec(text);
  return m ? m[1]!.trim() : null;
}

/** A name alone on the story's last line: the credit printed at the end. */
function isBareName(text: string, rules: Rules): boolean {
  if (rules.zh) return /^[\p{Script=Han}·]{2,5}$/u.test(text);
  return /^[A-Z][a-zA-Z'’.-]+(?:\s+[A-Z][a-zA-Z'’.-]+){1,3}$/.test(text);
}

function isCrossHead(text: string, rules: Rules): boolean {
  const short = rules.zh ? text.length <= 20 : text.length <= 60 && text.split(/\s+/).length <= 8;
  // A cross-head is a phrase: a comma or 顿号 inside means a sentence cut by a column break.
  return short && !isComplete(text) && !startsAsContinuation(text) && !/[,，、；;：:]/u.test(text);
}

/** A Chinese head printed on one line: kicker and headline, two phrases separated by spaces. */
const isSplitHead = (text: string, rules: Rules): boolean =>
  rules.zh && isHeadingLike(text, rules) && text.split(/[\s\u3000]+/u).filter((p) => p.length >= 4).length === 2;

/**
 * Splits a page into story groups: at two or more blank lines, or where a headline group
 * starts after body text even with only one blank line before it: heading lines (up to
 * three) followed by a dateline or a byline, or a Chinese kicker-and-headline line.
 */
function storyGroups(chunks: Chunk[], rules: Rules): Chunk[][] {
  const groups: Chunk[][] = [];
  let group: Chunk[] = [];
  let hasBody = false;
  const textOf = (i: number): string => chunks[i]?.lines[0]?.text ?? '';
  const startsStory = (i: number): boolean => {
    if (isSplitHead(textOf(i), rules)) return true;
    for (let j = i; j < i + 3 && j < chunks.length; j++) {
      if (!isHeadingLike(textOf(j), rules)) return false;
      const next = textOf(j + 1);
      if ((rules.zh ? ZH_DATELINE.test(next) : EN_DATELINE.test(next)) || isBylineLine(next)) return true;
    }
    return false;
  };
  chunks.forEach((chunk, i) => {
    const first = chunk.lines[0]!.text;
    // A jump line ends a column as surely as a full stop.
    const previous = group.at(-1)?.lines.at(-1)?.text ?? '.';
    const previousComplete = isComplete(previous) || JUMP.test(previous);
    if (group.length > 0 && (chunk.gapBefore >= 2 || (hasBody && previousComplete && startsStory(i)))) {
      groups.push(group);
      group = [];
      hasBody = false;
    }
    group.push(chunk);
    if (!isHeadingLike(first, rules)) hasBody = true;
  });
  if (group.length > 0) groups.push(group);
  return groups;
}

function assignHeadingRoles(lines: { text: string; line: number; raw: string }[], zh: boolean): ImportPart[] {
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
    raw: l.raw,
    line: l.line,
  }));
}

function buildStory(group: Chunk[], defaultZh: boolean): ImportedStory {
  const all = group.flatMap((c) => c.lines.map((l) => l.text)).join('\n');
  const language = all.trim() ? detectLanguage(all) : defaultZh ? 'zh-Hans' : 'en';
  const rules: Rules = { zh: language === 'zh-Hans', headingMax: language === 'zh-Hans' ? 40 : 120 };
  const parts: ImportPart[] = [];
  const warnings: ImportWarning[] = [];
  const warn = (line: number, code: ImportWarningCode, message: string, text: string): void => {
    warnings.push({ line, code, message, text: quote(text) });
  };

  // The head: heading lines, and bylines printed under them.
  let index = 0;
  const heading: { text: string; line: number; raw: string }[] = [];
  for (; index < group.length; index++) {
    const chunk = group[index]!;
    const first = chunk.lines[0]!.text;
    if (isBylineLine(first)) {
      pushBylineChunk(chunk, parts, rules);
      continue;
    }
    if (!chunk.lines.every((l) => isHeadingLike(l.text, rules))) break;
    // A heading chunk followed by nothing is not a head: it is a fragment.
    if (index === group.length - 1 && heading.length === 0) break;
    for (const l of chunk.lines) {
      // Chinese pages often print kicker and headline on one line, separated by spaces.
      const pieces = rules.zh ? l.text.split(/[\s\u3000]+/u).filter(Boolean) : [l.text];
      if (pieces.length === 2 && pieces.every((p) => p.length >= 4)) {
        heading.push(
          { text: pieces[0]!, line: l.line, raw: pieces[0]! },
          { text: pieces[1]!, line: l.line, raw: pieces[1]! },
        );
      } else heading.push({ text: l.text, line: l.line, raw: l.text });
    }
  }
  const headParts = assignHeadingRoles(heading, rules.zh);
  for (const p of headParts)
    if (p.role === 'unplaced')
      warn(p.line, 'extra-heading', 'more heading lines than kicker, headline and subheadline', p.raw);
  parts.unshift(...headParts.filter((p) => p.role !== 'unplaced'));
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
  let lastParagraph: ImportPart | null = null;
  let datelineChecked = false;
  const body = group.slice(index);
  body.forEach((chunk, i) => {
    const isLast = i === body.length - 1;
    const first = chunk.lines[0]!;
    const nextText = body[i + 1]?.lines[0]?.text ?? '';
    if (chunk.lines.length === 1 && JUMP.test(first.text)) {
      parts.push({
        role: 'jump',
        text: first.text.replace(/^[（(]\s*|\s*[）)]$/gu, ''),
        raw: first.text,
        line: first.line,
      });
      return;
    }
    if (isBylineLine(first.text)) {
      pushBylineChunk(chunk, parts, rules);
      return;
    }
    const continues = lastParagraph !== null && (!isComplete(lastParagraph.text) || startsAsContinuation(first.text));
    if (continues) {
      if (isComplete(lastParagraph!.text))
        warn(
          first.line,
          'joined-mid-sentence',
          'joined to the paragraph before because it begins mid-sentence',
          first.text,
        );
      for (const l of chunk.lines) appendText(lastParagraph!, l.text, rules.zh);
      return;
    }
    if (startsAsContinuation(first.text) && lastParagraph === null) {
      warn(
        first.line,
        'starts-mid-sentence',
        'begins mid-sentence: the start of this paragraph is not on this page',
        first.text,
      );
    }
    if (chunk.lines.length === 1 && lastParagraph !== null) {
      if (isLast && isBareName(first.text, rules)) {
        parts.push({ role: 'byline', text: first.text, raw: first.text, line: first.line });
        return;
      }
      if (!isLast && isCrossHead(first.text, rules) && !startsAsContinuation(nextText) && !JUMP.test(nextText)) {
        parts.push({ role: 'crosshead', text: first.text, raw: first.text, line: first.line });
        return;
      }
    }
    // A paragraph, possibly hard-wrapped over several lines of the chunk: a line that ends
    // a sentence ends the paragraph, the others run on.
    let text = first.text;
    if (!datelineChecked) {
      datelineChecked = true;
      const dateline = takeDateline(text, rules);
      if (dateline) {
        parts.push({ role: 'dateline', text: dateline.dateline, raw: dateline.raw, line: first.line });
        if (dateline.byline)
          parts.push({ role: 'byline', text: dateline.byline, raw: dateline.bylineRaw, line: first.line });
        text = text.slice(dateline.length);
      }
    }
    let paragraph: ImportPart = { role: 'paragraph', text, raw: text, line: first.line };
    parts.push(paragraph);
    for (const l of chunk.lines.slice(1)) {
      if (isComplete(paragraph.text)) {
        paragraph = { role: 'paragraph', text: l.text, raw: l.text, line: l.line };
        parts.push(paragraph);
      } else appendText(paragraph, l.text, rules.zh);
    }
    const jump = TRAILING_JUMP.exec(paragraph.text);
    if (jump) {
      paragraph.text = paragraph.text.slice(0, jump.index).trimEnd();
      paragraph.raw = paragraph.raw.slice(0, paragraph.raw.length - jump[0].length);
      parts.push({ role: 'jump', text: jump[1]!, raw: jump[0], line: chunk.lines.at(-1)!.line });
    }
    lastParagraph = paragraph;
  });

  const paragraphs = parts.filter((p) => p.role === 'paragraph');
  const final = paragraphs.at(-1);
  if (final && !isComplete(final.text) && !parts.some((p) => p.role === 'jump')) {
    warn(
      final.line,
      'ends-mid-sentence',
      'the story ends mid-sentence: it may continue on another page',
      final.text.slice(-40),
    );
  }
  if (paragraphs.length === 0) {
    for (const p of parts)
      if (p.role === 'headline' || p.role === 'kicker' || p.role === 'subheadline') p.role = 'unplaced';
    const lines = group.flatMap((c) => c.lines);
    if (parts.length === 0)
      for (const l of lines) parts.push({ role: 'unplaced', text: l.text, raw: l.text, line: l.line });
    warn(
      lines[0]!.line,
      'fragment',
      'a fragment without body text: kept for you to place',
      lines.map((l) => l.text).join(' '),
    );
  }
  return { language, parts, warnings };
}

function pushBylineChunk(chunk: Chunk, parts: ImportPart[], rules: Rules): void {
  const [first, ...rest] = chunk.lines;
  const zh = ZH_BYLINE.exec(first!.text);
  const en = EN_BYLINE.exec(first!.text);
  const name = (zh?.[1] ?? en?.[1] ?? first!.text).trim();
  parts.push({ role: 'byline', text: name, raw: first!.text, line: first!.line });
  // "By Maria Alvarez" / "Staff Writer": the title line belongs to the byline.
  for (const l of rest) {
    const role: PartRole = l.text.length <= (rules.zh ? 20 : 60) && !isComplete(l.text) ? 'byline' : 'unplaced';
    parts.push({ role, text: l.text, raw: l.text, line: l.line });
  }
}

export function takeDateline(
  text: string,
  rules: Rules,
): { dateline: string; raw: string; length: number; byline: string | null; bylineRaw: string } | null {
  if (rules.zh) {
    const m = ZH_DATELINE.exec(text);
    if (!m) return null;
    const inner = m[2]?.trim() ?? null;
    const byline = inner ? inner.replace(/^(?:本报)?(?:记者|通讯员)[\s\u3000]*/u, '') : null;
    return { dateline: m[1]!, raw: m[0], length: m[0].length, byline, bylineRaw: inner ?? '' };
  }
  const m = EN_DATELINE.exec(text);
  if (!m || m[0].length === text.length) return null;
  return { dateline: m[1]!.trim(), raw: m[0], length: m[0].length, byline: null, bylineRaw: '' };
}

/** Rejoins a paragraph across a column break: Chinese without a space, English with one or none. */
function appendText(part: ImportPart, next: string, zh: boolean): void {
  const prev = part.text;
  let joined: string;
  if (zh || HAN.test(prev.slice(-1)) || HAN.test(next[0] ?? '')) joined = prev + next;
  else if (/[A-Za-z]-$/.test(prev) && /^[a-z]/.test(next)) joined = prev.slice(0, -1) + next;
  else joined = `${prev} ${next}`;
  part.text = joined;
  part.raw = `${part.raw}\n${next}`;
}

export interface TextImport {
  stories: ImportedStory[];
}

export function importTextPage(text: string): TextImport {
  const chunks = chunksOf(text);
  const zh = detectLanguage(text) === 'zh-Hans';
  const rules: Rules = { zh, headingMax: zh ? 40 : 120 };
  return { stories: storyGroups(chunks, rules).map((group) => buildStory(group, zh)) };
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
