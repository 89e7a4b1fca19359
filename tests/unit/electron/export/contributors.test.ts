import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportContext } from '../../../../electron/export/context';
import { NEWSML_FILE, newsmlExporter } from '../../../../electron/export/newsml';
import { ninjsExporter, storyFileName } from '../../../../electron/export/ninjs';
import { fieldsFromParts, parseImportFile } from '../../../../electron/import/import';
import { repoRoot, tempDir } from '../../../helpers/temp';
import { SAMPLE_EDITION, runExporter, sampleContext } from './format-fixture';

/**
 * A byline printed in a dateline, 本报讯(记者 何晓东 通讯员 王磊), names two people in two
 * roles: imported from the sample page, they reach ninjs and NewsML-G2 as two creators,
 * each with their role, and both files still validate against the official schemas.
 */

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-contributors-'));
});
afterEach(() => cleanup());

const hasXmllint = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function contextWithImportedByline() {
  const { library } = await sampleContext(dir);
  const page = await readFile(join(repoRoot, '..', 'shared', 'samples', 'zh-page-3.txt'));
  const parsed = await parseImportFile('zh-page-3.txt', page);
  const third = parsed.stories[2]!;
  const fields = fieldsFromParts(third.parts, () => null);
  expect(fields.byline).toBe('记者 何晓东 通讯员 王磊');
  expect(fields.contributors).toEqual([
    { name: '何晓东', role: 'reporter', label: '记者' },
    { name: '王磊', role: 'correspondent', label: '通讯员' },
  ]);
  // The sample edition's front-page story takes the imported byline and its people.
  const story = await library.getStory('sample-zh-riverside-library');
  const saved = await library.saveStory({
    id: story.id,
    baseRevision: story.revision,
    changes: { byline: fields.byline, contributors: fields.contributors },
  });
  expect(saved.contributors).toEqual(fields.contributors);
  const reopened = await library.getStory(story.id);
  expect(reopened.contributors).toEqual(fields.contributors);
  return { ctx: await exportContext(library, SAMPLE_EDITION, { appVersion: '9.9.9-test' }), story: saved };
}

describe('contributors from an imported byline', () => {
  it('are named with their roles in ninjs, which still validates', async () => {
    const { ctx, story } = await contextWithImportedByline();
    const { out } = await runExporter(ninjsExporter, ctx, dir);
    const json = JSON.parse(await readFile(join(out, storyFileName(story)), 'utf8')) as {
      by: string;
      people: { name: string; rel?: string }[];
    };
    expect(json.by).toBe('记者 何晓东 通讯员 王磊');
    expect(json.people.filter((p) => p.rel === 'reporter' || p.rel === 'correspondent')).toEqual([
      { name: '何晓东', rel: 'reporter' },
      { name: '王磊', rel: 'correspondent' },
    ]);
    expect(await ninjsExporter.validate(ctx, out)).toMatchObject({ ok: true, problems: [] });
  });

  it.skipIf(!hasXmllint)('are creators with their roles in NewsML-G2, which still validates', async () => {
    const { ctx } = await contextWithImportedByline();
    const { out } = await runExporter(newsmlExporter, ctx, dir);
    const xml = await readFile(join(out, NEWSML_FILE), 'utf8');
    expect(xml).toContain('<creator role="mhcrole:reporter"><name>何晓东</name></creator>');
    expect(xml).toContain('<creator role="mhcrole:correspondent"><name>王磊</name></creator>');
    expect(xml).toContain('<scheme alias="mhcrole"');
    expect(await newsmlExporter.validate(ctx, out)).toMatchObject({ ok: true, problems: [] });
  });

  it('are left out once the editor rewrites the byline without them', async () => {
    const { ctx, story } = await contextWithImportedByline();
    const edited = ctx.stories.map((s) => (s.id === story.id ? { ...s, byline: '本报记者 何晓东' } : s));
    const { out } = await runExporter(ninjsExporter, { ...ctx, stories: edited }, dir);
    const json = JSON.parse(await readFile(join(out, storyFileName(story)), 'utf8')) as {
      people?: { name: string; rel?: string }[];
    };
    expect((json.people ?? []).filter((p) => p.rel)).toEqual([{ name: '何晓东', rel: 'reporter' }]);
  });
});
