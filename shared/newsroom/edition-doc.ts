import * as Y from 'yjs';
import type { Edition, Page, Placement } from '../model/edition';
import { EDITION_KEYS } from './protocol';
import { sameJson, setPlain } from './yjs-edit';

/**
 * An edition as a Yjs document (`edition:<id>`, docs/newsroom.md) and back. Y.Map 'edition'
 * holds the scalar fields and the templates; Y.Array 'pages' holds one Y.Map per page, whose
 * 'placements' is a Y.Map keyed by placement id of Y.Maps of the placement's fields. Writing an
 * edition changes only the keys that differ, so two desks moving different blocks both keep
 * their move, and the same block moved on both ends where the last write puts it.
 */

/** The place of a placement in its page's list (a map has no order): drawing order. */
const ORDER_KEY = 'order';

type PageMap = Y.Map<unknown>;
type PlacementMap = Y.Map<unknown>;

const EDITION_FIELDS = [
  'schemaVersion',
  'id',
  'publication',
  'date',
  'issueNumber',
  'ear',
  'templates',
  'createdAt',
  'updatedAt',
] as const;
const PAGE_FIELDS = ['id', 'number', 'section', 'templateId'] as const;

const editionMap = (doc: Y.Doc) => doc.getMap<unknown>(EDITION_KEYS.edition);
const pagesArray = (doc: Y.Doc) => doc.getArray<PageMap>(EDITION_KEYS.pages);

export const hasEdition = (doc: Y.Doc): boolean => typeof editionMap(doc).get('id') === 'string';

/** Writes `edition` onto `doc`, changing only what differs, in one transaction; returns whether anything changed. */
export function writeEditionToDoc(doc: Y.Doc, edition: Edition, origin: unknown = null): boolean {
  let changed = false;
  doc.transact(() => {
    const map = editionMap(doc);
    for (const key of EDITION_FIELDS) changed = setPlain(map, key, edition[key]) || changed;
    changed = writePages(pagesArray(doc), edition.pages) || changed;
  }, origin);
  return changed;
}

function writePages(pages: Y.Array<PageMap>, next: readonly Page[]): boolean {
  let changed = false;
  const wanted = new Set(next.map((page) => page.id));
  // Pages that are gone, from the end so indexes stay right.
  for (let i = pages.length - 1; i >= 0; i--) {
    if (!wanted.has(pages.get(i).get('id') as string)) {
      pages.delete(i, 1);
      changed = true;
    }
  }
  next.forEach((page, index) => {
    const atIndex = index < pages.length ? pages.get(index) : null;
    if (atIndex && atIndex.get('id') === page.id) {
      changed = writePage(atIndex, page) || changed;
      return;
    }
    // Moved or new: a page moved in the list is written afresh where it now stands.
    const from = pages.toArray().findIndex((p) => p.get('id') === page.id);
    if (from >= 0) pages.delete(from, 1);
    const map = new Y.Map<unknown>();
    pages.insert(index, [map]);
    writePage(map, page);
    changed = true;
  });
  return changed;
}

function writePage(map: PageMap, page: Page): boolean {
  let changed = false;
  for (const key of PAGE_FIELDS) changed = setPlain(map, key, page[key]) || changed;
  let placements = map.get(EDITION_KEYS.placements) as Y.Map<PlacementMap> | undefined;
  if (!(placements instanceof Y.Map)) {
    placements = new Y.Map<PlacementMap>();
    map.set(EDITION_KEYS.placements, placements);
    changed = true;
  }
  const wanted = new Set(page.placements.map((p) => p.id));
  for (const id of [...placements.keys()]) {
    if (!wanted.has(id)) {
      placements.delete(id);
      changed = true;
    }
  }
  page.placements.forEach((placement, order) => {
    let entry = placements.get(placement.id);
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>();
      placements.set(placement.id, entry);
      changed = true;
    }
    changed = writePlacement(entry, placement, order) || changed;
  });
  return changed;
}

function writePlacement(map: PlacementMap, placement: Placement, order: number): boolean {
  let changed = false;
  const record = placement as unknown as Record<string, unknown>;
  for (const key of [...map.keys()]) {
    if (key !== ORDER_KEY && !(key in record)) {
      map.delete(key);
      changed = true;
    }
  }
  for (const [key, value] of Object.entries(record)) changed = setPlain(map, key, value) || changed;
  if (!sameJson(map.get(ORDER_KEY), order)) {
    map.set(ORDER_KEY, order);
    changed = true;
  }
  return changed;
}

/** The edition the document holds; null for a document with no edition yet. */
export function readEditionFromDoc(doc: Y.Doc): Edition | null {
  if (!hasEdition(doc)) return null;
  const map = editionMap(doc);
  const edition: Record<string, unknown> = {};
  for (const key of EDITION_FIELDS) if (map.has(key)) edition[key] = map.get(key);
  edition.pages = pagesArray(doc)
    .toArray()
    .map((page) => readPage(page));
  return edition as unknown as Edition;
}

function readPage(map: PageMap): Page {
  const page: Record<string, unknown> = {};
  for (const key of PAGE_FIELDS) page[key] = map.get(key);
  const placements = map.get(EDITION_KEYS.placements);
  const entries = placements instanceof Y.Map ? [...(placements as Y.Map<PlacementMap>).values()] : [];
  page.placements = entries
    .map((entry) => entry.toJSON() as Record<string, unknown>)
    .sort((a, b) => (a[ORDER_KEY] as number) - (b[ORDER_KEY] as number) || String(a.id).localeCompare(String(b.id)))
    .map(({ [ORDER_KEY]: _order, ...placement }) => placement);
  return page as unknown as Page;
}
