import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Story, StoryFields } from '../../../../shared/model';
import { ServiceError } from '../../../../electron/rpc/errors';
import { SESSION_GAP_MS } from '../../../../electron/store/history';
import { Library } from '../../../../electron/store/library';
import { sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const MINUTE = 60_000;

/** A library whose clock and author the test moves by hand. */
async function openLibrary(seed = false) {
  const clock = { now: Date.parse('2026-07-22T10:00:00+08:00'), author: '林小雨' };
  const { library } = await Library.open(dir, {
    now: () => new Date(clock.now),
    author: () => clock.author,
    ...(seed ? { seedFrom: sampleLibrary } : {}),
  });
  return { library, clock };
}

const body = (...paragraphs: string[]) => ({
  type: 'doc' as const,
  content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
});

const historyFiles = async (id: string) => (await readdir(join(dir, 'history', id))).sort();
const readStoryFile = async (id: string) =>
  Story.parse(JSON.parse(await readFile(join(dir, 'stories', `${id}.json`), 'utf8')));

describe('revision history: one snapshot per editing session', () => {
  it('coalesces saves by one author within five minutes into one snapshot that counts them', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'zh-Hans', headline: '初稿' });
    let revision = story.revision;
    for (const [i, minutes] of [1, 1, 1, 1].entries()) {
      clock.now += minutes * MINUTE;
      revision = (
        await library.saveStory({ id: story.id, baseRevision: revision, changes: { headline: `第${i + 1}稿` } })
      ).revision;
    }
    const list = await library.listRevisions(story.id);
    // Newest first: the editing session (four saves over 3 minutes), then the creation.
    expect(list.map((m) => [m.snapshot, m.kind, m.saves])).toEqual([
      [2, 'edit', 4],
      [1, 'create', 1],
    ]);
    expect(list[0]).toMatchObject({
      revision,
      headline: '第4稿',
      author: '林小雨',
      startedAt: new Date(Date.parse('2026-07-22T10:01:00+08:00')).toISOString(),
      savedAt: new Date(clock.now).toISOString(),
    });
    expect(await historyFiles(story.id)).toEqual(['000001.json', '000002.json']);
    // The coalesced snapshot holds the latest text of the session.
    expect((await library.getRevision(story.id, 2)).fields.headline).toBe('第4稿');
  });

  it('starts a new snapshot after a pause of ten minutes or more', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'en', headline: 'Draft' });
    clock.now += MINUTE;
    const first = await library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: 'Morning' } });
    clock.now += SESSION_GAP_MS; // exactly the gap: a new session
    const second = await library.saveStory({
      id: story.id,
      baseRevision: first.revision,
      changes: { headline: 'Noon' },
    });
    clock.now += SESSION_GAP_MS + 1;
    await library.saveStory({ id: story.id, baseRevision: second.revision, changes: { headline: 'Evening' } });
    const list = await library.listRevisions(story.id);
    expect(list.map((m) => [m.snapshot, m.headline, m.saves])).toEqual([
      [4, 'Evening', 1],
      [3, 'Noon', 1],
      [2, 'Morning', 1],
      [1, 'Draft', 1],
    ]);
    // Each older session keeps its own text.
    expect((await library.getRevision(story.id, 2)).fields.headline).toBe('Morning');
  });

  it('starts a new snapshot when another author saves, even a minute later', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'zh-Hans', headline: '初稿' });
    clock.now += MINUTE;
    const mine = await library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: '记者稿' } });
    clock.now += MINUTE;
    clock.author = '值班编辑 王芳';
    await library.saveStory({ id: story.id, baseRevision: mine.revision, changes: { headline: '编辑改稿' } });
    const list = await library.listRevisions(story.id);
    expect(list.map((m) => [m.snapshot, m.author, m.headline])).toEqual([
      [3, '值班编辑 王芳', '编辑改稿'],
      [2, '林小雨', '记者稿'],
      [1, '林小雨', '初稿'],
    ]);
  });

  it('folds another desk’s saves (live co-editing) into one snapshot per author, apart from this desk’s own', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'zh-Hans', headline: '初稿' });
    clock.now += MINUTE;
    const mine = await library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: '记者稿' } });
    const { revision: _r, ...base } = await library.getStory(story.id);
    // The other desk's typing reaches this library as a write every second or so.
    for (let i = 1; i <= 30; i++) {
      clock.now += 1000;
      await library.putStoryFromElsewhere(
        { ...base, body: body(`第${i}字`), updatedBy: '王芳', updatedAt: new Date(clock.now).toISOString() },
        '王芳',
        new Date(clock.now),
      );
    }
    // This desk's author (the same name as the other desk's, too) goes on in a session of its own.
    clock.now += 1000;
    clock.author = '王芳';
    const current = await library.getStory(story.id);
    await library.saveStory({ id: story.id, baseRevision: current.revision, changes: { headline: '本机改稿' } });
    const list = await library.listRevisions(story.id);
    expect(list.map((m) => [m.snapshot, m.author, m.saves, m.fromElsewhere ?? false])).toEqual([
      [4, '王芳', 1, false],
      [3, '王芳', 30, true],
      [2, '林小雨', mine.revision - 1, false],
      [1, '林小雨', 1, false],
    ]);
    expect((await library.getRevision(story.id, 3)).fields.body).toEqual(body('第30字'));
  });

  it('keeps a sample story’s text from before its first save as the baseline snapshot', async () => {
    const { library } = await openLibrary(true);
    const id = 'sample-zh-riverside-library';
    expect(await library.listRevisions(id)).toEqual([]);
    const current = await library.getStory(id);
    await library.saveStory({ id, baseRevision: current.revision, changes: { headline: '改过的主题' } });
    expect(await library.listRevisions(id)).toEqual([
      expect.objectContaining({ snapshot: 2, kind: 'edit', revision: current.revision + 1, headline: '改过的主题' }),
      expect.objectContaining({ snapshot: 1, kind: 'create', revision: current.revision, headline: current.headline }),
    ]);
    expect((await library.getRevision(id, 1)).fields.headline).toBe('滨江图书馆今起免费开放');
  });

  it('records length and headline in the list, so the list needs no snapshot text', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'zh-Hans', headline: '主题' });
    clock.now += MINUTE;
    await library.saveStory({ id: story.id, baseRevision: 1, changes: { body: body('新馆今天开放。', '读者排队。') } });
    const [latest] = await library.listRevisions(story.id);
    expect(latest).toMatchObject({ headline: '主题', charCount: 12 });
    expect(latest).not.toHaveProperty('fields');
  });
});

describe('restoring a revision', () => {
  async function storyWithTwoSessions() {
    const opened = await openLibrary();
    const { library, clock } = opened;
    const story = await library.createStory({ language: 'zh-Hans', headline: '初稿' });
    clock.now += MINUTE;
    await library.saveStory({
      id: story.id,
      baseRevision: 1,
      changes: { kicker: '老厂房变身城市书房', headline: '滨江图书馆今起免费开放', body: body('新馆今天开放。') },
    });
    clock.now += 30 * MINUTE;
    clock.author = '值班编辑 王芳';
    const latest = await library.saveStory({
      id: story.id,
      baseRevision: 3 - 1,
      changes: { headline: '滨江图书馆今起收费开放', body: body('新馆明天开放。', '新增一段。'), status: 'submitted' },
    });
    return { ...opened, story: latest };
  }

  it('makes a new revision whose fields equal the snapshot, recorded as a restore of that snapshot', async () => {
    const { library, clock, story } = await storyWithTwoSessions();
    const old = await library.getRevision(story.id, 2);
    clock.now += MINUTE;
    const restored = await library.restoreRevision(story.id, 2, story.revision);

    expect(restored.revision).toBe(story.revision + 1);
    // Text and fields come back; the workflow status does not (below).
    expect(StoryFields.parse(restored)).toEqual({ ...old.fields, status: story.status });
    const onDisk = await readStoryFile(story.id);
    expect(onDisk.revision).toBe(story.revision + 1);
    expect(onDisk.headline).toBe('滨江图书馆今起免费开放');
    expect(StoryFields.parse(onDisk)).toEqual({ ...old.fields, status: story.status });
    // The status stays where the desk put it, and the workflow history records the restore.
    expect(onDisk.status).toBe(story.status);
    expect(onDisk.statusHistory.at(-1)).toMatchObject({
      status: story.status,
      by: '值班编辑 王芳',
      event: 'restore',
      snapshot: 2,
    });

    const list = await library.listRevisions(story.id);
    expect(list.map((m) => [m.snapshot, m.kind, m.restoredFrom])).toEqual([
      [4, 'restore', 2],
      [3, 'edit', null],
      [2, 'edit', null],
      [1, 'create', null],
    ]);
    expect(list[0]).toMatchObject({ revision: restored.revision, headline: '滨江图书馆今起免费开放', saves: 1 });
    // The version that was replaced is still in the history, untouched.
    expect((await library.getRevision(story.id, 3)).fields.headline).toBe('滨江图书馆今起收费开放');
  });

  it('does not fold the next edit into the restore snapshot', async () => {
    const { library, clock, story } = await storyWithTwoSessions();
    clock.now += MINUTE;
    const restored = await library.restoreRevision(story.id, 2, story.revision);
    clock.now += MINUTE;
    await library.saveStory({ id: story.id, baseRevision: restored.revision, changes: { subheadline: '副题' } });
    const list = await library.listRevisions(story.id);
    expect(list.slice(0, 2).map((m) => [m.snapshot, m.kind])).toEqual([
      [5, 'edit'],
      [4, 'restore'],
    ]);
  });

  it('refuses a restore based on a stale revision and leaves story and history as they were', async () => {
    const { library, story } = await storyWithTwoSessions();
    const before = await readFile(join(dir, 'stories', `${story.id}.json`), 'utf8');
    const files = await historyFiles(story.id);
    const refused = library.restoreRevision(story.id, 2, story.revision - 1);
    await expect(refused).rejects.toBeInstanceOf(ServiceError);
    await expect(refused).rejects.toMatchObject({ code: 'conflict' });
    expect(await readFile(join(dir, 'stories', `${story.id}.json`), 'utf8')).toBe(before);
    expect(await historyFiles(story.id)).toEqual(files);
  });

  it('answers a snapshot that does not exist with not-found', async () => {
    const { library, story } = await storyWithTwoSessions();
    await expect(library.restoreRevision(story.id, 99, story.revision)).rejects.toMatchObject({ code: 'not-found' });
    await expect(library.getRevision(story.id, 99)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('damaged history', () => {
  it('lists the readable snapshots when one snapshot file is damaged', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'en', headline: 'One' });
    let revision = 1;
    for (const headline of ['Two', 'Three']) {
      clock.now += SESSION_GAP_MS + MINUTE;
      revision = (await library.saveStory({ id: story.id, baseRevision: revision, changes: { headline } })).revision;
    }
    await writeFile(join(dir, 'history', story.id, '000002.json'), '{"schemaVersion": 1, "snap');
    const list = await library.listRevisions(story.id);
    expect(list.map((m) => [m.snapshot, m.headline])).toEqual([
      [3, 'Three'],
      [1, 'One'],
    ]);
    await expect(library.getRevision(story.id, 2)).rejects.toMatchObject({ code: 'not-found' });
    // The undamaged ones can still be restored.
    const restored = await library.restoreRevision(story.id, 1, revision);
    expect(restored.headline).toBe('One');
  });

  it('keeps the older snapshots when the newest one is damaged and the story is saved again', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'en', headline: 'One' });
    clock.now += SESSION_GAP_MS + MINUTE;
    const two = await library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: 'Two' } });
    await writeFile(join(dir, 'history', story.id, '000002.json'), 'not json');

    // A fresh process: nothing about this story's history is cached.
    const { library: reopened } = await Library.open(dir, {
      now: () => new Date(clock.now + MINUTE),
      author: () => clock.author,
    });
    await reopened.saveStory({ id: story.id, baseRevision: two.revision, changes: { headline: 'Three' } });
    const list = await reopened.listRevisions(story.id);
    expect(list.map((m) => m.headline)).toContain('One');
    expect(list.map((m) => m.headline)).toContain('Three');
    expect((await reopened.getRevision(story.id, 1)).fields.headline).toBe('One');
  });
});
