import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TextStore } from '../../../../electron/search/text-store';
import type { SearchDocument } from '../../../../electron/search/story-text';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'masthead-text-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const doc = (id: string, body: string): SearchDocument => ({
  id,
  headline: `标题 ${id}`,
  kicker: '引题',
  subheadline: '',
  slug: id,
  byline: '本报记者 李明',
  tags: '经济\n港口',
  body,
  section: '要闻',
  status: 'draft',
  language: 'zh-Hans',
});

describe('the search process keeps stories’ text for snippets in a temporary file', () => {
  it('gives back every story as put, across blocks written to the file, and the newest text of a changed one', () => {
    const store = new TextStore(dir);
    const long = '港口吞吐量同比增长“一带一路”，𠀀 emoji 🙂 and "quotes"\n'.repeat(30_000);
    const docs = Array.from({ length: 600 }, (_, i) => doc(`s${i}`, `第${i}段：${'记者从市政府获悉'.repeat(i % 40)}`));
    for (const d of docs) store.put(d);
    store.put(doc('long', long));
    store.put(doc('s7', '改过的正文'));
    for (const d of docs.filter((d) => d.id !== 's7')) expect(store.get(d.id)).toEqual(d);
    expect(store.get('long')?.body).toBe(long);
    expect(store.get('s7')?.body).toBe('改过的正文');
    store.delete('s8');
    expect(store.get('s8')).toBeNull();
    expect(store.get('never')).toBeNull();
    store.close();
    expect(store.get('s1')).toBeNull();
  });

  it('leaves nothing on disk, and keeps nothing (without failing) where it cannot write', () => {
    const store = new TextStore(dir);
    store.put(doc('a', '正文'));
    expect(readdirSync(dir)).toEqual([]);
    expect(store.get('a')?.body).toBe('正文');
    store.close();
    const nowhere = new TextStore(join(dir, 'missing', 'folder'));
    nowhere.put(doc('a', '正文'));
    expect(nowhere.get('a')).toBeNull();
  });
});
