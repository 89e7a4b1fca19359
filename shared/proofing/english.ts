import type { HeadlineCase } from './lists';
import type { LocalFinding } from './chinese';
import type { SpellChecker } from './spelling';

/**
 * English rules: spelling against Hunspell (lower-case words only: a capitalised word the
 * dictionary lacks is far more often a name than a typo), repeated words, numbers under ten,
 * headline capitals. Each one stays quiet where news copy is normally right.
 */

export interface WordToken {
  start: number;
  end: number;
  text: string;
}

const WORD = /[A-Za-z](?:[A-Za-z'’]*[A-Za-z])?(?:-[A-Za-z](?:[A-Za-z'’]*[A-Za-z])?)*/g;

export function words(text: string): WordToken[] {
  return [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

/** Part of an address, a handle, a file name or a code: not prose to spell-check. */
function inCode(text: string, token: WordToken): boolean {
  const before = text[token.start - 1] ?? '';
  const after = text[token.end] ?? '';
  if (/[@/\\#_.:\d]/.test(before) && before !== '' && !(before === '.' && text[token.start - 2] === ' ')) return true;
  if (/[@/\\_\d]/.test(after)) return true;
  if (after === '.' && /[A-Za-z]/.test(text[token.end + 1] ?? '')) return true;
  return false;
}

export function findMisspellings(
  text: string,
  tokens: readonly WordToken[],
  speller: SpellChecker,
  house: ReadonlySet<string>,
  suggest: boolean,
): LocalFinding[] {
  const out: LocalFinding[] = [];
  for (const token of tokens) {
    if (inCode(text, token)) continue;
    for (const part of splitCompound(token)) {
      const word = part.text.replace(/’/g, "'").replace(/'s$|'$/, '');
      // Names, acronyms and mixed case (iPhone, McDonald) are not dictionary words.
      if (word.length < 2 || /[A-Z]/.test(word)) continue;
      if (house.has(word) || speller.correct(word)) continue;
      const suggestion = suggest ? (speller.suggest(word)[0] ?? null) : null;
      out.push({
        start: part.start,
        end: part.start + word.length,
        text: part.text.slice(0, word.length),
        suggestion,
        message: 'Not in the dictionary',
      });
    }
  }
  return out;
}

function splitCompound(token: WordToken): WordToken[] {
  if (!token.text.includes('-')) return [token];
  const parts: WordToken[] = [];
  let offset = token.start;
  for (const piece of token.text.split('-')) {
    parts.push({ start: offset, end: offset + piece.length, text: piece });
    offset += piece.length + 1;
  }
  return parts;
}

/** Words a sentence can rightly say twice in a row. */
const MAY_REPEAT = new Set(['had', 'that', 'is', 'bye', 'no', 'yada', 'ha', 'knock', 'boo', 'chop', 'tut']);

export function findRepeatedWords(text: string, tokens: readonly WordToken[]): LocalFinding[] {
  const out: LocalFinding[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const prev = tokens[i - 1]!;
    const current = tokens[i]!;
    if (prev.text.toLowerCase() !== current.text.toLowerCase()) continue;
    if (!/^\s+$/.test(text.slice(prev.end, current.start)) || text.slice(prev.end, current.start).includes('\n'))
      continue;
    if (MAY_REPEAT.has(current.text.toLowerCase())) continue;
    out.push({
      start: prev.start,
      end: current.end,
      text: text.slice(prev.start, current.end),
      suggestion: prev.text,
      message: `“${current.text}” twice`,
    });
  }
  return out;
}

const SPELLED = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
/** After these a figure is right: units, money, times, ages, scores, percentages (AP's exceptions). */
const FIGURE_UNITS = new Set(
  (
    'percent per million billion trillion am pm a.m p.m km kg g mg cm mm m ft in lb lbs oz mph kph mi ' +
    'miles mile feet foot inches inch meters metres meter metre kilometers kilometres kilometer kilometre ' +
    'degrees degree points point goals runs yards yard pounds pound ounces ounce tons ton tonnes tonne ' +
    'gallons gallon liters litres liter litre acres acre hectares hectare times x to or and out of over ' +
    'under innings percentage cents cent dollars dollar euros euro yuan pence p'
  ).split(' '),
);
/** Before these a figure names something (No. 3, page 4, Route 9, March 5). */
const FIGURE_NAMERS =
  /(?:\b(?:no|nos|number|page|pages|chapter|section|article|room|route|phase|level|grade|class|version|act|part|game|round|step|stage|rule|lane|gate|platform|channel|highway|interstate|floor|ward|district|precinct|division|category|apollo|world|war|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|may|june|july|august|september|october|november|december|at|by|from|between|of|top|vs|v|ages?|aged|tier|type|term|window|row|seat|pier|dock|terminal|line|bus|flight|track|season|episode|volume|vol|fig|figure|table|item|plan|option|exhibit|appendix|item|gen)\.?|[$£€¥#])\s*$/i;

export function findSmallNumbers(text: string): LocalFinding[] {
  const out: LocalFinding[] = [];
  for (const match of text.matchAll(/(?<![\d.,:/\-$£€#])([1-9])(?=\s+([a-z][a-z.]*))/g)) {
    const at = match.index;
    const next = match[2]!.replace(/\.$/, '');
    if (FIGURE_UNITS.has(next)) continue;
    // Ages take figures (a man, 5 years old); spans of time under ten are spelled out.
    if (/^\s+(?:years?|months?|weeks?|days?)\s+old\b/.test(text.slice(at + 1))) continue;
    const before = text.slice(Math.max(0, at - 24), at);
    if (FIGURE_NAMERS.test(before)) continue;
    // A figure inside a run of figures (3 to 5, 2, 4 and 6) or a score stays a figure.
    if (/\d\s*(?:,|to|-|–|and|or)?\s*$/i.test(before)) continue;
    if (/^\s*[A-Z]/.test(text.slice(at + 1)) || at === 0 || /[.!?]\s*$/.test(before)) continue;
    if (/[A-Za-z\d]$/.test(before)) continue;
    out.push({
      start: at,
      end: at + 1,
      text: match[1]!,
      suggestion: SPELLED[Number(match[1])]!,
      message: 'House style: spell out numbers under ten',
    });
  }
  return out;
}

export function findDoubleSpaces(text: string): LocalFinding[] {
  return [...text.matchAll(/(?<=\S)( {2,})(?=\S)/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    text: m[0],
    suggestion: ' ',
    message: 'Double space',
  }));
}

/** Words a title-case headline leaves lower case. */
const MINOR_WORDS = new Set(
  'a an the and but or for nor on at to by in of up as via vs is per off out so yet from with into onto over than'.split(
    ' ',
  ),
);

export function findHeadlineCase(
  headline: string,
  tokens: readonly WordToken[],
  rule: HeadlineCase,
  speller: SpellChecker | null,
  house: ReadonlySet<string>,
): LocalFinding[] {
  if (rule === 'off' || tokens.length < 2) return [];
  // An all-capitals headline is a typographic choice, not a case error.
  if (headline === headline.toUpperCase()) return [];
  const out: LocalFinding[] = [];
  const capital = (w: string) => /^[A-Z]/.test(w);
  const startsClause = (i: number) =>
    i === 0 || /[:—–?!.]\s*$/.test(headline.slice(tokens[i - 1]!.end, tokens[i]!.start));
  tokens.forEach((token, i) => {
    const word = token.text;
    if (startsClause(i) || /[A-Z]/.test(word.slice(1)) || house.has(word)) return;
    if (rule === 'sentence') {
      if (!capital(word) || !speller) return;
      const lower = word.toLowerCase();
      if (speller.isProperNoun(word) || !speller.correct(lower)) return;
      // Two capitals side by side are most likely a name (Harbor Street Bridge).
      const neighbourCapital = [tokens[i - 1], tokens[i + 1]].some(
        (t, k) => t && capital(t.text) && !(k === 0 && startsClause(i - 1)),
      );
      if (neighbourCapital) return;
      out.push({
        start: token.start,
        end: token.end,
        text: word,
        suggestion: lower,
        message: 'House headline style: sentence case (capital only for the first word and names)',
      });
    } else {
      const minor = MINOR_WORDS.has(word.toLowerCase());
      if (minor && capital(word)) {
        out.push({
          start: token.start,
          end: token.end,
          text: word,
          suggestion: word.toLowerCase(),
          message: 'House headline style: title case leaves short words lower case',
        });
      } else if (!minor && !capital(word)) {
        out.push({
          start: token.start,
          end: token.end,
          text: word,
          suggestion: word[0]!.toUpperCase() + word.slice(1),
          message: 'House headline style: title case',
        });
      }
    }
  });
  return out;
}
