import { describe, expect, it } from 'vitest';
import { MastheadError } from '../../../../shared/ipc/contract';
import { SaveQueue, type SaveState } from '../../../../renderer/src/features/story/saving/save-queue';

interface Fields {
  headline: string;
  byline: string;
}

/** A host whose saves stay pending until the test settles them. */
function fakeHost(initial: Fields) {
  const values = { ...initial };
  const sent: { baseRevision: number; changes: Partial<Fields> }[] = [];
  const pending: { resolve: (revision: number) => void; reject: (error: unknown) => void }[] = [];
  const states: SaveState['phase'][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const queue = new SaveQueue<Fields>(3, {
    send: (baseRevision, changes) => {
      sent.push({ baseRevision, changes });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<number>((resolve, reject) => {
        pending.push({
          resolve: (r) => {
            inFlight--;
            resolve(r);
          },
          reject: (e) => {
            inFlight--;
            reject(e);
          },
        });
      });
    },
    read: () => ({ ...values }),
    onChange: (state) => states.push(state.phase),
  });
  const settle = async (how: number | Error) => {
    const next = pending.shift();
    if (!next) throw new Error('no save in flight');
    if (typeof how === 'number') next.resolve(how);
    else next.reject(how);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { queue, values, sent, states, settle, maxInFlight: () => maxInFlight };
}

describe('SaveQueue', () => {
  it('sends only the changed fields, with their values at send time', async () => {
    const host = fakeHost({ headline: 'a', byline: 'b' });
    host.values.headline = 'first';
    host.queue.markDirty('headline');
    host.values.headline = 'second';
    const done = host.queue.flush();
    await host.settle(4);
    expect(await done).toEqual({ ok: true });
    expect(host.sent).toEqual([{ baseRevision: 3, changes: { headline: 'second' } }]);
    expect(host.queue.state.phase).toBe('saved');
    expect(host.states).toEqual(['dirty', 'saving', 'saved']);
  });

  it('never runs two saves at once; a save asked for mid-flight follows on the new revision', async () => {
    const host = fakeHost({ headline: 'a', byline: 'b' });
    host.values.headline = 'one';
    host.queue.markDirty('headline');
    const first = host.queue.flush();
    host.values.byline = 'two';
    host.queue.markDirty('byline');
    const second = host.queue.flush();
    expect(host.sent).toHaveLength(1);
    await host.settle(4);
    expect(host.sent).toHaveLength(2);
    expect(host.sent[1]).toEqual({ baseRevision: 4, changes: { byline: 'two' } });
    await host.settle(5);
    expect(await first).toEqual({ ok: true });
    expect(await second).toEqual({ ok: true });
    expect(host.maxInFlight()).toBe(1);
    expect(host.queue.revision).toBe(5);
  });

  it('keeps failed fields dirty and retries them on the next save', async () => {
    const host = fakeHost({ headline: 'a', byline: 'b' });
    host.values.headline = 'lost?';
    host.queue.markDirty('headline');
    const failed = host.queue.flush();
    await host.settle(new MastheadError('io', 'disk full'));
    expect(await failed).toMatchObject({ ok: false });
    expect(host.queue.state.phase).toBe('error');
    expect(host.queue.isDirty).toBe(true);
    const retry = host.queue.flush();
    await host.settle(4);
    expect(await retry).toEqual({ ok: true });
    expect(host.sent[1]).toEqual({ baseRevision: 3, changes: { headline: 'lost?' } });
    expect(host.queue.state.phase).toBe('saved');
  });

  it('stops saving after a conflict instead of overwriting the newer revision', async () => {
    const host = fakeHost({ headline: 'a', byline: 'b' });
    host.queue.markDirty('headline');
    const failed = host.queue.flush();
    await host.settle(new MastheadError('conflict', 'changed elsewhere'));
    expect(await failed).toMatchObject({ ok: false });
    expect(host.queue.state.phase).toBe('conflict');
    host.queue.markDirty('byline');
    expect(await host.queue.flush()).toMatchObject({ ok: false });
    expect(host.sent).toHaveLength(1);
  });

  it('sends nothing when nothing changed, and nothing after discard', async () => {
    const host = fakeHost({ headline: 'a', byline: 'b' });
    expect(await host.queue.flush()).toEqual({ ok: true });
    host.queue.markDirty('headline');
    host.queue.discard();
    expect(await host.queue.flush()).toEqual({ ok: true });
    expect(host.sent).toHaveLength(0);
    expect(host.queue.state.phase).toBe('saved');
  });
});
