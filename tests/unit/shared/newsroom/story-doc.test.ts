import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Story } from '../../../../shared/model';
import {
  type StoryState,
  keepLaterWrites,
  markStoryDeleted,
  readPlainFields,
  readStoryFromDoc,
  readStoryDeleted,
  writeStoryToDoc,
} from '../../../../shared/newsroom/story-doc';

const samples = join(__dirname, '../../../../resources/sample-library/stories');
const sampleStories = (): StoryState[] =>
  readdirSync(samples)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const { revision: _r, ...state } = Story.parse(JSON.parse(readFileSync(join(samples, f), 'utf8')));
      return state;
    });

const sorted = (value: object) => JSON.parse(JSON.stringify(value, Object.keys(value).sort())) as unknown;

/** Two desks that start from the same document, as after a sync. */
function twoDesks(story: StoryState) {
  const a = new Y.Doc();
  writeStoryToDoc(a, story);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return { a, b };
}

const exchange = (a: Y.Doc, b: Y.Doc) => {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, fromA, 'remote');
  Y.applyUpdate(a, fromB, 'remote');
};

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

describe('story ⇄ Y.Doc', () => {
  it('round-trips every sample story exactly, and a second write of the same story changes nothing', () => {
    const stories = sampleStories();
    expect(stories.length).toBeGreaterThan(0);
    for (const story of stories) {
      const doc = new Y.Doc();
      expect(writeStoryToDoc(doc, story)).toBe(true);
      const back = readStoryFromDoc(doc);
      expect(back && sorted(back)).toEqual(sorted(story));
      expect(back?.body).toEqual(story.body);
      const before = Y.encodeStateVector(doc);
      expect(writeStoryToDoc(doc, story)).toBe(false);
      expect(Y.encodeStateVector(doc)).toEqual(before);
      // Through the wire format too: another desk reads the same story.
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      expect(sorted(readStoryFromDoc(other)!)).toEqual(sorted(story));
    }
  });

  it('keeps both edits when two desks change different paragraphs and different fields of one story', () => {
    const base = {
      ...sampleStories()[0]!,
      headline: 'Harbour bridge opens',
      body: {
        type: 'doc' as const,
        content: [paragraph('First paragraph.'), paragraph('Second paragraph.'), paragraph('Third one.')],
      },
    };
    const { a, b } = twoDesks(base);
    writeStoryToDoc(a, {
      ...base,
      headline: 'Harbour bridge opens at last',
      body: {
        type: 'doc',
        content: [paragraph('First paragraph, edited on A.'), base.body.content[1]!, base.body.content[2]!],
      },
    });
    writeStoryToDoc(b, {
      ...base,
      section: 'Metro',
      notes: 'Check the toll figure.',
      body: {
        type: 'doc',
        content: [
          base.body.content[0]!,
          base.body.content[1]!,
          paragraph('Third one, edited on B.'),
          paragraph('Added on B.'),
        ],
      },
    });
    exchange(a, b);
    const fromA = readStoryFromDoc(a)!;
    expect(sorted(readStoryFromDoc(b)!)).toEqual(sorted(fromA));
    expect(fromA.headline).toBe('Harbour bridge opens at last');
    expect(fromA.section).toBe('Metro');
    expect(fromA.notes).toBe('Check the toll figure.');
    expect(fromA.body.content).toEqual([
      paragraph('First paragraph, edited on A.'),
      paragraph('Second paragraph.'),
      paragraph('Third one, edited on B.'),
      paragraph('Added on B.'),
    ]);
  });

  it('merges two edits of one text field character by character', () => {
    const base = { ...sampleStories()[0]!, headline: 'Bridge opens' };
    const { a, b } = twoDesks(base);
    writeStoryToDoc(a, { ...base, headline: 'Harbour Bridge opens' });
    writeStoryToDoc(b, { ...base, headline: 'Bridge opens today' });
    exchange(a, b);
    expect(readStoryFromDoc(a)!.headline).toBe('Harbour Bridge opens today');
    expect(readStoryFromDoc(b)!.headline).toBe('Harbour Bridge opens today');
  });

  it('keeps the later write of one plain field on both desks and hands back the earlier value', () => {
    const base = { ...sampleStories()[0]!, section: 'News' };
    // Both orders of client numbers: Yjs alone would settle the key by client number.
    for (const [earlyId, lateId] of <[number, number][]>[
      [1, 2],
      [2, 1],
    ]) {
      const a = new Y.Doc();
      a.clientID = earlyId;
      writeStoryToDoc(a, base);
      const b = new Y.Doc();
      b.clientID = lateId;
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      writeStoryToDoc(a, { ...base, section: 'Sport', updatedAt: '2026-12-06T10:00:00.000Z', updatedBy: 'ann' });
      writeStoryToDoc(b, { ...base, section: 'Business', updatedAt: '2026-12-06T10:05:00.000Z', updatedBy: 'bob' });
      const beforeA = readPlainFields(a);
      const beforeB = readPlainFields(b);
      exchange(a, b);
      const lostOnA = keepLaterWrites(a, beforeA);
      const lostOnB = keepLaterWrites(b, beforeB);
      exchange(a, b);
      for (const doc of [a, b]) {
        expect(readStoryFromDoc(doc)!.section).toBe('Business');
        expect(readStoryFromDoc(doc)!.updatedBy).toBe('bob');
      }
      // The earlier value is named on one desk or the other, with its author: the history keeps it.
      const lost = [...lostOnA, ...lostOnB].filter((w) => w.field === 'section');
      expect(lost.some((w) => w.value === 'Sport' && w.stamp?.by === 'ann')).toBe(true);
      expect(lost.some((w) => w.value === 'Business')).toBe(false);
    }
  });

  it('marks a story deleted and brings it back when it is written again', () => {
    const story = sampleStories()[0]!;
    const doc = new Y.Doc();
    writeStoryToDoc(doc, story);
    markStoryDeleted(doc, { by: 'ann', at: '2026-12-06T10:00:00.000Z' });
    expect(readStoryDeleted(doc)).toEqual({ by: 'ann', at: '2026-12-06T10:00:00.000Z' });
    writeStoryToDoc(doc, { ...story, headline: 'Edited after' });
    expect(readStoryDeleted(doc)).toBeNull();
  });
});
