import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTextPage, summariseImport } from '../../../../shared/import/text-page';
import type { ImportedStory } from '../../../../shared/import/types';
import { repoRoot } from '../../../helpers/temp';

/**
 * Pages made up from the sample stories, the way page dumps vary: stories in any order,
 * one to four blank lines between them, the headline group on one line or on several,
 * paragraphs cut by column breaks 11 to 14 characters wide (Chinese) or a column's width of
 * words (English). Whatever the layout: no character lost, the right number of stories,
 * every headline where it belongs and none glued to a paragraph.
 */

const samples = join(repoRoot, '..', 'shared', 'samples');

interface StoryShape {
  zh: boolean;
  kicker: string | null;
  headline: string;
  subheadline: string | null;
  /** Lines between the head and the first paragraph (a byline block). */
  bylineBlock: string | null;
  dateline: string | null;
  /** Body in order: paragraphs and cross-heads. */
  body: { type: 'paragraph' | 'crosshead'; text: string }[];
  jump: string | null;
  /** A bare name printed after the last paragraph. */
  endByline: string | null;
}

/** A small seeded generator, so a failing page can be made again from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}
const between = (rand: () => number, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

/** The stories of a sample page, from the importer's own reading of it (checked against .expected.json elsewhere). */
async function shapesOf(name: string): Promise<StoryShape[]> {
  const source = await readFile(join(samples, `${name}.txt`), 'utf8');
  return importTextPage(source).stories.map((story): StoryShape => {
    const s = summariseImport(story);
    const zh = story.language === 'zh-Hans';
    const bylineParts = story.parts.filter((p) => p.role === 'byline');
    const headBylines = bylineParts.filter((p) => p.raw && !/^[(（]/u.test(p.raw) && p !== story.parts.at(-1));
    const endByline = story.parts.at(-1)?.role === 'byline' ? story.parts.at(-1)!.raw : null;
    // A byline printed in the dateline (本报讯(记者 …)) travels with the dateline.
    const inDateline = bylineParts.find((p) => /^[(（]/u.test(p.raw));
    return {
      zh,
      kicker: s.kicker,
      headline: s.headline!,
      subheadline: s.subheadline,
      bylineBlock: headBylines.length ? headBylines.map((p) => p.raw).join('\n') : null,
      dateline: s.dateline ? (inDateline ? `${s.dateline}${inDateline.raw}` : s.dateline) : null,
      body: s.body.map((b) => ({ type: b.type === 'crosshead' ? 'crosshead' : 'paragraph', text: b.text })),
      jump: s.jump,
      endByline,
    };
  });
}

/** A paragraph cut by a column break: a first piece as wide as whole column lines, the rest after a blank line. */
function withBreak(text: string, zh: boolean, rand: () => number): string[] {
  if (zh) {
    const width = between(rand, 11, 14);
    const indent = rand() < 0.5 ? 2 : 0;
    const at = width * between(rand, 1, 3) - indent;
    if (at >= text.length - 2) return [text];
    return [text.slice(0, at), text.slice(at)];
  }
  // English: a column holds about 30–40 characters a line; break at a word boundary after one to three lines.
  const target = between(rand, 30, 40) * between(rand, 1, 3);
  const at = text.indexOf(' ', target);
  if (at < 0 || at >= text.length - 10) return [text];
  return [text.slice(0, at), text.slice(at + 1)];
}

/** The story as printed, and the shape the importer should find (an English head on one line drops its deck). */
function printStory(story: StoryShape, rand: () => number): { text: string; printed: StoryShape } {
  let printed = story;
  const chunks: string[] = [];
  const head = [story.kicker, story.headline, story.subheadline].filter((h): h is string => h !== null);
  const subPrinted = story.zh && story.subheadline ? `——${story.subheadline}` : story.subheadline;
  const headLines = [story.kicker, story.headline, subPrinted].filter((h): h is string => h !== null);
  if (story.zh && head.length > 1 && rand() < 0.5) {
    // Kicker and headline on one line, as many Chinese pages print them.
    chunks.push(head.join(' '));
  } else if (story.zh && rand() < 0.5) {
    chunks.push(...headLines);
  } else {
    const oneLine = !story.zh && rand() < 0.5;
    chunks.push(oneLine ? story.headline : headLines.join('\n'));
    if (oneLine) printed = { ...story, kicker: null, subheadline: null };
  }
  if (story.bylineBlock) chunks.push(story.bylineBlock);
  let datelinePending = story.dateline;
  for (const block of story.body) {
    if (block.type === 'crosshead') {
      chunks.push(block.text);
      continue;
    }
    let text = block.text;
    if (datelinePending) {
      text = story.zh ? `${datelinePending} ${text}` : `${datelinePending} — ${text}`;
      datelinePending = null;
    }
    chunks.push(...(rand() < 0.35 ? withBreak(text, story.zh, rand) : [text]));
  }
  if (story.jump) chunks.push(story.zh ? `(${story.jump})` : story.jump);
  if (story.endByline) chunks.push(story.endByline);
  return { text: chunks.join('\n\n'), printed };
}

const noSpace = (s: string): string => s.replace(/[\s\u3000]+/gu, '');

/** Every non-blank character of the page is in some part's raw text, in order. */
function charactersKept(page: string, stories: ImportedStory[]): string {
  const raws = stories.flatMap((s) => [...s.parts].sort((a, b) => a.line - b.line).map((p) => p.raw));
  // A one-line head group's pieces drop the spaces between them; a subheadline its dash (kept in raw).
  return noSpace(raws.join(''));
}

async function pagesFor(names: string[], seedBase: number, count: number) {
  const shapes = (await Promise.all(names.map(shapesOf))).flat();
  const pages: { seed: number; page: string; stories: StoryShape[] }[] = [];
  for (let n = 0; n < count; n++) {
    const seed = seedBase + n;
    const rand = random(seed);
    const order = [...shapes].sort(() => rand() - 0.5).slice(0, between(rand, 2, shapes.length));
    let page = '\n'.repeat(between(rand, 0, 3));
    const printed: StoryShape[] = [];
    order.forEach((story, i) => {
      if (i > 0) page += '\n'.repeat(between(rand, 2, 5)); // one to four blank lines
      const { text, printed: shape } = printStory(story, rand);
      page += text;
      printed.push(shape);
    });
    pages.push({ seed, page: `${page}\n`, stories: printed });
  }
  return pages;
}

function checkPage({ seed, page, stories: printed }: { seed: number; page: string; stories: StoryShape[] }) {
  const { stories } = importTextPage(page);
  const where = `seed ${seed}: ${JSON.stringify(page)}`;
  expect(charactersKept(page, stories), where).toBe(noSpace(page));
  expect(
    stories.map((s) => summariseImport(s).headline),
    where,
  ).toEqual(printed.map((s) => s.headline));
  stories.forEach((story, i) => {
    const got = summariseImport(story);
    const want = printed[i]!;
    expect(got.kicker, where).toBe(want.kicker);
    expect(got.subheadline, where).toBe(want.subheadline);
    // No head line glued to a paragraph: no body text opens with a head line (unless the story's own paragraph does).
    for (const head of [want.kicker, want.headline, want.subheadline])
      if (head)
        for (const b of got.body) {
          const glued = b.text.startsWith(head) && !want.body.some((w) => w.text.startsWith(head));
          expect(glued, `${where}\n${head} glued to ${b.text}`).toBe(false);
        }
    // Every paragraph is there, whole or rejoined; a flagged fragment keeps its text in order.
    const body = noSpace(got.body.map((b) => b.text).join(''));
    expect(body, where).toBe(noSpace(want.body.map((b) => b.text).join('')));
  });
}

describe('pages made from the sample stories, laid out as page dumps vary', () => {
  it('Chinese pages: 150 layouts', async () => {
    for (const page of await pagesFor(['zh-page', 'zh-page-3'], 1000, 150)) checkPage(page);
  });

  it('English pages: 100 layouts', async () => {
    for (const page of await pagesFor(['en-page'], 5000, 100)) checkPage(page);
  });
});
