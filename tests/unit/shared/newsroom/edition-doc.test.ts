import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Edition } from '../../../../shared/model';
import { readEditionFromDoc, writeEditionToDoc } from '../../../../shared/newsroom/edition-doc';

const samples = join(__dirname, '../../../../resources/sample-library/editions');
const sampleEditions = (): Edition[] =>
  readdirSync(samples)
    .filter((f) => f.endsWith('.json'))
    .map((f) => Edition.parse(JSON.parse(readFileSync(join(samples, f), 'utf8'))));

const exchange = (a: Y.Doc, b: Y.Doc) => {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, fromA);
  Y.applyUpdate(a, fromB);
};

describe('edition ⇄ Y.Doc', () => {
  it('round-trips the sample editions exactly, and writing one again changes nothing', () => {
    const editions = sampleEditions();
    expect(editions.length).toBeGreaterThan(0);
    for (const edition of editions) {
      const doc = new Y.Doc();
      expect(writeEditionToDoc(doc, edition)).toBe(true);
      expect(readEditionFromDoc(doc)).toEqual(edition);
      const vector = Y.encodeStateVector(doc);
      expect(writeEditionToDoc(doc, edition)).toBe(false);
      expect(Y.encodeStateVector(doc)).toEqual(vector);
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      expect(readEditionFromDoc(other)).toEqual(edition);
    }
  });

  it('keeps moves of different blocks from two desks, and the later move of one block', () => {
    const edition = sampleEditions().find((e) => e.pages.some((p) => p.placements.length >= 2))!;
    const pageIndex = edition.pages.findIndex((p) => p.placements.length >= 2);
    const a = new Y.Doc();
    a.clientID = 1;
    writeEditionToDoc(a, edition);
    const b = new Y.Doc();
    b.clientID = 2;
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const moved = (e: Edition, which: number, line: number): Edition => ({
      ...e,
      pages: e.pages.map((p, i) =>
        i !== pageIndex ? p : { ...p, placements: p.placements.map((pl, j) => (j === which ? { ...pl, line } : pl)) },
      ),
    });
    writeEditionToDoc(a, moved(edition, 0, 7));
    writeEditionToDoc(b, { ...moved(edition, 1, 9), ear: 'Fine, 12°C' });
    exchange(a, b);
    const merged = readEditionFromDoc(a)!;
    expect(readEditionFromDoc(b)).toEqual(merged);
    expect(merged.pages[pageIndex]!.placements[0]!.line).toBe(7);
    expect(merged.pages[pageIndex]!.placements[1]!.line).toBe(9);
    expect(merged.ear).toBe('Fine, 12°C');
    // A page added on one desk and a placement removed on the other.
    const withPage = {
      ...merged,
      pages: [...merged.pages, { ...merged.pages[0]!, id: 'page-added', number: 99, placements: [] }],
    };
    const without = {
      ...merged,
      pages: merged.pages.map((p, i) => (i === pageIndex ? { ...p, placements: p.placements.slice(1) } : p)),
    };
    writeEditionToDoc(a, withPage);
    writeEditionToDoc(b, without);
    exchange(a, b);
    const after = readEditionFromDoc(b)!;
    expect(readEditionFromDoc(a)).toEqual(after);
    expect(after.pages.at(-1)?.id).toBe('page-added');
    expect(after.pages[pageIndex]!.placements.map((p) => p.id)).toEqual(
      without.pages[pageIndex]!.placements.map((p) => p.id),
    );
  });
});
