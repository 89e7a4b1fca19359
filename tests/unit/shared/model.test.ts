import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storySchema } from '../../../shared/editor/extensions';
import { Edition, SCHEMA_VERSION, SchemaVersionError, Story, migrate, summariseStory } from '../../../shared/model';
import { sampleLibrary } from '../../helpers/temp';

const readJson = async (path: string): Promise<unknown> => JSON.parse(await readFile(path, 'utf8'));

describe('the sample library', () => {
  it('holds valid stories in Chinese and English whose bodies fit the editor schema', async () => {
    const dir = join(sampleLibrary, 'stories');
    const stories = await Promise.all((await readdir(dir)).map(async (f) => Story.parse(await readJson(join(dir, f)))));
    expect(new Set(stories.map((s) => s.language))).toEqual(new Set(['zh-Hans', 'en']));
    const schema = storySchema();
    for (const story of stories) expect(() => schema.nodeFromJSON(story.body).check()).not.toThrow();
  });

  it('holds one valid edition whose placements point at sample stories', async () => {
    const dir = join(sampleLibrary, 'editions');
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    const edition = Edition.parse(await readJson(join(dir, files[0]!)));
    const storyIds = new Set((await readdir(join(sampleLibrary, 'stories'))).map((f) => f.replace(/\.json$/, '')));
    const placed = edition.pages.flatMap((p) => p.placements).flatMap((p) => (p.storyId ? [p.storyId] : []));
    expect(placed.length).toBeGreaterThan(0);
    for (const id of placed) expect(storyIds).toContain(id);
    for (const page of edition.pages) expect(edition.templates.map((t) => t.id)).toContain(page.templateId);
  });
});

describe('Story schema', () => {
  const valid = async () => Story.parse(await readJson(join(sampleLibrary, 'stories', 'sample-zh-port-trade.json')));

  it('refuses a headline with a line break, an unknown status and a path-like id', async () => {
    const story = await valid();
    expect(Story.safeParse({ ...story, headline: '第一行\n第二行' }).success).toBe(false);
    expect(Story.safeParse({ ...story, status: 'published' }).success).toBe(false);
    expect(Story.safeParse({ ...story, id: '../../etc/passwd' }).success).toBe(false);
    expect(Story.safeParse({ ...story, schemaVersion: 2 }).success).toBe(false);
  });

  it('summarises with the Chinese character count of the body', async () => {
    const story = await valid();
    const summary = summariseStory(story);
    expect(summary.headline).toBe(story.headline);
    expect(summary.charCount).toBeGreaterThan(100);
    expect(summary.wordCount).toBeLessThan(20);
  });
});

describe('migrate', () => {
  it('passes current files through unchanged', () => {
    const result = migrate({ schemaVersion: SCHEMA_VERSION, a: 1 }, {});
    expect(result).toEqual({ data: { schemaVersion: SCHEMA_VERSION, a: 1 }, from: SCHEMA_VERSION, changed: false });
  });

  it('runs each step in order up to the target version', () => {
    const table = {
      1: (d: Record<string, unknown>) => ({ ...d, headline: d.title, title: undefined }),
      2: (d: Record<string, unknown>) => ({ ...d, tags: [] }),
    };
    const result = migrate({ schemaVersion: 1, title: '旧标题' }, table, 3);
    expect(result.changed).toBe(true);
    expect(result.data).toMatchObject({ schemaVersion: 3, headline: '旧标题', tags: [] });
  });

  it('refuses files from a newer Masthead, without a version, or with a missing step', () => {
    expect(() => migrate({ schemaVersion: SCHEMA_VERSION + 1 }, {})).toThrow(/newer Masthead/);
    expect(() => migrate({ headline: 'x' }, {})).toThrow(SchemaVersionError);
    expect(() => migrate([], {})).toThrow(SchemaVersionError);
    expect(() => migrate({ schemaVersion: 1 }, {}, 2)).toThrow(/no migration from schema 1/);
  });
});
