import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoryBody } from '../../../../shared/model';
import {
  type JournalStorage,
  clearJournal,
  journalKey,
  planRecovery,
  readJournal,
  writeJournal,
} from '../../../../renderer/src/features/story/saving/draft-journal';
import type { EditableFields } from '../../../../renderer/src/features/story/fields/editable-fields';
import { JournalWriter } from '../../../../renderer/src/features/story/saving/journal-writer';

/** Web Storage on a Map, with a switch to make it refuse writes like a full quota. */
function memoryStorage() {
  const map = new Map<string, string>();
  let full = false;
  const storage: JournalStorage = {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      if (full) throw new DOMException('quota', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
  };
  return { storage, map, fill: () => (full = true) };
}

const para = (text: string): StoryBody => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

const fields = (over: Partial<EditableFields> = {}): EditableFields => ({
  kicker: '',
  headline: '滨江图书馆今起免费开放',
  subheadline: '',
  byline: '本报记者 林小雨',
  dateline: '本报讯',
  slug: '',
  section: '要闻',
  status: 'draft',
  body: para('新馆今天开放。'),
  tags: [],
  targetLength: null,
  notes: '',
  fit: null,
  ...over,
});

describe('draft journal entries', () => {
  it('round-trip through storage under one key per story', () => {
    const { storage, map } = memoryStorage();
    const entry = {
      baseRevision: 4,
      changes: { headline: '新标题', body: para('新馆今天开放，读者排起长队。') },
      at: '2026-07-22T09:15:00.000Z',
    };
    expect(writeJournal(storage, 'story-1', entry)).toBe(true);
    expect([...map.keys()]).toEqual([journalKey('story-1')]);
    expect(readJournal(storage, 'story-1')).toEqual(entry);
    expect(readJournal(storage, 'story-2')).toBeNull();
    clearJournal(storage, 'story-1');
    expect(readJournal(storage, 'story-1')).toBeNull();
  });

  it('drops an entry that is not JSON or not a valid journal, instead of failing the story', () => {
    const { storage, map } = memoryStorage();
    map.set(journalKey('a'), '{broken');
    map.set(
      journalKey('b'),
      JSON.stringify({ baseRevision: 1, changes: { headline: 'two\nlines' }, at: '2026-07-22T09:15:00.000Z' }),
    );
    expect(readJournal(storage, 'a')).toBeNull();
    expect(readJournal(storage, 'b')).toBeNull();
    expect(map.size).toBe(0);
  });

  it('reports a full storage instead of throwing', () => {
    const { storage, fill } = memoryStorage();
    fill();
    expect(
      writeJournal(storage, 's', { baseRevision: 1, changes: { notes: 'x' }, at: '2026-07-22T09:15:00.000Z' }),
    ).toBe(false);
  });
});

describe('recovery when a story opens', () => {
  const story = { ...fields(), revision: 4 };
  const at = '2026-07-22T09:15:00.000Z';

  it('applies changes made on the revision that is still current', () => {
    const plan = planRecovery({ baseRevision: 4, changes: { body: para('新馆今天开放，读者排起长队。') }, at }, story);
    expect(plan).toEqual({ kind: 'apply', changes: { body: para('新馆今天开放，读者排起长队。') }, at });
  });

  it('asks before applying changes made on an older revision', () => {
    const plan = planRecovery({ baseRevision: 3, changes: { headline: '旧版上改的标题' }, at }, story);
    expect(plan).toEqual({ kind: 'stale', changes: { headline: '旧版上改的标题' }, at, baseRevision: 3 });
  });

  it('ignores changes the story already has (a save that landed as the window closed)', () => {
    expect(
      planRecovery({ baseRevision: 3, changes: { headline: story.headline, body: story.body }, at }, story),
    ).toEqual({
      kind: 'none',
    });
    const plan = planRecovery({ baseRevision: 4, changes: { headline: story.headline, notes: '核实数字' }, at }, story);
    expect(plan).toEqual({ kind: 'apply', changes: { notes: '核实数字' }, at });
  });

  it('has nothing to do without an entry', () => {
    expect(planRecovery(null, story)).toEqual({ kind: 'none' });
  });
});

describe('the journal writer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-07-22T09:15:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  function setup() {
    const { storage, map } = memoryStorage();
    let values = fields();
    let revision = 4;
    const writer = new JournalWriter({ storyId: 's1', storage, read: () => values, revision: () => revision });
    return {
      writer,
      entry: () => readJournal(storage, 's1'),
      writes: () => map.size,
      type: (over: Partial<EditableFields>) => {
        values = { ...values, ...over };
        for (const k of Object.keys(over) as (keyof EditableFields)[]) writer.changed(k);
      },
      setRevision: (r: number) => (revision = r),
    };
  }

  it('writes the changed fields within the throttle interval, not on every keystroke', () => {
    const s = setup();
    s.type({ body: para('新') });
    // Off the keystroke itself: written on the next turn of the event loop.
    expect(s.entry()).toBeNull();
    vi.advanceTimersByTime(0);
    expect(s.entry()?.changes).toEqual({ body: para('新') });
    vi.advanceTimersByTime(100);
    s.type({ body: para('新馆') });
    vi.advanceTimersByTime(100);
    s.type({ body: para('新馆今') });
    expect(s.entry()?.changes).toEqual({ body: para('新') });
    vi.advanceTimersByTime(100);
    expect(s.entry()).toEqual({ baseRevision: 4, changes: { body: para('新馆今') }, at: '2026-07-22T09:15:00.300Z' });
  });

  it('writes at once when asked (pagehide), and only what changed', () => {
    const s = setup();
    s.type({ headline: '标题一' });
    s.writer.writeNow();
    expect(s.entry()?.changes).toEqual({ headline: '标题一' });
  });

  it('keeps fields whose save is in flight, and trims to what is still unsaved after it', () => {
    const s = setup();
    s.type({ headline: '标题一', body: para('正文一') });
    s.writer.writeNow();
    // The save of both is in flight; the user types on in the body.
    s.type({ body: para('正文二') });
    s.writer.writeNow();
    expect(s.entry()).toMatchObject({ baseRevision: 4, changes: { headline: '标题一', body: para('正文二') } });
    // The save lands as revision 5; the body changed after it was read.
    s.setRevision(5);
    s.writer.saved(['body']);
    expect(s.entry()).toMatchObject({ baseRevision: 5, changes: { body: para('正文二') } });
    s.setRevision(6);
    s.writer.saved([]);
    expect(s.entry()).toBeNull();
  });

  it('forgets everything on discard and writes nothing after', () => {
    const s = setup();
    s.type({ notes: '备注' });
    s.writer.writeNow();
    s.writer.discard();
    expect(s.entry()).toBeNull();
    s.type({ notes: '再写' });
    vi.advanceTimersByTime(1000);
    expect(s.writes()).toBe(0);
  });
});
