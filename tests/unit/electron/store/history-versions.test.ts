import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RevisionMeta } from '../../../../shared/model';
import { snapshotsToThin } from '../../../../electron/store/history';
import { Library } from '../../../../electron/store/library';
import { tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

async function openLibrary() {
  const clock = { now: Date.parse('2026-07-22T10:00:00+08:00'), author: '林小雨' };
  const { library } = await Library.open(dir, { now: () => new Date(clock.now), author: () => clock.author });
  return { library, clock };
}

const body = (text: string) => ({
  type: 'doc' as const,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

describe('versions a desk can go back to', () => {
  it('keeps a version at least every five minutes of continuous typing', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'zh-Hans', headline: '初稿' });
    let revision = story.revision;
    // Autosave every 30 seconds for 16 minutes, never a pause.
    for (let i = 1; i <= 32; i++) {
      clock.now += MINUTE / 2;
      const saved = await library.saveStory({
        id: story.id,
        baseRevision: revision,
        changes: { body: body(`第${i}稿`) },
      });
      revision = saved.revision;
    }
    const edits = (await library.listRevisions(story.id)).filter((m) => m.kind === 'edit');
    expect(edits.length).toBeGreaterThanOrEqual(3);
    for (const meta of edits) {
      expect(Date.parse(meta.savedAt) - Date.parse(meta.startedAt)).toBeLessThan(5 * MINUTE);
    }
    // Text from the first five minutes can be brought back, not only the last.
    const oldest = edits.at(-1)!;
    expect((await library.getRevision(story.id, oldest.snapshot)).fields.body).not.toEqual(body('第32稿'));
  });

  it('keeps a version at each status change, not folded into the typing around it', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'zh-Hans', headline: '初稿' });
    clock.now += MINUTE;
    const a = await library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: '改稿' } });
    clock.now += MINUTE;
    const b = await library.saveStory({ id: story.id, baseRevision: a.revision, changes: { status: 'submitted' } });
    clock.now += MINUTE;
    await library.saveStory({ id: story.id, baseRevision: b.revision, changes: { headline: '再改' } });
    const list = await library.listRevisions(story.id);
    expect(list.map((m) => [m.kind, m.headline, m.statusChanged ?? false])).toEqual([
      ['edit', '再改', false],
      ['edit', '改稿', true],
      ['edit', '改稿', false],
      ['create', '初稿', false],
    ]);
  });

  it('keeps an explicit save as a named checkpoint without changing the story', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'en', headline: 'Draft' });
    clock.now += MINUTE;
    const saved = await library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: 'Before the cut' } });
    clock.now += MINUTE;
    const mark = await library.markRevision(story.id, '  Before the desk cut  ');
    expect(mark).toMatchObject({ kind: 'checkpoint', name: 'Before the desk cut', revision: saved.revision });
    expect((await library.getStory(story.id)).revision).toBe(saved.revision);
    clock.now += MINUTE;
    await library.saveStory({ id: story.id, baseRevision: saved.revision, changes: { headline: 'After the cut' } });
    const list = await library.listRevisions(story.id);
    expect(list.map((m) => [m.kind, m.headline, m.name ?? null])).toEqual([
      ['edit', 'After the cut', null],
      ['checkpoint', 'Before the cut', 'Before the desk cut'],
      ['create', 'Draft', null],
    ]);
    // An unnamed checkpoint of text not yet in the history is a snapshot of its own.
    expect((await library.markRevision(story.id, null)).kind).toBe('checkpoint');
  });

  it('thins old versions: all from the last day, hourly for a week, daily after; marks always kept', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const at = (msAgo: number) => new Date(now.getTime() - msAgo).toISOString();
    let n = 0;
    const meta = (msAgo: number, kind: RevisionMeta['kind'] = 'edit', extra: Partial<RevisionMeta> = {}) => ({
      snapshot: ++n,
      revision: n,
      kind,
      author: 'a',
      startedAt: at(msAgo),
      savedAt: at(msAgo),
      saves: 1,
      headline: '',
      charCount: 0,
      wordCount: 0,
      restoredFrom: null,
      ...extra,
    });
    // Oldest first: two in one day ten days ago, two in one hour three days ago, a named checkpoint
    // and a status change in that same hour, two in the last day.
    const metas = [
      meta(10 * DAY + 2 * HOUR),
      meta(10 * DAY + HOUR),
      meta(3 * DAY + 40 * MINUTE),
      meta(3 * DAY + 30 * MINUTE),
      meta(3 * DAY + 20 * MINUTE, 'checkpoint', { name: 'x' }),
      meta(3 * DAY + 10 * MINUTE, 'edit', { statusChanged: true }),
      meta(5 * HOUR),
      meta(4 * HOUR),
    ];
    expect(snapshotsToThin(metas, now).sort()).toEqual([1, 3]);
  });

  it('deletes thinned snapshot files when a new version starts', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'en', headline: 'v0' });
    let revision = story.revision;
    // Three versions within one hour, ten days ago (as the clock goes), then one today.
    for (const headline of ['a', 'b', 'c']) {
      clock.now += 6 * MINUTE;
      revision = (await library.saveStory({ id: story.id, baseRevision: revision, changes: { headline } })).revision;
    }
    clock.now += 10 * DAY;
    await library.saveStory({ id: story.id, baseRevision: revision, changes: { headline: 'today' } });
    const list = await library.listRevisions(story.id);
    expect(list.map((m) => m.headline)).toEqual(['today', 'c', 'v0']);
    expect((await readdir(join(dir, 'history', story.id))).length).toBe(3);
  });
});

describe('workflow status and versions', () => {
  it('restores text and fields but not the status, and the status history records the restore', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'zh-Hans', headline: '初稿' });
    clock.now += MINUTE;
    const a = await library.saveStory({ id: story.id, baseRevision: 1, changes: { headline: '二稿' } });
    clock.now += MINUTE;
    const b = await library.saveStory({
      id: story.id,
      baseRevision: a.revision,
      changes: { headline: '三稿', status: 'submitted' },
    });
    clock.now += MINUTE;
    const restored = await library.restoreRevision(story.id, 1, b.revision);
    expect(restored.headline).toBe('初稿');
    expect(restored.status).toBe('submitted');
    expect(restored.statusHistory.at(-1)).toMatchObject({ status: 'submitted', event: 'restore', snapshot: 1 });
  });

  it('moves an approved story back to edited when its printed text changes, and says so', async () => {
    const { library, clock } = await openLibrary();
    const story = await library.createStory({ language: 'zh-Hans', headline: '签发稿' });
    let current = story;
    for (const status of ['submitted', 'edited', 'approved'] as const) {
      clock.now += MINUTE;
      current = await library.saveStory({ id: story.id, baseRevision: current.revision, changes: { status } });
    }
    expect(current.status).toBe('approved');
    // Notes are not printed: the sign-off stands.
    clock.now += MINUTE;
    current = await library.saveStory({ id: story.id, baseRevision: current.revision, changes: { notes: '核对' } });
    expect(current.status).toBe('approved');
    clock.now += MINUTE;
    clock.author = '夜班编辑';
    current = await library.saveStory({
      id: story.id,
      baseRevision: current.revision,
      changes: { body: body('改了一句。') },
    });
    expect(current.status).toBe('edited');
    expect(current.statusHistory.at(-1)).toMatchObject({
      status: 'edited',
      by: '夜班编辑',
      event: 'edited-after-approval',
    });
    expect((await library.getStory(story.id)).status).toBe('edited');
  });
});
