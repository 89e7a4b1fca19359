import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { htmlExporter } from '../../../../electron/export/html';
import type { ExportContext } from '../../../../electron/export/types';
import { tempDir } from '../../../helpers/temp';
import { MISSING_ASSET, PNG, sampleContext } from './export-fixture';

let dir: string;
let cleanup: () => Promise<void>;
let ctx: ExportContext;
let photo: string;
let out: string;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-html-'));
  ({ ctx, photo } = await sampleContext(dir));
  out = join(dir, 'html');
  await mkdir(out);
});
afterEach(() => cleanup());

const write = () => htmlExporter.write(ctx, out, new AbortController().signal, () => undefined);
const parse = async (file: string) => new JSDOM(await readFile(join(out, file), 'utf8')).window.document;

async function allFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1));
}

describe('the HTML edition', () => {
  it('writes an index by page and section and one document per story, and validates', async () => {
    const steps: [number, number][] = [];
    await htmlExporter.write(ctx, out, new AbortController().signal, (done, total) => steps.push([done, total]));
    expect(steps.at(-1)).toEqual([steps.at(-1)![1], steps.at(-1)![1]]);

    const validation = await htmlExporter.validate(ctx, out);
    expect(validation.problems).toEqual([]);
    expect(validation.ok).toBe(true);

    const index = await parse('index.html');
    expect(index.documentElement.lang).toBe('zh-Hans');
    expect(index.querySelector('h1')?.textContent).toBe('滨江日报 Binjiang Daily');
    expect(index.querySelector('.masthead__meta')?.textContent).toBe('2026年7月23日 · 第12874期');
    const pages = [...index.querySelectorAll('.edition-page')];
    expect(pages.map((p) => p.querySelector('h2')?.textContent)).toEqual(
      ctx.pages.map((p) => `第${p.number}版 · ${p.page.section}`),
    );
    // Each page lists its stories by headline group, each marked with its language.
    const first = pages[0]!.querySelector('li')!;
    expect(first.getAttribute('lang')).toBe('zh-Hans');
    expect(first.querySelector('.entry-kicker')?.textContent).toBe('老厂房变身城市书房');
    expect(first.querySelector('.entry-headline')?.textContent).toBe('滨江图书馆今起免费开放');
    expect(first.querySelector('.entry-subheadline')?.textContent).toBe('藏书四十万册，夜间开放至二十二时');
    const hrefs = [...index.querySelectorAll('.edition-page a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toHaveLength(ctx.stories.length);

    // Every story has its file, with its language on the root and on the article.
    for (const [i, story] of ctx.stories.entries()) {
      const doc = await parse(hrefs[i]!);
      expect(doc.documentElement.lang, story.id).toBe(story.language);
      expect(doc.querySelector('article.story')?.getAttribute('lang')).toBe(story.language);
      expect(doc.querySelector('.headline')?.textContent).toBe(story.headline);
      if (story.byline) expect(doc.querySelector('.credit-line .byline')?.textContent).toBe(story.byline);
      if (story.dateline) expect(doc.querySelector('.credit-line .dateline')?.textContent).toBe(story.dateline);
    }
  });

  it('links the stories in reading order with previous and next, and back to the index', async () => {
    await write();
    const index = await parse('index.html');
    let href: string | null = `${index.querySelector('.edition-page a')!.getAttribute('href')}`;
    const visited: string[] = [];
    let previous: string | null = null;
    while (href) {
      const file: string = href.startsWith('stories/') ? href : `stories/${href}`;
      const doc = await parse(file);
      visited.push(doc.querySelector('.headline')!.textContent!);
      expect(doc.querySelector('a[href="../index.html"]')).not.toBeNull();
      expect(doc.querySelector('a[rel="prev"]')?.getAttribute('href') ?? null).toBe(previous);
      previous = file.slice('stories/'.length);
      href = doc.querySelector('a[rel="next"]')?.getAttribute('href') ?? null;
    }
    expect(visited).toEqual(ctx.stories.map((s) => s.headline));
  });

  it('copies the photos into the folder with their captions, and prints the caption of a photo whose file is gone', async () => {
    await write();
    expect(await readFile(join(out, 'photos', photo))).toEqual(PNG);
    const zh = await parse('stories/01-sample-zh-riverside-library.html');
    const figure = zh.querySelector('figure.photo')!;
    expect(figure.querySelector('img')?.getAttribute('src')).toBe(`../photos/${photo}`);
    expect(figure.querySelector('.caption')?.textContent).toBe('改建后的滨江图书馆阅览大厅');
    expect(figure.querySelector('.credit')?.textContent).toBe('本报记者 林小雨 摄');
    expect(zh.querySelectorAll('img')).toHaveLength(1);
    expect(zh.body.textContent).toContain('（图片缺失） 旧厂房原貌');
    expect(await readFile(join(out, 'stories/01-sample-zh-riverside-library.html'), 'utf8')).not.toContain(
      MISSING_ASSET,
    );
  });

  it('loads nothing from outside the folder; the story’s own web link stays a link', async () => {
    await write();
    const urls: string[] = [];
    for (const file of await allFiles(out)) {
      if (file.startsWith('photos/')) continue;
      const text = await readFile(join(out, file), 'utf8');
      for (const m of text.matchAll(/(https?:)?\/\/[^\s"'<>)]+/g)) urls.push(`${file}: ${m[0]}`);
      if (!file.endsWith('.html')) continue;
      const doc = new JSDOM(text).window.document;
      for (const el of doc.querySelectorAll('[src], link[href], [srcset], [poster], object[data]')) {
        for (const attr of ['src', 'href', 'srcset', 'poster', 'data']) {
          const value = el.getAttribute(attr);
          if (value) expect(value, `${file} ${el.tagName}`).not.toMatch(/^([a-z][a-z0-9+.-]*:|\/\/)/i);
        }
      }
      expect(doc.querySelectorAll('script, iframe, base, style')).toHaveLength(0);
    }
    // The one URL in the whole folder is the link the English story carries, as a link.
    expect(urls).toEqual(['stories/03-sample-en-harbour-bridge.html: https://ferries.example.org/times']);
    const en = await parse('stories/03-sample-en-harbour-bridge.html');
    expect(en.querySelector('a[href="https://ferries.example.org/times"]')?.textContent).toBe('the ferry site');
    const css = await readFile(join(out, 'style.css'), 'utf8');
    expect(css).toMatch(/"Noto Serif CJK SC"/);
    expect(css).toMatch(/text-indent: 2em/);
    expect(css).toMatch(/hyphens: auto/);
    expect(css).toMatch(/@media \(max-width/);
  });

  it('fails validation on an external script, a web font, a broken local reference and a missing story', async () => {
    await write();
    const story = join(out, 'stories/02-sample-zh-port-trade.html');
    const html = await readFile(story, 'utf8');
    await writeFile(
      story,
      html
        .replace(
          '</head>',
          '<script src="https://cdn.example.com/tracker.js"></script><link rel="preconnect" href="//fonts.example.com"></head>',
        )
        .replace('</article>', '<img src="../photos/nothing.png" alt=""></article>'),
    );
    await writeFile(join(out, 'style.css'), `@import url("https://fonts.example.com/css?family=Noto");\n`, {
      flag: 'a',
    });
    const { rm } = await import('node:fs/promises');
    await rm(join(out, 'stories/04-sample-en-school-meals.html'));

    const validation = await htmlExporter.validate(ctx, out);
    expect(validation.ok).toBe(false);
    const messages = validation.problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'stories/02-sample-zh-port-trade.html: loads https://cdn.example.com/tracker.js from outside the folder',
        'stories/02-sample-zh-port-trade.html: loads //fonts.example.com from outside the folder',
        'stories/02-sample-zh-port-trade.html: refers to ../photos/nothing.png, which is not in the folder',
        'style.css: loads https://fonts.example.com/css?family=Noto from outside the folder',
        'stories/04-sample-en-school-meals.html: is missing (story sample-en-school-meals)',
        // The previous story's "next" link now points at nothing.
        'stories/03-sample-en-harbour-bridge.html: refers to 04-sample-en-school-meals.html, which is not in the folder',
      ]),
    );
  });

  it('fails validation on a story cut short, an attribute written twice and a story without its lang', async () => {
    await write();
    const cut = join(out, 'stories/01-sample-zh-riverside-library.html');
    const whole = await readFile(cut, 'utf8');
    // A file cut off in the middle of a tag, as a full disk or a killed copy leaves it.
    await writeFile(cut, whole.slice(0, whole.indexOf('<div class="story-body">') + 12));
    const twice = join(out, 'stories/03-sample-en-harbour-bridge.html');
    await writeFile(
      twice,
      (await readFile(twice, 'utf8'))
        .replace('</article>', '<p class="note" class="note">x</p></article>')
        .replace(/<article class="story" lang="en"/, '<article class="story"'),
    );
    const validation = await htmlExporter.validate(ctx, out);
    expect(validation.ok).toBe(false);
    const messages = validation.problems.map((p) => `${p.file}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^stories\/01-sample-zh-riverside-library\.html: has an HTML syntax error at \d+:\d+ \(eof-in-tag\)$/,
        ),
        expect.stringMatching(
          /^stories\/03-sample-en-harbour-bridge\.html: has an HTML syntax error at \d+:\d+ \(duplicate-attribute\)$/,
        ),
        'stories/03-sample-en-harbour-bridge.html: does not mark the story as lang="en"',
      ]),
    );
    // The story that is whole is not blamed.
    expect(messages.filter((m) => m.startsWith('stories/02-'))).toEqual([]);
  });

  it('escapes what the story holds and refuses a link that is not the web', async () => {
    const [first] = ctx.stories;
    first!.headline = '<script>alert(1)</script> & “引号”';
    first!.body = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: '点此', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }],
        },
      ],
    };
    await write();
    expect((await htmlExporter.validate(ctx, out)).ok).toBe(true);
    const doc = await parse('stories/01-sample-zh-riverside-library.html');
    expect(doc.querySelector('.headline')?.textContent).toBe('<script>alert(1)</script> & “引号”');
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(doc.querySelector('.story-body a')).toBeNull();
  });

  it('stops between files when cancelled', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('cancelled', 'AbortError'));
    await expect(htmlExporter.write(ctx, out, controller.signal, () => undefined)).rejects.toThrow('cancelled');
  });
});
