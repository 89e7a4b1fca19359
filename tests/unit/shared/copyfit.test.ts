import { describe, expect, it } from 'vitest';
import { emWidth, estimateFit } from '../../../shared/copyfit/estimate';
import { findTemplate } from '../../../shared/model';
import type { StoryBody } from '../../../shared/model';

const zhBroadsheet = findTemplate('zh-broadsheet')!; // 13 characters a column line
// A 36-character English measure, as the test's arithmetic below assumes.
const enTabloid = { ...findTemplate('en-tabloid')!, charsPerLine: 36 };
const p = (text: string) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] });
const doc = (...content: StoryBody['content'] & object): StoryBody => ({ type: 'doc', content });
const han = (n: number) => '滨'.repeat(n);

describe('emWidth', () => {
  it('counts Han and full-width marks as one em, Latin and digits as half', () => {
    expect(emWidth('滨江，')).toBe(3);
    expect(emWidth('2026年GDP')).toBe(4 * 0.5 + 1 + 3 * 0.5);
    expect(emWidth('𠮷')).toBe(1);
  });
});

describe('estimateFit for Chinese', () => {
  it('counts the two-character indent and paragraph ends on a 13-character grid', () => {
    // 11 characters + 2 indent = one full line; 12 characters spill onto a second line.
    const exact = estimateFit(doc(p(han(11))), 'zh-Hans', zhBroadsheet, { columns: 1, lines: 1 });
    expect(exact).toMatchObject({ neededLines: 1, state: 'fits', delta: 0 });
    const spill = estimateFit(doc(p(han(12))), 'zh-Hans', zhBroadsheet, { columns: 1, lines: 1 });
    expect(spill).toMatchObject({ neededLines: 2, state: 'over', delta: 1, amount: 13, amountUnit: 'chars' });
  });

  it('says how many lines over, and about how many characters to cut', () => {
    const body = doc(...Array.from({ length: 10 }, () => p(han(50)))); // ceil(52/13)=4 lines each
    const fit = estimateFit(body, 'zh-Hans', zhBroadsheet, { columns: 3, lines: 12 });
    expect(fit.neededLines).toBe(40);
    expect(fit.capacityLines).toBe(36);
    expect(fit).toMatchObject({ state: 'over', delta: 4, amount: 52 });
  });

  it('reports a short story with the characters to add, and fits within one line of tolerance', () => {
    const short = estimateFit(doc(p(han(24))), 'zh-Hans', zhBroadsheet, { columns: 1, lines: 10 });
    expect(short).toMatchObject({ state: 'short', delta: -8, amount: 104 });
    const nearly = estimateFit(doc(p(han(24))), 'zh-Hans', zhBroadsheet, { columns: 1, lines: 2 + 1 });
    expect(nearly.state).toBe('fits');
  });

  it('gives a cross-head a line of space and its own line', () => {
    const body = doc(p(han(11)), { type: 'crossHead', content: [{ type: 'text', text: '夜间开放' }] }, p(han(11)));
    const fit = estimateFit(body, 'zh-Hans', zhBroadsheet, { columns: 1, lines: 4 });
    expect(fit.breakdown).toMatchObject({ paragraphs: 2, crossHeads: 2 });
    expect(fit.state).toBe('fits');
  });

  it('counts a photo across every column of the block, with its caption', () => {
    const photo = {
      type: 'photoFigure',
      attrs: { asset: 'x.png', width: 3, height: 2, caption: '滨江图书馆', credit: '' },
    };
    const fit = estimateFit(doc(photo), 'zh-Hans', zhBroadsheet, { columns: 2, lines: 100 });
    expect(fit.breakdown.photos % 2).toBe(0);
    expect(fit.breakdown.photos).toBeGreaterThan(2 * 10);
    const taller = estimateFit(doc({ ...photo, attrs: { ...photo.attrs, height: 4 } }), 'zh-Hans', zhBroadsheet, {
      columns: 2,
      lines: 100,
    });
    expect(taller.breakdown.photos).toBeGreaterThan(fit.breakdown.photos);
  });

  it('treats mixed Latin and digits as half-width', () => {
    // 2 indent + 9 Han + 4 half-width (2 ems) = 13: one line.
    const fit = estimateFit(doc(p(`${han(9)}2026`)), 'zh-Hans', zhBroadsheet, { columns: 1, lines: 1 });
    expect(fit.neededLines).toBe(1);
  });
});

describe('estimateFit for English', () => {
  it('wraps at spaces on the line measure and gives words to cut', () => {
    // "harbour " is 8 characters: four to a 36-character line (the first after a 2-character indent).
    const words = Array.from({ length: 60 }, () => 'harbour').join(' ');
    const fit = estimateFit(doc(p(words)), 'en', enTabloid, { columns: 1, lines: 10 });
    expect(fit.neededLines).toBe(15);
    expect(fit).toMatchObject({ state: 'over', delta: 5, amountUnit: 'words', amount: 30 });
  });

  it('breaks a word longer than the line', () => {
    const fit = estimateFit(doc(p('x'.repeat(80))), 'en', enTabloid, { columns: 1, lines: 10 });
    expect(fit.neededLines).toBe(3);
  });
});
