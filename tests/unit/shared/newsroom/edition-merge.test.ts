import { describe, expect, it } from 'vitest';
import type { Edition, Placement } from '../../../../shared/model/edition';
import { mergeEditions } from '../../../../shared/newsroom/edition-merge';
import { placeholderBlock as block } from '../../../helpers/edition-blocks';

/** What a page layout open in a window does with an edition another desk chief changed meanwhile. */

const base: Edition = {
  schemaVersion: 1,
  id: 'ed-1',
  publication: 'The Harbour Times',
  date: '2026-12-07',
  issueNumber: 7,
  templates: [],
  pages: [
    { id: 'p1', number: 1, section: 'News', templateId: 't', placements: [block('a', 0, 0), block('b', 1, 0)] },
    { id: 'p2', number: 2, section: 'Sport', templateId: 't', placements: [block('c', 0, 0)] },
  ],
  createdAt: '2026-12-07T08:00:00.000Z',
  updatedAt: '2026-12-07T08:00:00.000Z',
} as unknown as Edition;

type Change = (placement: Placement) => Placement;
const edit = (edition: Edition, id: string, change: Change, updatedAt = edition.updatedAt): Edition => ({
  ...edition,
  updatedAt,
  pages: edition.pages.map((page) => ({
    ...page,
    placements: page.placements.map((p) => (p.id === id ? change(p) : p)),
  })),
});
const place = (edition: Edition, id: string) =>
  edition.pages.flatMap((page) => page.placements).find((p) => p.id === id);
const later = '2026-12-07T09:00:00.000Z';

describe('merging an edition changed elsewhere into the open one', () => {
  it('takes the other desk’s edition as it is when nothing was changed here', () => {
    const remote = edit(base, 'c', (p) => ({ ...p, line: 30 }), later);
    expect(mergeEditions(base, base, remote)).toBe(remote);
  });

  it('keeps both moves of blocks on different pages, and the other desk’s time', () => {
    const local = edit(base, 'a', (p) => ({ ...p, line: 20 }));
    const remote = edit(base, 'c', (p) => ({ ...p, column: 2, line: 30 }), later);
    const merged = mergeEditions(base, local, remote);
    expect(place(merged, 'a')).toMatchObject({ line: 20 });
    expect(place(merged, 'c')).toMatchObject({ column: 2, line: 30 });
    expect(merged.updatedAt).toBe(later);
  });

  it('keeps a resize here and a move there of the same block, and this window’s edit where both set one value', () => {
    const local = edit(base, 'a', (p) => ({ ...p, span: 3, line: 5 }));
    const remote = edit(base, 'a', (p) => ({ ...p, column: 2, line: 40 }), later);
    expect(place(mergeEditions(base, local, remote), 'a')).toMatchObject({ span: 3, column: 2, line: 5 });
  });

  it('keeps blocks added on both sides and a removal on either', () => {
    const local = {
      ...base,
      pages: base.pages.map((page) =>
        page.id === 'p1' ? { ...page, placements: [...page.placements, block('new-here', 3, 0)] } : page,
      ),
    };
    const remote = {
      ...base,
      updatedAt: later,
      pages: base.pages.map((page) =>
        page.id === 'p1'
          ? { ...page, placements: [page.placements[0]!, block('new-there', 4, 0)] }
          : { ...page, placements: [] },
      ),
    };
    const merged = mergeEditions(base, local, remote);
    expect(merged.pages[0]!.placements.map((p) => p.id).sort()).toEqual(['a', 'new-here', 'new-there']);
    expect(merged.pages[1]!.placements).toEqual([]);
  });
});
