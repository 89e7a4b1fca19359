/**
 * Rules for Chinese copy that need more than a list: characters typed twice, 的/地/得 in the
 * patterns where only one is right, 既使 (which is right in 既使……又……), numbers and dates.
 * Each rule favours silence over a false alarm: a check that flags correct copy costs the desk
 * as much as a missed typo.
 */

export interface LocalFinding {
  start: number;
  end: number;
  text: string;
  suggestion: string | null;
  message: string;
}

/** 的的 is a slip, except in 的的确确, 目的的 (目的 + 的), 有的的确 and the like. */
function doubledDe(text: string, i: number): boolean {
  const before = text[i - 1] ?? '';
  const after = text[i + 2] ?? '';
  if (after === '确') return false;
  if (/[目标端]/.test(before)) return false;
  return true;
}

/** 是是 is a slip except in 是是非非, 但是是否 and the like. */
function doubledShi(text: string, i: number): boolean {
  const after = text[i + 2] ?? '';
  const before = text[i - 1] ?? '';
  return !/[否非]/.test(after) && !/[但就还凡总可要倒算硬真正于若老只]/.test(before);
}

const DOUBLED_MARKS = /([，。、；：])\1+/g;

export function findDoubled(text: string): LocalFinding[] {
  const out: LocalFinding[] = [];
  for (let i = text.indexOf('的的'); i !== -1; i = text.indexOf('的的', i + 2)) {
    if (doubledDe(text, i)) out.push({ start: i, end: i + 2, text: '的的', suggestion: '的', message: '“的”字重复' });
  }
  for (let i = text.indexOf('是是'); i !== -1; i = text.indexOf('是是', i + 2)) {
    if (doubledShi(text, i)) out.push({ start: i, end: i + 2, text: '是是', suggestion: '是', message: '“是”字重复' });
  }
  for (let i = text.indexOf('也也'); i !== -1; i = text.indexOf('也也', i + 2))
    out.push({ start: i, end: i + 2, text: '也也', suggestion: '也', message: '“也”字重复' });
  for (const match of text.matchAll(DOUBLED_MARKS)) {
    out.push({
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
      suggestion: match[1]!,
      message: '标点重复',
    });
  }
  return out;
}

/**
 * Adverbs that can only modify a verb, and verbs that are seldom nouns: between them 的 must be
 * 地 (渐渐的消失 → 渐渐地消失). Verbs that double as nouns (发展, 增长, 努力, 爱) are left out,
 * since 不断的发展 can be a noun phrase.
 */
const DE_ADVERBS =
  '渐渐|悄悄|默默|紧紧|深深|狠狠|静静|慢慢|轻轻|缓缓|逐步|逐渐|稳步|全力|高兴|兴奋|激动|飞快|牢牢|稳稳|重重|小心翼翼|不约而同|有条不紊|一步步|一点点';
const DE_VERBS =
  '推进|推动|加强|提高|提升|落实|开展|实施|完善|改善|扩大|减少|降低|做好|促进|走向|走进|走出|走过|走来|走去|跑向|跑过|跑来|说道|说：|说，|点头|摇头|握住|握着|抱住|抱着|靠近|离开|消失|站起|站在|坐在|坐下|流淌|流下|滑落|打开|关上|笑了|笑着|哭了|望着|看着|注视|盯着|融入|进入|退出|回答|问道|睁开|闭上|低下|抬起|叹气|解决|完成|贯彻|告诉|讲述|表示|指出|跳了|跳起|鼓掌|挥手|拍手|鞠躬|整理|收拾|清理|修复|了解|掌握|把握|推行|加快|加大|深化|拓展|拓宽|防范|化解|遏制|扭转|巩固|记住|开了|变成|变得|亮了|暗了|散去|消散|远去|升起|落下';
const DE_ADVERB_VERB = new RegExp(`(${DE_ADVERBS})的(${DE_VERBS})`, 'g');

/** A verb and a degree complement: 得, never 的 or 地 (高兴的不得了 → 高兴得不得了). */
const DE_COMPLEMENT =
  /([\p{Script=Han}])([的地])(不得了|要命|不亦乐乎|一塌糊涂|淋漓尽致|井井有条|热火朝天|五体投地|目瞪口呆|喘不过气)/gu;

/** 的时候 typed as 得时候 or 地时候 (but 获得时候, 记得时候 are other words). */
const TIME_AFTER = /([\p{Script=Han}])([得地])(时候)/gu;
const DE_VERB_ENDINGS = /[获取赢记懂觉值显使变晓舍免难落省博求见认]/u;

export function findDe(text: string): LocalFinding[] {
  const out: LocalFinding[] = [];
  for (const match of text.matchAll(DE_ADVERB_VERB)) {
    const at = match.index + match[1]!.length;
    // 积极的作用: only a verb from the list right after 的 counts.
    out.push({
      start: at,
      end: at + 1,
      text: '的',
      suggestion: '地',
      message: `修饰动词“${match[2]!.replace(/[：，]$/, '')}”的状语后用“地”`,
    });
  }
  for (const match of text.matchAll(DE_COMPLEMENT)) {
    // 这真的不得了, 是的要命: 真的 and 是的 are words of their own.
    if (/[真是目]/.test(match[1]!)) continue;
    const at = match.index + match[1]!.length;
    out.push({ start: at, end: at + 1, text: match[2]!, suggestion: '得', message: `补语“${match[3]}”前用“得”` });
  }
  for (const match of text.matchAll(TIME_AFTER)) {
    if (match[2] === '得' && DE_VERB_ENDINGS.test(match[1]!)) continue;
    const at = match.index + match[1]!.length;
    out.push({ start: at, end: at + 1, text: match[2]!, suggestion: '的', message: '“……的时候”用“的”' });
  }
  return out;
}

/**
 * 既使 for 即使: flagged only where no 又 (or 也使, 也让) follows in the sentence, since
 * 既使企业受益，又…… is right.
 */
export function findJiShi(text: string): LocalFinding[] {
  const out: LocalFinding[] = [];
  for (let i = text.indexOf('既使'); i !== -1; i = text.indexOf('既使', i + 2)) {
    if (text[i + 2] === '得') continue;
    const rest = text.slice(i + 2).split(/[。！？；]/)[0] ?? '';
    if (/又|也[使让令为能把将]|还[使让令]/.test(rest)) continue;
    out.push({ start: i, end: i + 2, text: '既使', suggestion: '即使', message: '表示假设让步用“即使”' });
  }
  return out;
}

// ——— numbers (GB/T 15835) ———

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  '○': 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** A number in Chinese numerals (五十六, 一百零二, 三点五, 二〇二一 read digit by digit) or null. */
export function chineseNumberValue(text: string, digitByDigit = false): number | null {
  if (digitByDigit) {
    let value = '';
    for (const ch of text) {
      if (!(ch in CN_DIGITS)) return null;
      value += String(CN_DIGITS[ch]);
    }
    return value === '' ? null : Number(value);
  }
  const [whole = '', fraction] = text.split('点');
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of whole) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch]!;
    else if (ch in CN_UNITS) {
      section += (digit === -1 ? 1 : digit) * CN_UNITS[ch]!;
      digit = -1;
    } else if (ch === '万') {
      total += (section + (digit === -1 ? 0 : digit)) * 10_000;
      section = 0;
      digit = -1;
    } else return null;
  }
  total += section + (digit === -1 ? 0 : digit);
  if (fraction === undefined) return whole === '' ? null : total;
  const decimals = chineseNumberValue(fraction, true);
  return decimals === null
    ? null
    : Number(`${total}.${fraction.length ? String(decimals).padStart(fraction.length, '0') : '0'}`);
}

export interface NumberFact {
  start: number;
  end: number;
  text: string;
  /** Written in Chinese numerals (二〇二一年, 百分之五十六) rather than Arabic (2021年, 56%). */
  chinese: boolean;
  /** The Arabic form, for a Chinese one. */
  arabic: string | null;
  /** 二零二一年: a year must use 〇, not 零 or the circle ○. */
  badZero: boolean;
}

const CN_YEAR = /[〇○零一二三四五六七八九]{4}(?=年)/g;
const ARABIC_YEAR = /(?<![\d.])\d{4}(?=年)/g;
const CN_PERCENT = /百分之[零〇一二两三四五六七八九十百千点]+/g;
const ARABIC_PERCENT = /(?<![\d.])\d+(?:\.\d+)?[%％]/g;

export function yearFacts(text: string): NumberFact[] {
  const out: NumberFact[] = [];
  for (const match of text.matchAll(CN_YEAR)) {
    const value = chineseNumberValue(match[0], true);
    out.push({
      start: match.index,
      end: match.index + 4,
      text: match[0],
      chinese: true,
      arabic: value === null ? null : String(value),
      badZero: /[零○]/.test(match[0]),
    });
  }
  for (const match of text.matchAll(ARABIC_YEAR))
    out.push({
      start: match.index,
      end: match.index + 4,
      text: match[0],
      chinese: false,
      arabic: null,
      badZero: false,
    });
  return out;
}

export function percentFacts(text: string): NumberFact[] {
  const out: NumberFact[] = [];
  for (const match of text.matchAll(CN_PERCENT)) {
    // 百分之百 is a way of saying "wholly", not a statistic.
    if (/^百分之(?:一)?百(?!分|零|〇|[一二三四五六七八九])/.test(match[0]) && !/点/.test(match[0])) continue;
    const value = chineseNumberValue(match[0].slice(3));
    out.push({
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
      chinese: true,
      arabic: value === null ? null : `${value}%`,
      badZero: false,
    });
  }
  for (const match of text.matchAll(ARABIC_PERCENT))
    out.push({
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
      chinese: false,
      arabic: null,
      badZero: false,
    });
  return out;
}

// ——— dates ———

export interface RelativeDayFact {
  start: number;
  end: number;
  /** 昨天, 今日 … */
  word: string;
  /** Days from the anchor: 昨天 −1, 今天 0, 明天 +1. */
  offset: number;
  month: number | null;
  day: number;
}

export interface WeekdayFact {
  /** Where the weekday is written (星期三, 周三). */
  start: number;
  end: number;
  text: string;
  year: number | null;
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday, as written. */
  weekday: number;
  /** How the weekday was written: 星期 or 周. */
  prefix: string;
}

const RELATIVE_WORDS: Record<string, number> = {
  前天: -2,
  前日: -2,
  昨天: -1,
  昨日: -1,
  今天: 0,
  今日: 0,
  明天: 1,
  明日: 1,
  后天: 2,
};
const RELATIVE_DAY = /(前天|前日|昨天|昨日|今天|今日|明天|明日|后天)[（(](?:(\d{1,2})月)?(\d{1,2})日[）)]/g;
const WEEKDAY_CHARS = '日一二三四五六';
const WEEKDAY = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日[（(，, ]?(星期|周)([一二三四五六日天])/gu;

export function relativeDayFacts(text: string): RelativeDayFact[] {
  return [...text.matchAll(RELATIVE_DAY)].map((m) => ({
    start: m.index,
    end: m.index + m[1]!.length,
    word: m[1]!,
    offset: RELATIVE_WORDS[m[1]!]!,
    month: m[2] ? Number(m[2]) : null,
    day: Number(m[3]),
  }));
}

export function weekdayFacts(text: string): WeekdayFact[] {
  const out: WeekdayFact[] = [];
  for (const m of text.matchAll(WEEKDAY)) {
    const text2 = `${m[4]}${m[5]}`;
    const start = m.index + m[0].length - text2.length;
    out.push({
      start,
      end: start + text2.length,
      text: text2,
      year: m[1] ? Number(m[1]) : null,
      month: Number(m[2]),
      day: Number(m[3]),
      weekday: m[5] === '天' ? 0 : WEEKDAY_CHARS.indexOf(m[5]!),
      prefix: m[4]!,
    });
  }
  return out;
}

export const weekdayName = (prefix: string, weekday: number): string =>
  `${prefix}${prefix === '周' && weekday === 0 ? '日' : WEEKDAY_CHARS[weekday]}`;

/** The date a dateline carries (新华社北京5月6日电, 本报上海6日讯), month null when it gives none. */
export function datelineDate(dateline: string): { month: number | null; day: number } | null {
  const m = /(?:(\d{1,2})月)?(\d{1,2})日(?:电|讯)/.exec(dateline);
  return m ? { month: m[1] ? Number(m[1]) : null, day: Number(m[2]) } : null;
}

export const relativeWord = (offset: number, dayForm: boolean): string | null => {
  const words: Record<number, [string, string]> = {
    [-2]: ['前天', '前日'],
    [-1]: ['昨天', '昨日'],
    0: ['今天', '今日'],
    1: ['明天', '明日'],
    2: ['后天', '后天'],
  };
  return words[offset]?.[dayForm ? 1 : 0] ?? null;
};
