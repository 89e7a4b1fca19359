/**
 * "Normalise punctuation". For Chinese copy: half-width punctuation inside Chinese text
 * becomes full-width, straight quotes become curly quotes, and full-width digits and Latin
 * letters become half-width. For English copy: straight quotes become curly (apostrophes
 * included), a double hyphen an em dash and three dots an ellipsis, the same typography the
 * editor applies as an English story is typed. The result is a list of proposed changes for
 * the editor to review, never a silent rewrite.
 */

export type FixRule = 'full-width-punctuation' | 'curly-quotes' | 'half-width-alphanumeric' | 'ellipsis' | 'dash';

export interface PunctuationFix {
  /** [start, end) in UTF-16 offsets of the text given. */
  start: number;
  end: number;
  from: string;
  to: string;
  rule: FixRule;
}

const HAN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const HALF_TO_FULL: Record<string, string> = {
  ',': '，',
  ';': '；',
  ':': '：',
  '?': '？',
  '!': '！',
  '(': '（',
  ')': '）',
};

/** What may stand before an opening quote: nothing, a space, an opening bracket or quote, a dash or slash. */
const OPENS_QUOTE = /^$|[\s([{“‘—–\-/]/u;

/**
 * The curly form of a straight quote typed or found in English text after `before` (the
 * character before it, '' at the start of a paragraph): opening after a space or bracket,
 * closing (or an apostrophe: don’t, ’90s after a letter) everywhere else.
 */
export function curlyQuote(quote: '"' | "'", before: string): string {
  const opening = OPENS_QUOTE.test(before);
  if (quote === '"') return opening ? '“' : '”';
  return opening ? '‘' : '’';
}

/** English smart typography over one run of text: quotes, em dashes, ellipses. */
function findEnglishFixes(text: string): PunctuationFix[] {
  const fixes: PunctuationFix[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      const to = curlyQuote(ch, i > 0 ? text[i - 1]! : '');
      fixes.push({ start: i, end: i + 1, from: ch, to, rule: 'curly-quotes' });
    } else if (ch === '-' && text[i + 1] === '-') {
      const end = text[i + 2] === '-' ? i + 3 : i + 2;
      fixes.push({ start: i, end, from: text.slice(i, end), to: '—', rule: 'dash' });
      i = end - 1;
    } else if (text.startsWith('...', i)) {
      fixes.push({ start: i, end: i + 3, from: '...', to: '…', rule: 'ellipsis' });
      i += 2;
    }
  }
  return fixes;
}

/** Is there Han text on this side of the position (skipping spaces and other ASCII marks)? */
function hanNear(text: string, index: number, step: -1 | 1): boolean {
  for (let i = index; i >= 0 && i < text.length; i += step) {
    const ch = text[i]!;
    // Closing quotes and title marks belong to the Chinese around them: 好消息”,然后 is Chinese.
    if (/[ .,;:!?"'()“”‘’]/.test(ch)) continue;
    // Skip a surrogate pair's other half by looking at the whole code point.
    const cp = text.codePointAt(step === 1 ? i : Math.max(0, i - 1)) ?? 0;
    if (cp >= 0x20000 && cp <= 0x3fffd) return true;
    return HAN.test(ch);
  }
  return false;
}

/** Fixes proposed for one run of text (a paragraph) in a story of `language`, in order, not overlapping. */
export function findPunctuationFixes(text: string, language: 'zh-Hans' | 'en' = 'zh-Hans'): PunctuationFix[] {
  if (language === 'en') return findEnglishFixes(text);
  const fixes: PunctuationFix[] = [];
  let doubleOpen = true;
  let singleOpen = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    // Full-width ASCII letters and digits (Ａ-Ｚ ａ-ｚ ０-９) → half-width, anywhere.
    if (
      (code >= 0xff10 && code <= 0xff19) ||
      (code >= 0xff21 && code <= 0xff3a) ||
      (code >= 0xff41 && code <= 0xff5a)
    ) {
      fixes.push({
        start: i,
        end: i + 1,
        from: ch,
        to: String.fromCharCode(code - 0xfee0),
        rule: 'half-width-alphanumeric',
      });
      continue;
    }
    const before = hanNear(text, i - 1, -1);
    const after = hanNear(text, i + 1, 1);
    if (ch in HALF_TO_FULL) {
      // A comma between digits (1,200) or a colon in a time (10:30) stays half-width.
      const digitsAround = /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '');
      const opening = ch === '(';
      const inChinese = opening ? after || before : before || (after && ch === ')');
      if (inChinese && !digitsAround) {
        // Take the spaces around it too: full-width marks carry their own space.
        let start = i;
        let end = i + 1;
        while (start > 0 && text[start - 1] === ' ' && (opening || before)) start--;
        while (end < text.length && text[end] === ' ' && (!opening || after)) end++;
        fixes.push({ start, end, from: text.slice(start, end), to: HALF_TO_FULL[ch]!, rule: 'full-width-punctuation' });
        i = end - 1;
      }
      continue;
    }
    if (ch === '.' && before && !/\d/.test(text[i + 1] ?? '')) {
      if (text.startsWith('...', i)) {
        const end = text.startsWith('......', i) ? i + 6 : i + 3;
        fixes.push({ start: i, end, from: text.slice(i, end), to: '……', rule: 'ellipsis' });
        i = end - 1;
      } else if (!/[A-Za-z]/.test(text[i - 1] ?? '')) {
        fixes.push({ start: i, end: i + 1, from: '.', to: '。', rule: 'full-width-punctuation' });
      }
      continue;
    }
    if (ch === '"' && (before || after)) {
      fixes.push({ start: i, end: i + 1, from: ch, to: doubleOpen ? '“' : '”', rule: 'curly-quotes' });
      doubleOpen = !doubleOpen;
      continue;
    }
    if (ch === "'" && (before || after) && !/[A-Za-z]/.test(text[i - 1] ?? '')) {
      fixes.push({ start: i, end: i + 1, from: ch, to: singleOpen ? '‘' : '’', rule: 'curly-quotes' });
      singleOpen = !singleOpen;
      continue;
    }
    if (ch === '-' && text[i + 1] === '-' && (before || after)) {
      fixes.push({ start: i, end: i + 2, from: '--', to: '——', rule: 'dash' });
      i++;
    }
  }
  return fixes;
}

/** Applies chosen fixes (from findPunctuationFixes on the same text), last first. */
export function applyFixes(text: string, fixes: readonly PunctuationFix[]): string {
  let out = text;
  for (const fix of [...fixes].sort((a, b) => b.start - a.start)) {
    if (out.slice(fix.start, fix.end) !== fix.from) continue; // stale: the text changed
    out = out.slice(0, fix.start) + fix.to + out.slice(fix.end);
  }
  return out;
}
