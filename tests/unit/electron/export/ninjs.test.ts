import { readdirSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ninjsExporter, ninjsValidator, storyFileName } from '../../../../electron/export/ninjs';
import { StandardsNotFoundError, locateStandards, standardsDir } from '../../../../electron/export/standards';
import type { ExportContext } from '../../../../electron/export/types';
import { storyBodyParagraphs } from '../../../../shared/layout/story-html';
import type { Story } from '../../../../shared/model/story';
import { countStory } from '../../../../shared/text/count';
import { repoRoot, tempDir } from '../../../helpers/temp';
import { MISSING_ASSET, PHOTO_CAPTION, PHOTO_CREDIT, PNG, runExporter, sampleContext } from './format-fixture';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STANDARDS = resolve(repoRoot, '..', 'shared', 'standards');
const SUITE = join(STANDARDS, 'ninjs', 'test_suite');

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-ninjs-'));
});
afterEach(() => cleanup());

const readJson = async (path: string): Promise<Json> => JSON.parse(await readFile(path, 'utf8')) as Json;
const byId = (ctx: ExportContext, id: string): Story => ctx.stories.find((s) => s.id === id)!;

describe('ninjs export of the sample edition', () => {
  it('writes one valid ninjs 3.1 file per story and an edition listing, checked against the official schema', async () => {
    const { ctx } = await sampleContext(dir);
    const { out, progress } = await runExporter(ninjsExporter, ctx, dir);

    const files = (await readdir(out)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['edition.json', ...ctx.stories.map(storyFileName)].sort());
    const validator = await ninjsValidator(STANDARDS);
    for (const file of files) expect(validator.validate(await readJson(join(out, file))), file).toEqual([]);
    expect(await ninjsExporter.validate(ctx, out)).toEqual({
      ok: true,
      validator: 'ajv ninjs 3.1 schema',
      problems: [],
    });
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
  });

  it('carries the headline group as kicker / main / subheadline roles, with the Chinese text intact', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(ninjsExporter, ctx, dir);
    for (const story of ctx.stories) {
      const json = await readJson(join(out, storyFileName(story)));
      const roles = Object.fromEntries((json.headlines as Json[]).map((h) => [h.role, h.value]));
      expect(roles.main).toBe(story.headline);
      expect(roles.kicker).toBe(story.kicker.trim() ? story.kicker : undefined);
      expect(roles.subheadline).toBe(story.subheadline.trim() ? story.subheadline : undefined);
      expect(json.language).toBe(story.language);
      expect(json.type).toBe('text');
      expect(json.uri).toMatch(/^urn:masthead:story:/);
      expect(json.version).toBe(String(story.revision + 1));
      expect(json.versionCreated).toBe(story.updatedAt);
      expect(json.firstCreated).toBe(story.createdAt);
      expect(json.by).toBe(story.byline.trim() ? story.byline : undefined);

      const [body] = json.bodies as Json[];
      expect(body!.contentType).toBe('text/html');
      for (const paragraph of storyBodyParagraphs(story.body).filter((p) => p.kind !== 'caption'))
        expect(body!.value).toContain(paragraph.text);
      const counts = countStory(story.body, story.language);
      expect(body!.charCount).toBe(counts.characters);
      // Each Han character is a word: a Chinese story does not report a handful of words.
      expect(body!.wordCount).toBe(counts.words + counts.han);
      if (story.language === 'zh-Hans') expect(body!.wordCount).toBeGreaterThan(counts.characters / 2);

      const subjects = (json.subjects ?? []) as Json[];
      expect(subjects.map((s) => [s.rel, s.name])).toEqual(story.tags.map((t) => [t.kind, t.name]));
    }
    // The dateline 本报北京7月22日电 names where the story was filed.
    const port = await readJson(join(out, 'sample-zh-port-trade.json'));
    expect(port.located).toBe('北京');
    expect(JSON.stringify(port)).toContain(byId(ctx, 'sample-zh-port-trade').dateline);
    // 本报讯 names no place.
    expect((await readJson(join(out, 'sample-zh-riverside-library.json'))).located).toBeUndefined();
  });

  it('associates the photo as a picture with caption and credit, copied into the folder the body points at', async () => {
    const { ctx, assetId } = await sampleContext(dir);
    const { out } = await runExporter(ninjsExporter, ctx, dir);
    const json = await readJson(join(out, 'sample-zh-riverside-library.json'));
    const [picture, gone] = json.associations as Json[];
    expect(picture!.type).toBe('picture');
    expect(picture!.uri).toBe(`urn:masthead:asset:${assetId}`);
    expect(picture!.by).toBe(PHOTO_CREDIT);
    expect(picture!.descriptions).toContainEqual({ role: 'caption', contentType: 'text/plain', value: PHOTO_CAPTION });
    const file = (picture!.altIds as Json[]).find((a) => a.role === 'file')!.value as string;
    expect(await readFile(join(out, file))).toEqual(PNG);
    expect(picture!.renditions[0]).toMatchObject({ contentType: 'image/png', sizeInBytes: PNG.length });
    expect(json.bodies[0].value).toContain(`src="${file}"`);
    // A photo whose file is gone keeps its caption and names no file.
    expect(gone!.uri).toBe(`urn:masthead:asset:${MISSING_ASSET}`);
    expect(gone!.altIds).toBeUndefined();
  });

  it('lists the edition as a composite: pages in order with their sections, each associating its stories', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(ninjsExporter, ctx, dir);
    const edition = await readJson(join(out, 'edition.json'));
    expect(edition.type).toBe('composite');
    const pages = edition.associations as Json[];
    expect(pages.map((p) => p.altIds.find((a: Json) => a.role === 'section')?.value)).toEqual(
      ctx.pages.map((p) => p.page.section),
    );
    const listed = pages.flatMap((p) => (p.associations ?? []) as Json[]);
    expect(listed.map((s) => s.uri)).toEqual(ctx.stories.map((s) => `urn:masthead:story:${s.id}`));
    expect(listed.map((s) => s.headlines.find((h: Json) => h.role === 'main').value)).toEqual(
      ctx.stories.map((s) => s.headline),
    );
    for (const story of listed) {
      const file = story.altIds.find((a: Json) => a.role === 'file').value as string;
      expect((await readJson(join(out, file))).uri).toBe(story.uri);
    }
  });

  it('rejects a broken file and names it', async () => {
    const { ctx } = await sampleContext(dir);
    const { out } = await runExporter(ninjsExporter, ctx, dir);
    const victim = storyFileName(ctx.stories[1]!);
    const json = await readJson(join(out, victim));
    json.headlines = [{ role: 'main' }];
    json.pubStatus = 'published';
    await writeFile(join(out, victim), JSON.stringify(json));
    await writeFile(join(out, 'edition.json'), '{"uri": ');

    const result = await ninjsExporter.validate(ctx, out);
    expect(result.ok).toBe(false);
    const about = (file: string) => result.problems.filter((p) => p.file === file).map((p) => p.message);
    expect(about(victim).join('\n')).toMatch(/headlines\/0 must have required property 'value'/);
    expect(about(victim).join('\n')).toMatch(/pubStatus/);
    expect(about('edition.json').join('\n')).toMatch(/not JSON/);
    for (const story of ctx.stories.filter((s) => storyFileName(s) !== victim))
      expect(about(storyFileName(story))).toEqual([]);
  });

  it('stops between files when cancelled, with the reason given', async () => {
    const { ctx } = await sampleContext(dir);
    const controller = new AbortController();
    const reason = new Error('cancelled by the desk');
    let calls = 0;
    const out = join(dir, 'cancelled');
    await import('node:fs/promises').then((fs) => fs.mkdir(out));
    await expect(
      ninjsExporter.write(ctx, out, controller.signal, () => {
        if (++calls === 2) controller.abort(reason);
      }),
    ).rejects.toBe(reason);
    const written = (await readdir(out)).filter((f) => f.endsWith('.json'));
    expect(written.length).toBeLessThan(ctx.stories.length + 1);
    expect(written).not.toContain('edition.json');
  });
});

describe('the ninjs validator against IPTC’s own test suite', () => {
  const cases = (['3.0', '3.1'] as const).flatMap((version) =>
    (['should_pass', 'should_fail'] as const).flatMap((expectation) =>
      readdirSync(join(SUITE, version, expectation))
        .filter((f) => f.endsWith('.json'))
        .map((file) => ({ version, expectation, file })),
    ),
  );

  it('has both kinds of case for both versions', () => {
    for (const version of ['3.0', '3.1'])
      for (const expectation of ['should_pass', 'should_fail'])
        expect(cases.some((c) => c.version === version && c.expectation === expectation)).toBe(true);
  });

  it.each(cases)('$version $expectation/$file', async ({ version, expectation, file }) => {
    const validator = await ninjsValidator(STANDARDS);
    const problems = validator.validate(await readJson(join(SUITE, version, expectation, file)), version);
    if (expectation === 'should_pass') expect(problems).toEqual([]);
    else expect(problems.length).toBeGreaterThan(0);
  });
});

describe('finding the standards folder', () => {
  it('takes MASTHEAD_STANDARDS_DIR first, and falls back beside the repository', async () => {
    expect(locateStandards({ MASTHEAD_STANDARDS_DIR: STANDARDS }).dir).toBe(STANDARDS);
    const empty = join(dir, 'no-schemas-here');
    const found = locateStandards({ MASTHEAD_STANDARDS_DIR: empty });
    expect(found.searched[0]).toBe(empty);
    expect(found.dir).toBe(STANDARDS);
    expect(standardsDir({})).toBe(STANDARDS);
  });

  it('says where it looked when the schemas are nowhere', () => {
    const error = new StandardsNotFoundError(['/a/standards', '/b/standards']);
    expect(error.message).toContain('/a/standards');
    expect(error.message).toContain('/b/standards');
    expect(error.message).toContain('MASTHEAD_STANDARDS_DIR');
  });
});
