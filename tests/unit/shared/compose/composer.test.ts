import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemFonts } from '../../../../electron/layout/fonts';
import { EditionComposer, type EditionComposition } from '../../../../shared/compose/compose-edition';
import type { ComposedLine } from '../../../../shared/compose/types';
import type { Edition } from '../../../../shared/model/edition';
import type { Story } from '../../../../shared/model/story';
import { sampleLibrary } from '../../../helpers/temp';
import { frontPageEdition, storiesFromSample } from './zh-fixture';

/**
 * A Chinese body line is on the grid when, read from the glyph runs alone, it starts at its
 * column's text edge and ends exactly at the measure (a whole number of ems), with no letter
 * spacing added — or is a paragraph's last line, set flush.
 */
function onGrid(line: ComposedLine): boolean {
  if (line.runs.some((r) => r.letterSpacing)) return false;
  if (line.last) return true;
  const end = Math.max(...line.runs.map((r) => r.x + r.width));
  const target = line.x + line.measure;
  if (Math.abs(end - target) < 0.02) return true;
  // Hanging punctuation: a stop set past the measure, everything before it exactly on the grid.
  const em = line.runs.at(-1)!.sizePt * (25.4 / 72);
  return /[。，、]$/.test(line.runs.at(-1)!.text) && Math.abs(end - em - target) < 0.02;
}

const chineseBodyLines = (c: EditionComposition) =>
  c.pages.flatMap((p) => p.blocks.flatMap((b) => b.lines)).filter((l) => l.kind === 'body' && l.script === 'cjk');

async function sampleEdition(): Promise<{ edition: Edition; stories: Map<string, Story> }> {
  const edition = JSON.parse(
    await readFile(join(sampleLibrary, 'editions/sample-edition-2026-07-23.json'), 'utf8'),
  ) as Edition;
  const stories = new Map<string, Story>();
  for (const f of await readdir(join(sampleLibrary, 'stories'))) {
    const s = JSON.parse(await readFile(join(sampleLibrary, 'stories', f), 'utf8')) as Story;
    stories.set(s.id, s);
  }
  return { edition, stories };
}

describe('the page composer', () => {
  const composer = new EditionComposer(systemFonts());
  let page3: Story[];

  beforeAll(async () => {
    page3 = await storiesFromSample('zh-page-3.txt');
  });

  it('keeps ≥ 99 % of Chinese body lines on the character grid (sample edition and zh-page-3)', async () => {
    const sample = composer.compose(await sampleEdition());
    const front = composer.compose({ edition: frontPageEdition(page3), stories: new Map(page3.map((s) => [s.id, s])) });
    for (const c of [sample, front]) {
      const lines = chineseBodyLines(c);
      expect(lines.length).toBeGreaterThan(20);
      const off = lines.filter((l) => !onGrid(l));
      expect(off.map((l) => l.text)).toEqual(
        off.length / lines.length <= 0.01 ? expect.anything() : ['fewer than 1 % off the grid'],
      );
      expect(1 - off.length / lines.length).toBeGreaterThanOrEqual(0.99);
      // And no line starts with a closing mark or a stop (行首禁则).
      expect(lines.filter((l) => /^[，。、；：？！）》”’]/.test(l.runs[0]!.text))).toEqual([]);
    }
  });

  it('sets the sample edition in its blocks (nothing overset) with a cross-head where the text reaches it', async () => {
    const sample = composer.compose(await sampleEdition());
    const over = [...sample.blocks.values()].filter((b) => b.fit === 'over');
    expect(over.map((b) => [b.storyId, b.overLines])).toEqual([]);
    // The English story's cross-head follows its paragraph in the same column, one empty line
    // between (it was pushed to the next column's top and the rest of the story went overset).
    const lines = sample.pages[2]!.blocks.find((b) => b.placementId === 'pl-4')!.lines;
    const head = lines.findIndex((l) => l.kind === 'cross-head');
    expect(head).toBeGreaterThan(0);
    const before = lines[head - 1]!;
    expect(lines[head]!.x).toBe(before.x);
    expect(lines[head]!.y - before.y).toBeCloseTo((2 * (11 * 25.4)) / 72, 1);
    // The headline group keeps its own leading: a 31 pt 主题's two lines about 1.15 × 31 pt apart.
    const main = lines.filter((l) => l.kind === 'headline');
    expect(main).toHaveLength(2);
    expect((main[1]!.y - main[0]!.y) / (25.4 / 72)).toBeLessThan(31 * 1.2);
  });

  it('sizes headlines by rank, not by block width, and never breaks inside a word', () => {
    const edition = frontPageEdition(page3);
    const stories = new Map(page3.map((s) => [s.id, s]));
    // The bottom story is given the widest block: its 主题 still comes out smaller than the lead's.
    edition.pages[0]!.placements = edition.pages[0]!.placements.map((p) =>
      p.id === 'low-2' ? { ...p, rank: 'bottom' as const } : p,
    );
    const c = composer.compose({ edition, stories });
    const mainSize = (id: string) =>
      c.pages[0]!.blocks.find((b) => b.placementId === id)!.lines.find((l) => l.kind === 'headline')!.runs[0]!.sizePt;
    expect(mainSize('lead')).toBeGreaterThan(mainSize('low-2'));
    expect(mainSize('lead')).toBeGreaterThan(mainSize('side-0'));
    // A headline forced onto narrow lines breaks between words: 增长 stays whole.
    const lines = composer.headlineLines(
      '上半年港口集装箱吞吐量同比增长百分之八',
      { face: 'serif', sizePt: 30, bold: true, maxLines: 3, align: 'center' },
      { serif: 'Noto Serif CJK SC', sans: 'Noto Sans CJK SC' },
      90,
      'zh-Hans',
    ).lines;
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('上半年港口集装箱吞吐量同比增长百分之八');
    expect(lines.some((l) => l.endsWith('增'))).toBe(false);
  });

  it('sets a front page with its masthead area, a continuation headline and full-width jump lines', () => {
    const edition = frontPageEdition(page3);
    const c = composer.compose({ edition, stories: new Map(page3.map((s) => [s.id, s])) });
    const masthead = c.pages[0]!.furniture.lines.map((l) => l.text).join('|');
    expect(masthead).toContain('滨江日报');
    expect(masthead).toContain('第8123期');
    expect(masthead).toContain('星期四');
    expect(masthead).toContain('农历六月初十');
    expect(masthead).toContain('今日导读');
    expect(c.pages[0]!.rules.length).toBeGreaterThan(0); // 栏线
    const jump = c.pages[1]!.blocks.find((b) => b.placementId === 'lead-jump')!;
    expect(jump.lines[0]!.kind).toBe('continuation-head');
    const from = jump.lines.find((l) => l.kind === 'jump')!;
    expect(from.text).toBe('（上接第1版）');
    // Full-width brackets, set at their full advance at the line's start: one em each.
    // Six full-width characters (brackets not trimmed) and a proportional figure.
    expect(from.runs[0]!.width).toBeGreaterThan(from.runs[0]!.sizePt * (25.4 / 72) * 6.3);
    const lead = c.pages[0]!.blocks.find((b) => b.placementId === 'lead')!;
    expect(lead.lines.find((l) => l.kind === 'jump')!.text).toBe('（下转第2版）');
  });

  it('sets English by total fit: justified lines to the measure, words whole in the runs', async () => {
    const c = composer.compose(await sampleEdition());
    const english = c.pages[2]!.blocks.flatMap((b) => b.lines).filter((l) => l.kind === 'body');
    expect(english.length).toBeGreaterThan(10);
    for (const line of english.filter((l) => !l.last)) {
      const end = Math.max(...line.runs.map((r) => r.x + r.width));
      expect(end - line.x).toBeCloseTo(line.measure, 1);
    }
    const text = english.map((l) => l.runs.map((r) => r.text).join(' ')).join('\n');
    expect(text).not.toContain('\u00ad');
    expect(text).not.toMatch(/"/); // typographer's quotes only
  });

  it('puts an ideographic space after 本报讯', () => {
    const story = { ...page3[0]!, dateline: '本报讯' };
    const edition = frontPageEdition([story, ...page3.slice(1)]);
    const c = composer.compose({ edition, stories: new Map([story, ...page3.slice(1)].map((s) => [s.id, s])) });
    const first = c.pages[0]!.blocks[0]!.lines.find((l) => l.kind === 'body')!;
    expect(first.text.startsWith('本报讯\u3000')).toBe(true);
  });
});
