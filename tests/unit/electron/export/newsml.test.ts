import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEWSML_FILE, newsmlExporter, xmllintValidate } from '../../../../electron/export/newsml';
import { escapeHtml, storyBodyParagraphs } from '../../../../shared/layout/story-html';
import { repoRoot, tempDir } from '../../../helpers/temp';
import { PHOTO_CAPTION, PNG, runExporter, sampleContext } from './format-fixture';

const XSD_DIR = resolve(repoRoot, '..', 'shared', 'standards', 'newsml-g2');

function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const xmllint = hasXmllint();
if (!xmllint)
  console.warn('newsml.test: xmllint is not installed (Debian: libxml2-utils); the XSD checks are skipped.');

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-newsml-'));
});
afterEach(() => cleanup());

/** The text of every element `name` in `xml` (no nesting of the same name in what we look at). */
const elements = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[0]);

describe('NewsML-G2 export of the sample edition', () => {
  it.skipIf(!xmllint)('is valid against the NewsML-G2 2.35 XSD (xmllint, offline)', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(newsmlExporter, ctx, dir);
    expect(await newsmlExporter.validate(ctx, out)).toEqual({
      ok: true,
      validator: 'xmllint NewsML-G2 2.35 XSD',
      problems: [],
    });
    // And the same document, checked by hand the way the standards README says.
    execFileSync(
      'xmllint',
      ['--noout', '--nonet', '--schema', 'NewsML-G2_2.35-spec-All-Power.xsd', join(out, NEWSML_FILE)],
      {
        cwd: XSD_DIR,
        stdio: 'pipe',
      },
    );
  });

  it('packages the pages in order, each group referring to its stories, and carries each story whole', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(newsmlExporter, ctx, dir);
    const xml = await readFile(join(out, NEWSML_FILE), 'utf8');

    const [pkg] = elements(xml, 'packageItem');
    const groups = elements(pkg!, 'group').filter((g) => /role="mhgroup:page"/.test(g));
    expect(groups).toHaveLength(ctx.pages.length);
    for (const [i, page] of ctx.pages.entries()) {
      expect(groups[i]).toContain(`<name>${escapeHtml(`${page.number} ${page.page.section}`)}</name>`);
      const refs = [...groups[i]!.matchAll(/residref="urn:masthead:story:([^"]+)"/g)].map((m) => m[1]);
      expect(refs).toEqual(page.storyIds);
    }

    const items = elements(xml, 'newsItem').filter((item) => /<itemClass qcode="ninat:text"\/>/.test(item));
    expect(items).toHaveLength(ctx.stories.length);
    for (const [i, story] of ctx.stories.entries()) {
      const item = items[i]!;
      expect(item).toContain(`guid="urn:masthead:story:${story.id}"`);
      expect(item).toContain(`<language tag="${story.language}"/>`);
      expect(item).toContain(`<headline role="mhrole:main">${escapeHtml(story.headline)}</headline>`);
      if (story.kicker) expect(item).toContain(`<headline role="mhrole:kicker">${escapeHtml(story.kicker)}</headline>`);
      if (story.subheadline)
        expect(item).toContain(`<headline role="mhrole:subheadline">${escapeHtml(story.subheadline)}</headline>`);
      if (story.dateline) expect(item).toContain(`<dateline>${escapeHtml(story.dateline)}</dateline>`);
      if (story.byline) expect(item).toContain(`<by>${escapeHtml(story.byline)}</by>`);
      for (const tag of story.tags) expect(item).toContain(`<name>${escapeHtml(tag.name)}</name>`);
      const [inline] = elements(item, 'inlineXML');
      expect(inline).toContain('<html xmlns="http://www.w3.org/1999/xhtml"');
      for (const p of storyBodyParagraphs(story.body).filter((p) => p.kind !== 'caption'))
        expect(inline).toContain(escapeHtml(p.text));
    }
    expect(items.find((i) => i.includes('sample-zh-port-trade'))).toContain('<located><name>北京</name></located>');

    // The photo travels as a picture item whose content is the copied file.
    const [picture] = elements(xml, 'newsItem').filter((item) => item.includes('ninat:picture'));
    expect(picture).toContain(`<description role="drol:caption">${PHOTO_CAPTION}</description>`);
    const href = /<remoteContent href="([^"]+)"/.exec(picture!)![1]!;
    expect(await readFile(join(out, href))).toEqual(PNG);
  });

  it.skipIf(!xmllint)('rejects a broken document, naming the file and the line', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(newsmlExporter, ctx, dir);
    const path = join(out, NEWSML_FILE);
    const xml = await readFile(path, 'utf8');
    const lines = xml.split('\n');
    const at = lines.findIndex((l) => l.startsWith('<by>'));
    lines[at] = lines[at]!.replace('<by>', '<byline>').replace('</by>', '</byline>');
    await writeFile(path, lines.join('\n'));

    const result = await newsmlExporter.validate(ctx, out);
    expect(result.ok).toBe(false);
    expect(result.problems[0]!.file).toBe(NEWSML_FILE);
    expect(result.problems[0]!.message).toMatch(new RegExp(`^${at + 1}: .*byline.*not expected`));

    // Not even well-formed.
    await writeFile(path, xml.slice(0, xml.length / 2));
    const truncated = await xmllintValidate([NEWSML_FILE], out, XSD_DIR);
    expect(truncated.ok).toBe(false);
    expect(truncated.problems.length).toBeGreaterThan(0);
    expect(truncated.problems.every((p) => p.file === NEWSML_FILE)).toBe(true);
  });

  it('stops when cancelled, writing nothing', async () => {
    const { ctx } = await sampleContext(dir);
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(newsmlExporter.write(ctx, dir, controller.signal, () => undefined)).rejects.toThrow('cancelled');
    await expect(readFile(join(dir, NEWSML_FILE))).rejects.toThrow();
  });
});
