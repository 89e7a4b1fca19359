import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoryLanguage } from '../../shared/model/common';
import type { Proofer } from '../../shared/proofing/engine';
import { applyFixes, findPunctuationFixes } from '../../shared/text/normalise';
import type { SpellChecker } from '../../shared/proofing/spelling';

/**
 * The seeded corpus proofing is measured on: correct news copy (the shared samples, with the
 * raw page text's punctuation normalised, and paragraphs written for this corpus in
 * tests/fixtures/proofing), and copies with one error each, made by rule. The seeding rules
 * are written here, apart from the shipped lists: some seed errors no list entry covers, so
 * recall is not the list checking itself.
 */

export interface Paragraph {
  language: StoryLanguage;
  text: string;
  source: string;
}

export interface SeededCase extends Paragraph {
  rule: string;
  /** Where the seeded error is: [start, end) in `text`. */
  start: number;
  end: number;
}

const here = new URL('.', import.meta.url).pathname;
const fixtures = join(here, '..', 'fixtures', 'proofing');
const samples = join(here, '..', '..', '..', 'shared', 'samples');

const lines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

/** A printed page's text as paragraphs: blank lines split them, column breaks inside are joined. */
function pageParagraphs(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p.length > 0);
}

export function cleanParagraphs(): Paragraph[] {
  const zhSamples = ['zh-page.txt', 'zh-page-3.txt'].flatMap((file) =>
    pageParagraphs(join(samples, file)).map((text) => ({
      language: 'zh-Hans' as const,
      // The raw page text has half-width commas (a scan's habit): correct copy has them full-width.
      text: applyFixes(text, findPunctuationFixes(text, 'zh-Hans')),
      source: file,
    })),
  );
  const enSample = pageParagraphs(join(samples, 'en-page.txt')).map((text) => ({
    language: 'en' as const,
    text,
    source: 'en-page.txt',
  }));
  return [
    ...zhSamples,
    ...enSample,
    ...lines(join(fixtures, 'clean-zh.txt')).map((text) => ({
      language: 'zh-Hans' as const,
      text,
      source: 'clean-zh',
    })),
    ...lines(join(fixtures, 'clean-en.txt')).map((text) => ({ language: 'en' as const, text, source: 'clean-en' })),
  ];
}

/** A small deterministic random source, so every run seeds the same errors. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/** Homophone and look-alike slips of Chinese typists: right → wrong. Some are on no list. */
const ZH_SLIPS: [string, string][] = [
  ['部分', '部份'],
  ['安装', '按装'],
  ['即使', '既使'],
  ['候选人', '侯选人'],
  ['竞争', '竟争'],
  ['副市长', '付市长'],
  ['截至目前', '截止目前'],
  ['通胀', '通涨'],
  ['部署', '布署'],
  ['踏实', '蹋实'],
  ['博物馆', '搏物馆'],
  ['辩论', '辨论'],
  ['渡过了难关', '度过了难关'],
  ['度假', '渡假'],
  ['时候', '时侯'],
  ['激烈', '激列'],
  ['圆满', '园满'],
  ['络绎不绝', '络驿不绝'],
  ['竞争', '竞挣'],
  ['严密', '严蜜'],
  ['渠道', '渠到'],
  ['气温', '汽温'],
];

function seedChinese(p: Paragraph, next: () => number): SeededCase[] {
  const out: SeededCase[] = [];
  const seed = (rule: string, start: number, removed: number, inserted: string) =>
    out.push({
      ...p,
      text: p.text.slice(0, start) + inserted + p.text.slice(start + removed),
      rule,
      start,
      end: start + Math.max(inserted.length, 1),
    });
  for (const [right, wrong] of ZH_SLIPS) {
    const at = p.text.indexOf(right);
    if (at !== -1) seed('zh-slip', at, right.length, wrong);
  }
  const adverbDi = /(渐渐|默默|轻轻|悄悄|慢慢)地/.exec(p.text);
  if (adverbDi) seed('zh-de', adverbDi.index + adverbDi[1]!.length, 1, '的');
  const des = [...p.text.matchAll(/的(?!确)/g)];
  if (des.length) seed('zh-doubled', des[Math.floor(next() * des.length)]!.index, 1, '的的');
  const commas = [...p.text.matchAll(/，/g)];
  if (commas.length) {
    seed('zh-half-width', commas[Math.floor(next() * commas.length)]!.index, 1, ',');
    seed('zh-doubled-mark', commas[Math.floor(next() * commas.length)]!.index, 1, '，，');
  }
  const close = p.text.indexOf('”');
  if (close !== -1) seed('zh-unpaired', close, 1, '');
  const percents = [...p.text.matchAll(/(\d+)\.(\d)%/g)];
  if (percents.length >= 2) {
    const m = percents[0]!;
    const digits = '〇一二三四五六七八九';
    const whole = Number(m[1]);
    const cn =
      (whole >= 10
        ? `${whole >= 20 ? digits[Math.floor(whole / 10)] : ''}十${whole % 10 ? digits[whole % 10] : ''}`
        : digits[whole]) + `点${digits[Number(m[2])]}`;
    seed('zh-number', m.index, m[0].length, `百分之${cn}`);
  }
  for (const [right, wrong] of [
    ['残疾人', '残废人'],
    ['朝鲜和韩国', '北朝鲜和韩国'],
  ] as const) {
    const at = p.text.indexOf(right);
    if (at !== -1) seed('sensitive', at, right.length, wrong);
  }
  return out;
}

/** A misspelling by one edit (swap, drop or double a letter) that is not itself a word. */
function misspell(word: string, next: () => number, speller: SpellChecker): string | null {
  for (let attempt = 0; attempt < 6; attempt++) {
    const i = 1 + Math.floor(next() * (word.length - 2));
    const kind = Math.floor(next() * 3);
    const wrong =
      kind === 0
        ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
        : kind === 1
          ? word.slice(0, i) + word.slice(i + 1)
          : word.slice(0, i) + word[i] + word.slice(i);
    if (wrong !== word && !speller.correct(wrong)) return wrong;
  }
  return null;
}

function seedEnglish(p: Paragraph, next: () => number, speller: SpellChecker): SeededCase[] {
  const out: SeededCase[] = [];
  const seed = (rule: string, start: number, removed: number, inserted: string) =>
    out.push({
      ...p,
      text: p.text.slice(0, start) + inserted + p.text.slice(start + removed),
      rule,
      start,
      end: start + Math.max(inserted.length, 1),
    });
  const long = [...p.text.matchAll(/(?<![A-Za-z'’-])[a-z]{5,}(?![A-Za-z'’-])/g)];
  for (let k = 0; k < 2 && long.length; k++) {
    const m = long[Math.floor(next() * long.length)]!;
    const wrong = misspell(m[0], next, speller);
    if (wrong) seed('en-misspelling', m.index, m[0].length, wrong);
  }
  const the = /\bthe\b/.exec(p.text);
  if (the) seed('en-repeated', the.index, 3, 'the the');
  for (const [right, wrong] of [
    ['percent', 'per cent'],
    ['judgment', 'judgement'],
    ['Among', 'Amongst'],
  ] as const) {
    const at = p.text.indexOf(right);
    if (at !== -1) seed('en-style', at, right.length, wrong);
  }
  const spelled = /\b(two|three|four|six|seven)(?= [a-z]+s\b)/.exec(p.text);
  if (spelled) {
    const digit = String(['', '', 'two', 'three', 'four', '', 'six', 'seven'].indexOf(spelled[1]!));
    seed('en-number', spelled.index, spelled[1]!.length, digit);
  }
  const spaces = [...p.text.matchAll(/(?<=[a-z]) (?=[a-z])/g)];
  if (spaces.length) seed('spacing', spaces[Math.floor(next() * spaces.length)]!.index, 1, '  ');
  return out;
}

export function seededCases(speller: SpellChecker): SeededCase[] {
  const next = random(18);
  return cleanParagraphs().flatMap((p) => (p.language === 'en' ? seedEnglish(p, next, speller) : seedChinese(p, next)));
}

export interface QualityReport {
  seeded: number;
  found: number;
  recall: number;
  findings: number;
  correctFindings: number;
  precision: number;
  /** Findings on the correct copy itself: each one a false alarm. */
  falseAlarmsOnCleanCopy: { source: string; rule: string; text: string; context: string }[];
  missed: { rule: string; text: string }[];
  byRule: Record<string, { seeded: number; found: number }>;
}

const proofParagraph = (proofer: Proofer, p: Paragraph) =>
  proofer.proofBlocks([{ field: 'body', block: 0, text: p.text }], p.language, '', { suggestSpelling: false });

export function measure(proofer: Proofer, speller: SpellChecker): QualityReport {
  const clean = cleanParagraphs();
  const falseAlarms: QualityReport['falseAlarmsOnCleanCopy'] = [];
  let findings = 0;
  for (const p of clean) {
    for (const f of proofParagraph(proofer, p)) {
      findings++;
      falseAlarms.push({
        source: p.source,
        rule: f.rule,
        text: f.text,
        context: p.text.slice(Math.max(0, f.start - 10), f.end + 10),
      });
    }
  }
  const cases = seededCases(speller);
  let found = 0;
  let correct = 0;
  const missed: QualityReport['missed'] = [];
  const byRule: QualityReport['byRule'] = {};
  for (const c of cases) {
    const result = proofParagraph(proofer, c);
    const stats = (byRule[c.rule] ??= { seeded: 0, found: 0 });
    stats.seeded++;
    // The clean paragraph's own findings are counted once, above; here only what the seed adds.
    // A quote mark never closed is reported at the one that opened it.
    const hits = result.filter(
      (f) => (f.start < c.end + 1 && c.start < f.end + 1) || (c.rule === 'zh-unpaired' && f.rule === 'paired'),
    );
    findings += hits.length;
    correct += hits.length;
    if (hits.length) {
      found++;
      stats.found++;
    } else missed.push({ rule: c.rule, text: c.text.slice(Math.max(0, c.start - 6), c.end + 6) });
  }
  return {
    seeded: cases.length,
    found,
    recall: cases.length ? found / cases.length : 1,
    findings,
    correctFindings: correct,
    precision: findings ? correct / findings : 1,
    falseAlarmsOnCleanCopy: falseAlarms,
    missed,
    byRule,
  };
}
