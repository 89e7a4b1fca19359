import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EditionSaver, type EditionSaveState } from '../../../../renderer/src/features/edition/edition-saver';
import { MastheadError } from '../../../../shared/ipc/contract';
import type { Edition } from '../../../../shared/model/edition';

const at = (n: number) => new Date(Date.UTC(2026, 6, 22, 10, 0, n)).toISOString();
const state = (updatedAt: string, tag: string) => ({ id: 'ed', updatedAt, publication: tag }) as unknown as Edition;

describe('the edition autosave', () => {
  let present: Edition;
  let phases: EditionSaveState['phase'][];
  let sent: { base: string; publication: string }[];
  let reply: (edition: Edition, base: string) => Promise<Edition>;
  let saver: EditionSaver;

  beforeEach(() => {
    vi.useFakeTimers();
    present = state(at(0), 'v0');
    phases = [];
    sent = [];
    let clock = 1;
    reply = async (edition) => ({ ...edition, updatedAt: at(clock++) });
    saver = new EditionSaver(at(0), present, {
      send: (edition, base) => {
        sent.push({ base, publication: edition.publication });
        return reply(edition, base);
      },
      read: () => present,
      onChange: (s) => phases.push(s.phase),
      delayMs: 500,
    });
  });
  afterEach(() => vi.useRealTimers());

  it('waits for a pause, then saves once, naming the updatedAt the last save returned', async () => {
    present = state(at(0), 'v1');
    saver.schedule();
    present = state(at(0), 'v2');
    saver.schedule();
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([{ base: at(0), publication: 'v2' }]);
    present = state(at(0), 'v3');
    saver.schedule();
    await vi.advanceTimersByTimeAsync(500);
    expect(sent[1]).toEqual({ base: at(1), publication: 'v3' });
    expect(phases.at(-1)).toBe('saved');
  });

  it('sends an edit made during a save right after it', async () => {
    let release!: () => void;
    reply = (edition) =>
      new Promise((ok) => {
        release = () => ok({ ...edition, updatedAt: at(sent.length) });
      });
    present = state(at(0), 'v1');
    const first = saver.flush();
    present = state(at(0), 'v2');
    saver.schedule();
    void saver.flush();
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.publication)).toEqual(['v1', 'v2']);
    expect(phases.at(-1)).toBe('saving');
    release();
    // The first flush settles only once what was edited during it is saved too.
    await first;
    expect(phases.at(-1)).toBe('saved');
    expect(sent[1]!.base).toBe(at(1));
  });

  it('stops on a conflict and saves nothing more; an error waits for the next edit', async () => {
    reply = async () => {
      throw new MastheadError('io', 'disk full');
    };
    present = state(at(0), 'v1');
    await saver.flush();
    expect(phases.at(-1)).toBe('error');
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(1);

    reply = async () => {
      throw new MastheadError('conflict', 'changed elsewhere');
    };
    present = state(at(0), 'v2');
    saver.schedule();
    await vi.advanceTimersByTimeAsync(500);
    expect(phases.at(-1)).toBe('conflict');
    present = state(at(0), 'v3');
    saver.schedule();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(2);
    expect(saver.phase).toBe('conflict');
  });

  it('with a newsroom, merges a change from elsewhere on a conflict and saves again over it', async () => {
    const merged: string[] = [];
    const live = new EditionSaver(at(0), present, {
      send: (edition, base) => {
        sent.push({ base, publication: edition.publication });
        if (base === at(0)) return Promise.reject(new MastheadError('conflict', 'changed elsewhere'));
        return Promise.resolve({ ...edition, updatedAt: at(9) });
      },
      read: () => present,
      onChange: (s) => phases.push(s.phase),
      resolveConflict: async () => {
        // What the hook does: the library's edition merged in, the next save made over it.
        present = state(at(5), `${present.publication}+theirs`);
        live.rebase(state(at(5), 'theirs'));
        merged.push(present.publication);
        return true;
      },
    });
    present = state(at(0), 'mine');
    await live.flush();
    expect(merged).toEqual(['mine+theirs']);
    expect(sent).toEqual([
      { base: at(0), publication: 'mine' },
      { base: at(5), publication: 'mine+theirs' },
    ]);
    expect(live.phase).toBe('saved');
    expect(live.baseUpdatedAt).toBe(at(9));
  });

  it('stops on a conflict the merge cannot resolve, keeping the refusal', async () => {
    const live = new EditionSaver(at(0), present, {
      send: () => Promise.reject(new MastheadError('conflict', 'changed elsewhere')),
      read: () => present,
      onChange: (s) => phases.push(s.phase),
      resolveConflict: async () => false,
    });
    present = state(at(0), 'mine');
    await live.flush();
    await vi.advanceTimersByTimeAsync(10);
    expect(live.phase).toBe('conflict');
  });
});
