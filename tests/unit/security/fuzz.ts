/**
 * A small seeded generator of hostile payloads, so a failing fuzz run can be replayed from
 * its seed. No dependency: mulberry32 is enough for test data.
 */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rng: Rng, max: number): number => Math.floor(rng() * max);
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)]!;

/** Ids and names that try to leave their folder, in every spelling a path API might accept. */
export const TRAVERSAL = [
  '../',
  '..',
  '../../etc/passwd',
  '..\\..\\Windows\\win.ini',
  '/etc/passwd',
  'C:\\Windows\\System32',
  '\\\\server\\share\\x',
  'a/../../b',
  '....//....//x',
  '%2e%2e%2f%2e%2e%2fx',
  '%2e%2e/',
  '..%2f..%2fx',
  '..%5c..%5cx',
  'story\u0000.json',
  '\u0000',
  '．．／x',
  'x/..',
  '.',
  '~',
  '~/.ssh/id_rsa',
  'file:///etc/passwd',
  'CON',
  'nul.json',
  ' ',
  '-',
  '_',
  'a'.repeat(65),
  'a'.repeat(10_000),
  'é',
  '故事',
  'a\nb',
  'a b',
  '$(rm -rf /)',
  '<script>alert(1)</script>',
];

export const HUGE = ['x'.repeat(1_000_000), '字'.repeat(300_000), '\n'.repeat(100_000), '\uD800'.repeat(1000)];

const SCALARS: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  1,
  0.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  2 ** 31,
  '',
  ' ',
  '0',
  'true',
  'null',
  '{}',
  '[]',
  'zh-Hans',
  'doc',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '🧨',
];

/** Values no JSON transport produces, for calling dispatch in-process. */
export const NON_JSON: unknown[] = [
  undefined,
  NaN,
  Infinity,
  -Infinity,
  10n,
  Symbol('x'),
  () => 1,
  new Date(0),
  new Map([['id', 'x']]),
  new Set([1]),
  new Uint8Array(4),
  /regex/,
  new Error('boom'),
  Object.create(null),
  new Proxy(
    {},
    {
      get: () => {
        throw new Error('trap');
      },
      ownKeys: () => {
        throw new Error('trap');
      },
    },
  ),
];

/** Objects whose own keys try to reach a prototype, made the way JSON.parse makes them. */
export const POLLUTION: unknown[] = [
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  JSON.parse('{"__proto__":{"__proto__":{"polluted":"yes"}}}'),
  JSON.parse('{"prototype":{"polluted":"yes"}}'),
  JSON.parse('{"toString":"x","valueOf":1,"hasOwnProperty":null}'),
];

export function randomString(rng: Rng): string {
  const r = rng();
  if (r < 0.3) return pick(rng, TRAVERSAL);
  if (r < 0.35) return pick(rng, HUGE);
  const alphabet = 'aZ09-_./\\%:\u0000 \n\t"\'<>{}字ü🧨\u202e';
  let s = '';
  for (let i = int(rng, 40); i > 0; i--) s += alphabet[int(rng, alphabet.length)];
  return s;
}

export function randomJson(rng: Rng, depth = 0): unknown {
  const r = rng();
  if (depth > 5 || r < 0.35) return rng() < 0.5 ? pick(rng, SCALARS) : randomString(rng);
  if (r < 0.45) return structuredClone(pick(rng, POLLUTION));
  if (r < 0.7) return Array.from({ length: int(rng, 5) }, () => randomJson(rng, depth + 1));
  const out: Record<string, unknown> = {};
  const keys = ['id', 'input', 'name', 'data', 'type', 'content', 'changes', 'body', 'query', 'limit', 'language'];
  for (let i = int(rng, 5); i > 0; i--)
    out[rng() < 0.7 ? pick(rng, keys) : randomString(rng)] = randomJson(rng, depth + 1);
  return out;
}

/** A value of the wrong kind for wherever it is put. */
export function badValue(rng: Rng): unknown {
  const r = rng();
  if (r < 0.1) return pick(rng, HUGE);
  if (r < 0.4) return pick(rng, TRAVERSAL);
  if (r < 0.5) return structuredClone(pick(rng, POLLUTION));
  if (r < 0.6) return deepNest(int(rng, 2000) + 300);
  return randomJson(rng, 3);
}

/** A TipTap-shaped node nested `depth` deep, built without recursion. */
export function deepNest(depth: number): unknown {
  let node: unknown = { type: 'text', text: 'x' };
  for (let i = 0; i < depth; i++) node = { type: 'paragraph', content: [node] };
  return node;
}

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

/**
 * One change to a valid example: a field replaced by a wrong value, removed, or joined by
 * an unknown one; the whole input swapped for something else; or the body nested deep.
 */
export function mutate(rng: Rng, example: unknown): unknown {
  const copy = structuredClone(example);
  const all = paths(copy);
  const path = pick(rng, all);
  if (path.length === 0) return rng() < 0.5 ? badValue(rng) : randomJson(rng);
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], copy) as Record<
    string | number,
    unknown
  >;
  const key = path[path.length - 1]!;
  const r = rng();
  if (r < 0.6) parent[key] = badValue(rng);
  else if (r < 0.75) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (r < 0.9 && !Array.isArray(parent)) {
    // defineProperty: plain assignment to "__proto__" would swap the prototype, not add a key.
    const extra = rng() < 0.3 ? '__proto__' : randomString(rng).slice(0, 20) || 'extra';
    Object.defineProperty(parent, extra, {
      value: randomJson(rng, 4),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else parent[key] = rng() < 0.5 ? String(parent[key]) : [parent[key]];
  return copy;
}
