import { describe, expect, it } from 'vitest';
import { MastheadError, contract, createApi, methodForChannel, methodNames } from '../../../shared/ipc/contract';

describe('the IPC contract', () => {
  it('gives every method its own domain:verb-noun channel', () => {
    const channels = methodNames.map((m) => contract[m].channel);
    expect(new Set(channels).size).toBe(channels.length);
    for (const channel of channels) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
    for (const m of methodNames) expect(methodForChannel(contract[m].channel)).toBe(m);
    expect(methodForChannel('library:drop-everything')).toBeUndefined();
  });

  it('refuses unknown fields in a save so a typo cannot pass silently', () => {
    const input = contract.saveStory.input;
    expect(input.safeParse({ id: 'a', baseRevision: 1, changes: { headline: '新标题' } }).success).toBe(true);
    expect(input.safeParse({ id: 'a', baseRevision: 1, changes: { headlien: '新标题' } }).success).toBe(false);
    expect(input.safeParse({ id: 'a', baseRevision: 1, changes: { revision: 99 } }).success).toBe(false);
    expect(input.safeParse({ id: 'a', baseRevision: -1, changes: {} }).success).toBe(false);
  });

  it('builds an API whose calls resolve to values and reject with the host error code', async () => {
    const sent: [string, unknown][] = [];
    const api = createApi(async (method, input) => {
      sent.push([method, input]);
      return method === 'getStory'
        ? { ok: false, error: { code: 'not-found', message: 'no such story' } }
        : { ok: true, value: [] };
    });
    expect(Object.keys(api).sort()).toEqual([...methodNames].sort());
    await expect(api.listStories()).resolves.toEqual([]);
    const failure = await api.getStory({ id: 'x' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MastheadError);
    expect((failure as MastheadError).code).toBe('not-found');
    expect(sent).toEqual([
      ['listStories', undefined],
      ['getStory', { id: 'x' }],
    ]);
    const garbled = createApi(async () => 'not an envelope');
    await expect(garbled.listStories()).rejects.toMatchObject({ code: 'internal' });
  });
});
