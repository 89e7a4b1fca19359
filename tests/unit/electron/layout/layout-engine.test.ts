import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLayoutSession, type LayoutSession } from '../../../../electron/layout/chromium-layout';
import { launchChromium } from '../../../../electron/layout/chromium';
import { Library } from '../../../../electron/store/library';
import { importTextPage } from '../../../../shared/import/text-page';
import type { Edition, Placement } from '../../../../shared/model/edition';
import type { Story } from '../../../../shared/model/story';
import { applyFixes, findPunctuationFixes } from '../../../../shared/text/normalise';
import { runMasthead } from '../../../helpers/cli';
import { repoRoot, sampleLibrary, tempDir } from '../../../helpers/temp';

const CLOSING = /[、。，．：；？！）》」』】〉”’]/u;

/** The Chinese sample page's stories as one long story, punctuation made full-width as an editor would. */
async function longChineseStory(): Promise<Story> {
  const page = await readFile(join(repoRoot, '../shared/samples/zh-page.txt'), 'utf8');
  const paragraphs = importTextPage(page)
    .stories.flatMap((s) => s.parts.filter((p) => p.role === 'paragraph').map((p) => p.text))
    .map((text) => applyFixes(text, findPunctuationFixes(text)));
  return {
    schemaVersion: 1,
    id: 'long-zh',
    slug: 'long',
    section: '要闻',
    status: 'approved',
    kicker: '',
    headline: '滨江市召开数字经济发展推进会',
    subheadline: '',
    byline: '本报记者 王晓',
    dateline: '本报讯',
    body: {
      type: 'doc',
      content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
    },
    tags: [],
    targetLength: null,
    notes: '',
    language: 'zh-Hans',
    fit: null,
    createdAt: '2026-07-22T08:00:00.000Z',
    updatedAt: '2026-07-22T08:00:00.000Z',
    revision: 1,
    createdBy: '',
    updatedBy: '',
    statusHistory: [],
  };
}

const storyBlock = (id: string, box: Partial<Placement>): Placement => ({
  id,
  kind: 'story',
  storyId: 'long-zh',
  column: 0,
  span: 2,
  line: 0,
  lines: 30,
  label: id,
  ...box,
});

function editionWith(pages: Placement[][], templateId = 'zh-tabloid'): Edition {
  return {
    schemaVersion: 1,
    id: 'e1',
    publication: '滨江日报',
    date: '2026-07-23',
    issueNumber: 1,
    templates: [],
    pages: pages.map((placements, i) => ({
      id: `p${i + 1}`,
      number: i + 1,
      section: '要闻',
      templateId,
      placements,
    })),
    createdAt: '2026-07-22T08:00:00.000Z',
    updatedAt: '2026-07-22T08:00:00.000Z',
  };
}

/** The laid-out lines of a block, read back from the page independently of the engine: characters grouped by their box's top. */
async function laidOutLines(session: LayoutSession, placementId: string): Promise<string[]> {
  return session.page.evaluate((id) => {
    const flow = document.querySelector(`#edition [data-placement-id="${id}"] .mh-flow`)!;
    const walker = document.createTreeWalker(flow, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    // In document order a new line begins wherever a character's box moves down or to another column.
    const lines: { top: number; left: number; text: string }[] = [];
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      for (let i = 0; i < node.data.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        if (!r.width || !node.data[i]!.trim()) continue;
        const line = lines[lines.length - 1];
        if (line && Math.abs(line.top - r.top) < 3 && r.left >= line.left) {
          line.text += node.data[i];
          line.left = r.left;
        } else lines.push({ top: r.top, left: r.left, text: node.data[i]! });
      }
    }
    return lines.map((l) => l.text);
  }, placementId);
}

describe('the layout engine in Chromium', () => {
  let browser: Browser;
  let session: LayoutSession;
  let story: Story;

  beforeAll(async () => {
    browser = await launchChromium();
    session = await openLayoutSession({ assetsDir: '/nonexistent', browser });
    story = await longChineseStory();
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    await browser?.close();
  });

  it('sets Chinese text with no line starting with closing punctuation, on 11-character lines', async () => {
    const blocks = await session.layout(editionWith([[storyBlock('a', { span: 3, lines: 71 })]]), [story]);
    const lines = await laidOutLines(session, 'a');
    expect(lines.length).toBeGreaterThan(100);
    const offenders = lines.filter((line) => CLOSING.test(line[0]!));
    expect(offenders).toEqual([]);
    expect(blocks[0]!.lineStartPunctuation).toEqual([]);
    // The grid: no line holds more than 11 characters (a closing mark may hang in with its character).
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(12);
    expect(lines.filter((l) => [...l].length === 11).length).toBeGreaterThan(lines.length / 2);
  }, 60_000);

  it('measures an overset block, and a jump carries the rest of the text to the next page with numbered jump lines', async () => {
    const [alone] = await session.layout(editionWith([[storyBlock('a', { lines: 30 })]]), [story]);
    expect(alone).toMatchObject({ fit: 'over', amountUnit: 'chars', chainIndex: 0 });
    expect(alone!.overLines).toBeGreaterThan(50);
    expect(alone!.amount).toBeGreaterThan(alone!.overLines * 8);

    const jumped = await session.layout(
      editionWith([[storyBlock('a', { lines: 30 })], [storyBlock('b', { span: 6, lines: 71 })]]),
      [story],
    );
    const [head, cont] = jumped;
    expect(head).toMatchObject({ fit: 'fits', jumpTo: '（下转第2版）', chainIndex: 0 });
    expect(cont).toMatchObject({ jumpFrom: '（上接第1版）', chainIndex: 1, fit: 'short' });
    const text = await session.page.evaluate(() =>
      [...document.querySelectorAll('#edition .mh-flow')].map((f) => f.textContent ?? ''),
    );
    expect(text[0]).toContain('（下转第2版）');
    expect(text[1]).toContain('（上接第1版）');
    // Nothing lost and nothing doubled across the jump.
    const body = story.body.content!.map((p) => p.content![0]!.text).join('');
    const flowed = (text[0]! + text[1]!)
      .replace('（下转第2版）', '')
      .replace('（上接第1版）', '')
      .replace(story.byline, '')
      .replace(story.dateline, '');
    expect(flowed).toBe(body);
  }, 60_000);

  it('hyphenates English body text, so a narrow column breaks inside long words', async () => {
    const page = await readFile(join(repoRoot, '../shared/samples/en-page.txt'), 'utf8');
    const paragraphs = importTextPage(page).stories.flatMap((s) =>
      s.parts.filter((p) => p.role === 'paragraph').map((p) => p.text),
    );
    const english: Story = {
      ...story,
      id: 'long-en',
      language: 'en',
      headline: 'Council approves harbour plan',
      byline: 'By Maria Alvarez',
      dateline: 'PORT HADLEY —',
      body: {
        type: 'doc',
        content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
      },
    };
    const [measure] = await session.layout(
      editionWith([[{ ...storyBlock('a', { span: 1, lines: 100 }), storyId: 'long-en' }]], 'en-tabloid'),
      [english],
    );
    const lines = await laidOutLines(session, 'a');
    // A line broken inside a word ends with the soft hyphen the engine put there, drawn as "-".
    const hyphenated = lines.filter((line) => line.endsWith('\u00ad'));
    expect(hyphenated.length).toBeGreaterThan(3);
    // Soft hyphens are not counted as words to cut.
    const words = paragraphs.join(' ').split(/\s+/).filter(Boolean).length;
    expect(measure!.amountUnit).toBe('words');
    expect(measure!.amount).toBeLessThan(words);
  }, 60_000);

  it('compresses adjacent punctuation with the body face (text-spacing-trim over Noto Serif CJK’s halt)', async () => {
    await session.layout(editionWith([[storyBlock('a', { lines: 30 })]]), [story]);
    const widths = await session.page.evaluate(() => {
      const flow = document.querySelector('#edition .mh-flow')!;
      const measure = (trim: string) => {
        const span = document.createElement('span');
        span.textContent = '好。「好';
        span.style.setProperty('text-spacing-trim', trim);
        flow.appendChild(span);
        const width = span.getBoundingClientRect().width / parseFloat(getComputedStyle(span).fontSize);
        span.remove();
        return width;
      };
      return { compressed: measure('trim-start'), solid: measure('space-all') };
    });
    // Four full-width characters are 4 em set solid; the stop and the opening bracket share one em.
    expect(widths.solid).toBeCloseTo(4, 1);
    expect(widths.compressed).toBeCloseTo(3.5, 1);
  }, 60_000);

  it('re-lays out only what changed: a second layout of the same edition reuses every chain', async () => {
    const edition = editionWith([[storyBlock('a', { lines: 30 })]]);
    await session.layout(edition, [story]);
    const marked = await session.page.evaluate(() => document.querySelectorAll('#edition .mh-nobr').length);
    const again = await session.layout(edition, [story]);
    expect(again[0]!.fit).toBe('over');
    expect(await session.page.evaluate(() => document.querySelectorAll('#edition .mh-nobr').length)).toBe(marked);
  }, 60_000);
});

describe('masthead check and edition list', () => {
  it('lists editions and preflights one: the fresh sample is ready, a reopened story blocks (exit 1)', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const root = join(dir, 'lib');
      const { library } = await Library.open(root, { seedFrom: sampleLibrary });
      // The sample edition as a new user gets it: every placed story approved, every block fitting.
      const ready = await runMasthead('check', '--edition', '2026-07-23', '--library', root);
      expect(ready.code, ready.out + ready.err).toBe(0);
      expect(ready.out).not.toMatch(/BLOCKING/);
      expect(ready.out).toMatch(/Ready for export/);
      const riverside = await library.getStory('sample-zh-riverside-library');
      await library.saveStory({ id: riverside.id, baseRevision: riverside.revision, changes: { status: 'edited' } });
      const list = await runMasthead('edition', 'list', '--library', root, '--json');
      expect(list.code).toBe(0);
      expect(JSON.parse(list.out).editions).toEqual([
        expect.objectContaining({ id: 'sample-edition-2026-07-23', date: '2026-07-23', pageCount: 3 }),
      ]);
      const check = await runMasthead('check', '--edition', '2026-07-23', '--library', root, '--json');
      expect(check.code).toBe(1);
      const result = JSON.parse(check.out);
      const codes = result.report.problems.map((p: { code: string }) => p.code);
      expect(codes).toContain('not-approved');
      expect(result.blocks).toHaveLength(5);
      const text = await runMasthead('check', '--edition', 'sample-edition-2026-07-23', '--library', root);
      expect(text.out).toMatch(/BLOCKING {2}page 1, "滨江图书馆今起免费开放": placed but not approved/);
    } finally {
      await cleanup();
    }
  }, 90_000);
});
