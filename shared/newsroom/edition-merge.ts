import type { Edition } from '../model/edition';

/**
 * Three-way merge of an edition open in a window with one that arrived from elsewhere (another
 * desk chief, through the newsroom): `base` is what the window last knew the library held,
 * `local` the window's state (its unsaved edits on top of base), `remote` the library's now.
 * Key by key and block by block (lists of objects with an `id`, as pages and placements are,
 * merge by id), what only one side changed is kept; where both changed the same value the
 * window's own edit wins, as it is the later one (it is saved after what arrived). A block
 * removed on either side stays removed; blocks added on either side are both kept.
 */
export function mergeEditions(base: Edition, local: Edition, remote: Edition): Edition {
  if (same(withoutTime(local), withoutTime(base))) return remote;
  const merged = mergeValue(base, local, remote) as Edition;
  // The next save is made over what the library holds now.
  return { ...merged, updatedAt: remote.updatedAt };
}

const withoutTime = (edition: Edition): unknown => ({ ...edition, updatedAt: null });

const same = (a: unknown, b: unknown): boolean => a === b || canonical(a) === canonical(b);

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  ) ?? 'undefined';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Identified = Record<string, unknown> & { id: string };
const isIdList = (value: unknown): value is Identified[] =>
  Array.isArray(value) && value.every((item) => isRecord(item) && typeof item.id === 'string');

function mergeValue(base: unknown, local: unknown, remote: unknown): unknown {
  if (same(local, base)) return remote;
  if (same(remote, base) || same(local, remote)) return local;
  if (isRecord(base) && isRecord(local) && isRecord(remote)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(remote), ...Object.keys(local)])) {
      const value = mergeValue(base[key], local[key], remote[key]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  if (isIdList(base) && isIdList(local) && isIdList(remote)) return mergeById(base, local, remote);
  // Both changed one plain value: the window's edit is the later.
  return local;
}

/** Lists of things with ids: each merged on its own; removed on one side, gone; added on either, kept. */
function mergeById(base: Identified[], local: Identified[], remote: Identified[]): Identified[] {
  const byId = (list: Identified[]) => new Map(list.map((item) => [item.id, item]));
  const [inBase, inLocal, inRemote] = [byId(base), byId(local), byId(remote)];
  const ids = (list: Identified[]) => list.map((item) => item.id);
  // The order the window gave, if only it reordered; else the library's.
  const localReordered = !same(
    ids(local).filter((id) => inBase.has(id)),
    ids(base).filter((id) => inLocal.has(id)),
  );
  const remoteReordered = !same(
    ids(remote).filter((id) => inBase.has(id)),
    ids(base).filter((id) => inRemote.has(id)),
  );
  const order = localReordered && !remoteReordered ? ids(local) : ids(remote);
  // Added on either side: placed after the item that precedes it in that side's list.
  for (const list of [ids(local), ids(remote)]) {
    list.forEach((id, index) => {
      if (inBase.has(id) || order.includes(id)) return;
      const before = list
        .slice(0, index)
        .reverse()
        .find((other) => order.includes(other));
      order.splice(before === undefined ? 0 : order.indexOf(before) + 1, 0, id);
    });
  }
  const out: Identified[] = [];
  for (const id of order) {
    const [b, l, r] = [inBase.get(id), inLocal.get(id), inRemote.get(id)];
    // Removed on either side (it was in base): it stays removed.
    if (b && (!l || !r)) continue;
    if (!l || !r) {
      out.push((l ?? r)!);
      continue;
    }
    out.push(mergeValue(b, l, r) as Identified);
  }
  return out;
}
