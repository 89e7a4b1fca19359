import { request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Handlers, MAX_INPUT_DEPTH, dispatch, nestedDeeperThan } from '../../../electron/rpc/dispatch';
import type { Workspace } from '../../../electron/rpc/workspace';
import { type WebHost, startWebHost } from '../../../electron/web/server';
import { type MethodName, contract, methodEffects, methodNames } from '../../../shared/ipc/contract';
import { changedFiles, snapshot, tempDir } from '../../helpers/temp';
import { makeWorkspace } from '../electron/rpc/workspace-fixture';
import { NON_JSON, POLLUTION, type Rng, TRAVERSAL, deepNest, int, mulberry32, mutate, pick, randomJson } from './fuzz';

/**
 * Fuzzes the contract through the one path every call takes (dispatch) and through the web
 * host: whatever arrives, invalid input is refused as invalid input, nothing throws, and the
 * library on disk does not change. FUZZ_RUNS scales the run (1 = the default in npm test).
 */
const SCALE = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1) || 1);
const PER_METHOD = 1000 * SCALE;
const MAX_BODY = 1024 * 1024;
const HTTP_REQUESTS = 300 * SCALE;
const SEED = Number(process.env.FUZZ_SEED ?? 0x6d617374);

/** Methods the contract declares as changing nothing; every other method gets only invalid input. */
const isReadOnly = (m: MethodName) => methodEffects[m] === 'none';

let dir: string;
let libraryDir: string;
let cleanup: () => Promise<void>;
let workspace: Workspace;
let handlers: Handlers;
let storyId: string;
let before: Awaited<ReturnType<typeof snapshot>>;

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** One valid input per method, which the mutations start from. */
function examples(): Partial<Record<MethodName, unknown>> {
  const id = storyId;
  const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '正文' }] }] };
  return {
    updateSettings: { authorName: '编辑', backupKeep: 5 },
    getStory: { id },
    createStory: { language: 'zh-Hans', section: '要闻', headline: '标题' },
    saveStory: { id, baseRevision: 0, changes: { headline: '标题', body, tags: [{ kind: 'place', name: '北京' }] } },
    trashStory: { id },
    restoreStory: { id },
    listRevisions: { id },
    getRevision: { id, snapshot: 1 },
    restoreRevision: { id, snapshot: 1, baseRevision: 0 },
    searchStories: { query: '北京', limit: 10 },
    importAsset: { name: 'photo.png', data: png.toString('base64') },
    parseImport: { name: 'story.txt', data: Buffer.from('标题\n\n正文一段。').toString('base64') },
    commitImport: {
      stories: [
        {
          language: 'zh-Hans',
          parts: [{ role: 'headline', text: '标题', raw: '标题', line: 0 }],
          warnings: [],
          section: '要闻',
          status: 'draft',
          source: 'story.txt',
        },
      ],
    },
    getEdition: { id },
  };
}

/**
 * Bugs the fuzzer found that belong to another part of the code, tolerated here (and pinned
 * by an it.fails test below) until they are fixed. Remove an entry when its test turns red.
 */
const knownBug = (_method: MethodName, _message: string): boolean => false;

/** What the contract says of a payload: the oracle dispatch must agree with. */
function contractAccepts(method: MethodName, payload: unknown): boolean {
  try {
    if (nestedDeeperThan(payload, MAX_INPUT_DEPTH)) return false;
    return contract[method].input.safeParse(payload).success;
  } catch {
    return false;
  }
}

function payloadFor(rng: Rng, method: MethodName, example: unknown): unknown {
  const r = rng();
  if (r < 0.55 && example !== undefined) return mutate(rng, example);
  if (r < 0.6) return pick(rng, NON_JSON);
  if (r < 0.65) return structuredClone(pick(rng, POLLUTION));
  if (r < 0.72) return { id: pick(rng, TRAVERSAL) };
  if (r < 0.75) return { type: 'doc', content: [deepNest(int(rng, 20_000))] };
  return randomJson(rng);
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('masthead-fuzz-'));
  workspace = await makeWorkspace(dir);
  handlers = workspace.handlers();
  libraryDir = join(dir, 'library');
  const list = await dispatch(handlers, 'listStories', undefined);
  storyId = (list as { value: { id: string }[] }).value[0]!.id;
  before = await snapshot(libraryDir);
});

afterAll(async () => {
  await workspace.close();
  await cleanup();
});

/** Library files that changed since the run began; the lock's heartbeat is not a change. */
async function libraryChanges(): Promise<string[]> {
  return changedFiles(before, await snapshot(libraryDir)).filter((p) => p !== '.masthead-lock');
}

describe('fuzzing the contract through dispatch', () => {
  it('starts from valid examples', () => {
    for (const [method, example] of Object.entries(examples())) {
      expect(contractAccepts(method as MethodName, example), method).toBe(true);
    }
  });

  it(`refuses ${PER_METHOD} hostile payloads per method as invalid input and changes no file`, async () => {
    const rng = mulberry32(SEED);
    const table = examples();
    const stats = { sent: 0, refused: 0, acceptedReads: 0, skippedValid: 0 };
    const logged: string[] = [];
    for (const method of methodNames) {
      for (let i = 0; i < PER_METHOD; i++) {
        const payload = payloadFor(rng, method, table[method]);
        const valid = contractAccepts(method, payload);
        // A payload that happens to be valid would really save or create: only reads get it.
        if (valid && !isReadOnly(method)) {
          stats.skippedValid++;
          continue;
        }
        stats.sent++;
        const reply = await dispatch(handlers, method, payload, (m, e) => logged.push(`${m}: ${String(e)}`));
        if (!valid) {
          expect(reply, `${method} #${i}`).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
          stats.refused++;
        } else {
          // A read of something that is not there is fine; a crash inside the service is not.
          if (!reply.ok && !knownBug(method, reply.error.message)) {
            expect(reply.error.code, `${method} #${i}: ${reply.error.message}`).not.toBe('internal');
          }
          stats.acceptedReads++;
        }
      }
    }
    expect(logged.filter((l) => !knownBug(l.split(':')[0] as MethodName, 'breaks the contract'))).toEqual([]);
    expect(stats.refused).toBeGreaterThan(methodNames.length * PER_METHOD * 0.7);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(await libraryChanges()).toEqual([]);
    console.log(`[fuzz] dispatch: ${JSON.stringify(stats)}`);
  });

  it('refuses a story body nested 10,000 deep without overflowing the stack', async () => {
    const changes = { body: { type: 'doc', content: [deepNest(10_000)] } };
    const reply = await dispatch(handlers, 'saveStory', { id: storyId, baseRevision: 0, changes });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    // Wide is not deep: a long flat body is fine to check.
    expect(nestedDeeperThan({ content: Array.from({ length: 100_000 }, () => ({ a: [1] })) }, MAX_INPUT_DEPTH)).toBe(
      false,
    );
    // A cycle handed in-process is refused, not walked forever.
    const cyclic: Record<string, unknown> = { id: storyId };
    cyclic.self = cyclic;
    expect(await dispatch(handlers, 'getStory', cyclic)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await libraryChanges()).toEqual([]);
  });

  it('refuses numbers JSON cannot carry, fed to dispatch directly', async () => {
    for (const n of [NaN, Infinity, -Infinity, -1, 1e308, 0.5, 2 ** 53 + 0.5, Number.MAX_VALUE]) {
      for (const input of [
        { id: storyId, snapshot: n },
        { id: storyId, snapshot: 1, baseRevision: n },
      ]) {
        const method = 'baseRevision' in input ? 'restoreRevision' : 'getRevision';
        expect(await dispatch(handlers, method, input), `${method} ${n}`).toMatchObject({
          ok: false,
          error: { code: 'invalid-input' },
        });
      }
      expect(
        await dispatch(handlers, 'saveStory', { id: storyId, baseRevision: n, changes: { headline: 'x' } }),
      ).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(await libraryChanges()).toEqual([]);
  });

  it('refuses unknown methods of every type', async () => {
    for (const method of [
      undefined,
      null,
      42,
      {},
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'x'.repeat(1e5),
    ]) {
      expect(await dispatch(handlers, method, {})).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
  });
});

describe('found by fuzzing, fixed', () => {
  it('parseImport of a 300,000-character paragraph answers with a clear message', async () => {
    const data = Buffer.from('长'.repeat(300_000)).toString('base64');
    const reply = await dispatch(handlers, 'parseImport', { name: 'paste.txt', data }, () => {});
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/paragraph at line 1 holds 300,000 characters/) },
    });
  });
});

describe('fuzzing the web host', () => {
  const TOKEN = 'fuzz-token-abcdefghijklmnop';
  let host: WebHost;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = join(dir, 'static');
    await mkdir(staticDir, { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Masthead</title>');
    await writeFile(join(dir, 'secret.txt'), 'SECRET-OUTSIDE-STATIC');
    host = await startWebHost({ handlers, staticDir, token: TOKEN, maxBodyBytes: MAX_BODY });
  });
  afterAll(() => host.close());

  interface Raw {
    path: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  function send(r: Raw): Promise<{ status: number; body: string }> {
    return new Promise((ok, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: r.path,
          method: r.method ?? 'POST',
          headers: { host: `127.0.0.1:${host.port}`, ...r.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      // The server may answer (413) and close before a huge body is written.
      req.on('error', (e: NodeJS.ErrnoException) =>
        e.code === 'ECONNRESET' || e.code === 'EPIPE' ? ok({ status: -1, body: '' }) : fail(e),
      );
      req.end(r.body);
    });
  }

  const good = { 'content-type': 'application/json', 'x-masthead-token': TOKEN };
  const channelOf = (m: MethodName) => `/api/${contract[m].channel}`;

  /** A malformed request and the statuses it may get. */
  function malformed(rng: Rng): { req: Raw; expect: number[]; kind: string } {
    const method = pick(rng, methodNames);
    const path = channelOf(method);
    // Kept small so each request is refused for its one flaw, not also for its size.
    const random = JSON.stringify({ input: randomJson(rng) });
    const input = random.length < 64 * 1024 ? random : '{"input":{"id":1}}';
    const kind = pick(rng, [
      'no-token',
      'wrong-token',
      'foreign-origin',
      'foreign-host',
      'bad-json',
      'content-type',
      'get',
      'oversized',
      'not-object',
      'unknown-channel',
      'weird-path',
      'long-url',
      'invalid-input',
    ] as const);
    switch (kind) {
      case 'no-token':
        return { kind, req: { path, headers: { 'content-type': 'application/json' }, body: input }, expect: [403] };
      case 'wrong-token': {
        const token = pick(rng, [
          '',
          TOKEN.toUpperCase(),
          TOKEN.slice(0, -1),
          `${TOKEN}x`,
          TOKEN.replace(/.$/, 'q'),
          'x'.repeat(4000),
        ]);
        return { kind, req: { path, headers: { ...good, 'x-masthead-token': token }, body: input }, expect: [403] };
      }
      case 'foreign-origin': {
        const origin = pick(rng, [
          'http://evil.example',
          'null',
          `http://127.0.0.1:${host.port + 1}`,
          `https://127.0.0.1:${host.port}`,
          `http://127.0.0.1.evil.example:${host.port}`,
          'file://',
        ]);
        return { kind, req: { path, headers: { ...good, origin }, body: input }, expect: [403] };
      }
      case 'foreign-host': {
        const h = pick(rng, [
          'evil.example',
          `evil.example:${host.port}`,
          '127.0.0.1',
          `127.0.0.2:${host.port}`,
          'localhost',
          `LOCALHOST.evil:${host.port}`,
        ]);
        return { kind, req: { path, headers: { ...good, host: h }, body: input }, expect: [421] };
      }
      case 'bad-json': {
        const body = pick(rng, ['', '{', '{"input":', "{'input':1}", 'undefined', '\u0000', input.slice(0, -1), 'NaN']);
        return { kind, req: { path, headers: good, body }, expect: [400] };
      }
      case 'content-type': {
        const type = pick(rng, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', '']);
        return { kind, req: { path, headers: { ...good, 'content-type': type }, body: input }, expect: [400] };
      }
      case 'get':
        return {
          kind,
          req: { path, method: pick(rng, ['GET', 'PUT', 'DELETE', 'OPTIONS']), headers: good },
          expect: [400],
        };
      case 'oversized':
        return {
          kind,
          req: { path, headers: good, body: `{"input":"${'x'.repeat(1100 * 1024)}"}` },
          expect: [413, -1],
        };
      case 'not-object':
        return {
          kind,
          req: { path, headers: good, body: pick(rng, ['[]', '1', 'null', '"x"', 'true']) },
          expect: [400],
        };
      case 'unknown-channel': {
        const p = `/api/${pick(rng, ['', 'library:nope', '..', '%2e%2e', 'library:get-story/..', '__proto__', 'constructor'])}`;
        // "/api/%2e%2e" is "/" once the URL is normalised: the static side refuses a POST.
        return { kind, req: { path: p, headers: good, body: input }, expect: [404, 405] };
      }
      case 'weird-path': {
        const p = pick(rng, [
          '/api/../secret.txt',
          '/api/%2e%2e/%2e%2e/secret.txt',
          '/%2e%2e/secret.txt',
          '/..%2fsecret.txt',
          '/%2e%2e%2fsecret.txt',
          '/..%5csecret.txt',
          '/static/../../secret.txt',
          '/%00',
          '/%E0%A4%A',
          '/photos/..%2f..%2fsecret.txt',
          '/photos/%2e%2e',
        ]);
        // Static paths answer GET with the app page or refuse; they never reveal the file.
        return { kind, req: { path: p, method: 'GET', headers: {} }, expect: [200, 400, 403, 404] };
      }
      case 'long-url':
        return {
          kind,
          req: { path: `${path}?${'a'.repeat(20_000 + int(rng, 50_000))}`, headers: good, body: input },
          expect: [431, -1],
        };
      case 'invalid-input': {
        // Well-formed transport, invalid payload: a 200 carrying the invalid-input envelope.
        let payload = randomJson(rng);
        while (contractAccepts(method, payload)) payload = randomJson(rng);
        const body = JSON.stringify({ input: payload });
        return {
          kind,
          req: { path, headers: good, body },
          expect: Buffer.byteLength(body) > MAX_BODY ? [413, -1] : [200],
        };
      }
    }
  }

  it(`refuses ${HTTP_REQUESTS} malformed requests and still answers a valid one`, async () => {
    const rng = mulberry32(SEED + 1);
    const kinds = new Map<string, number>();
    for (let i = 0; i < HTTP_REQUESTS; i++) {
      const { req, expect: statuses, kind } = malformed(rng);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const res = await send(req);
      expect(
        statuses,
        `${kind} ${req.method ?? 'POST'} ${req.path.slice(0, 80)} → ${res.status} ${res.body.slice(0, 120)}`,
      ).toContain(res.status);
      expect(res.body).not.toContain('SECRET-OUTSIDE-STATIC');
      if ([400, 403, 404, 413].includes(res.status) && req.path.startsWith('/api/')) {
        expect(JSON.parse(res.body)).toMatchObject({ ok: false });
      }
      if (kind === 'invalid-input' && res.status === 200) {
        expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      }
    }
    const after = await send({
      path: channelOf('getStory'),
      headers: good,
      body: JSON.stringify({ input: { id: storyId } }),
    });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toMatchObject({ ok: true, value: { id: storyId } });
    expect(await libraryChanges()).toEqual([]);
    console.log(`[fuzz] web host: ${JSON.stringify(Object.fromEntries(kinds))}`);
  });

  it('refuses a deep body sent over HTTP as invalid input', async () => {
    // Written as text: JSON.stringify itself cannot go 10,000 deep.
    const n = 10_000;
    const node = `${'{"type":"paragraph","content":['.repeat(n)}{"type":"text","text":"x"}${']}'.repeat(n)}`;
    const body = `{"input":{"id":"${storyId}","baseRevision":0,"changes":{"body":{"type":"doc","content":[${node}]}}}}`;
    const res = await send({ path: channelOf('saveStory'), headers: good, body });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await libraryChanges()).toEqual([]);
  });
});
