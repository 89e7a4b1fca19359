import { HocuspocusProvider } from '@hocuspocus/provider';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { NewsroomDb } from '../../electron/newsroom/server/db';
import { hashPassword } from '../../electron/newsroom/server/secrets';
import type { Story } from '../../shared/model';
import { CATALOGUE_DOCUMENT, CATALOGUE_KEYS, STORY_KEYS, storyDocumentName } from '../../shared/newsroom/protocol';
import {
  freePort,
  newsroomLogin,
  type NewsroomServerProcess,
  startNewsroomServer,
  startNewsroomServices,
} from '../helpers/newsroom-services';
import { repoRoot } from '../helpers/temp';
import { type Figure, median, percentile, round } from './figures';
import { generateStories } from './generate';
import { connectRelay } from './newsroom-relay';

/**
 * The newsroom server under load, against a bare y-websocket-style relay (in memory, no
 * sign-in, permissions, persistence or Redis: tests/bench/newsroom-relay.ts) in the same run:
 *   - update propagation: 20 clients typing into 20 stories (each watched by another client)
 *     and 5 typing into one story, ten keystrokes a second each; p95 from a keystroke to its
 *     arrival at every other client of that story;
 *   - first sync of a 10,000-story catalogue to a fresh client;
 *   - the server process's peak RSS while it holds that catalogue and the typing goes on.
 * The server runs as `masthead newsroom serve` on PostgreSQL and Redis started for the bench.
 */

/** MASTHEAD_BENCH_NEWSROOM_STORIES sets a smaller catalogue for a quick run. */
const CATALOGUE_STORIES = Number(process.env.MASTHEAD_BENCH_NEWSROOM_STORIES ?? 10_000);
const SOLO_WRITERS = 20;
const SHARED_WRITERS = 5;
const TYPING_MS = 5_000;
const KEYSTROKE_MS = 100;
const PASSWORD = 'bench password';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A story as a Y.Doc in the layout of shared/newsroom/protocol.ts (enough for the catalogue and the guard). */
function writeStory(
  doc: Y.Doc,
  story: Pick<Story, 'id' | 'headline' | 'kicker' | 'section' | 'language' | 'slug'>,
  by: string,
  paragraphs: string[],
): void {
  doc.transact(() => {
    const now = new Date().toISOString();
    const meta = doc.getMap(STORY_KEYS.meta);
    meta.set('id', story.id);
    meta.set('schemaVersion', 1);
    meta.set('createdAt', now);
    meta.set('createdBy', by);
    meta.set('language', story.language);
    const fields = doc.getMap(STORY_KEYS.fields);
    fields.set('section', story.section);
    fields.set('status', 'draft');
    fields.set('updatedAt', now);
    fields.set('updatedBy', by);
    doc.getText('headline').insert(0, story.headline);
    doc.getText('kicker').insert(0, story.kicker);
    doc.getText('slug').insert(0, story.slug);
    doc.getArray(STORY_KEYS.statusHistory).push([{ status: 'draft', by, at: now }]);
    doc.getXmlFragment(STORY_KEYS.body).insert(
      0,
      paragraphs.map((text) => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(text)]);
        return paragraph;
      }),
    );
  });
}

const paragraphsOf = (story: Story): string[] =>
  (story.body.content ?? []).map((block) => (block.content ?? []).map((inline) => inline.text ?? '').join(''));

/** PostgreSQL holds 10,000 stories, as if the newsroom had been filing for months. */
async function fillNewsroom(db: string): Promise<void> {
  const client = new pg.Client(db);
  await client.connect();
  try {
    const stories = generateStories(CATALOGUE_STORIES);
    for (let start = 0; start < stories.length; start += 250) {
      const rows = stories.slice(start, start + 250).map((story) => {
        const doc = new Y.Doc();
        writeStory(doc, story, 'bench-reporter-0', paragraphsOf(story));
        return [storyDocumentName(story.id), Buffer.from(Y.encodeStateAsUpdate(doc))] as const;
      });
      await client.query(
        `INSERT INTO documents (name, data) VALUES ${rows.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ')}`,
        rows.flat(),
      );
    }
  } finally {
    await client.end();
  }
}

/** Peak resident memory of a process, sampled until `stop` is called. */
function sampleRss(pid: number): { stop: () => number } {
  let peak = 0;
  const sample = async () => {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    } catch {
      // the process is gone
    }
  };
  void sample();
  const timer = setInterval(() => void sample(), 100);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** One client of a story, whichever server it talks to. */
interface BenchClient {
  doc: Y.Doc;
  synced: Promise<void>;
  close(): void;
}

type Connect = (room: string, user: string) => Promise<BenchClient>;

/**
 * Typing load: writers insert a character every KEYSTROKE_MS; each observer records when each
 * keystroke (identified by its Yjs client id and clock) arrives. Returns the delays in ms.
 */
async function typingLoad(connect: Connect, setUp: (doc: Y.Doc, id: string, by: string) => void): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const delays: number[] = [];
  const watch = (doc: Y.Doc) =>
    doc.on('update', (update: Uint8Array) => {
      const now = performance.now();
      // Keystrokes that travel together arrive as one struct spanning their clocks.
      for (const struct of Y.decodeUpdate(update).structs) {
        if (struct.id.client === doc.clientID) continue; // its own keystroke, not an arrival
        for (let clock = struct.id.clock; clock < struct.id.clock + struct.length; clock++) {
          const sent = sentAt.get(`${struct.id.client}:${clock}`);
          if (sent !== undefined) delays.push(now - sent);
        }
      }
    });
  const clients: BenchClient[] = [];
  const writers: Y.Doc[] = [];
  // 20 stories, one writer and one watcher each.
  for (let i = 0; i < SOLO_WRITERS; i++) {
    const id = `typing-${i}`;
    const writer = await connect(storyDocumentName(id), `bench-reporter-${i}`);
    await writer.synced;
    setUp(writer.doc, id, `bench-reporter-${i}`);
    const watcher = await connect(storyDocumentName(id), 'bench-editor');
    clients.push(writer, watcher);
    writers.push(writer.doc);
    watch(watcher.doc);
  }
  // One story, five writers who all watch each other.
  const shared = storyDocumentName('typing-shared');
  for (let i = 0; i < SHARED_WRITERS; i++) {
    const writer = await connect(shared, 'bench-editor');
    await writer.synced;
    if (i === 0) setUp(writer.doc, 'typing-shared', 'bench-editor');
    clients.push(writer);
    writers.push(writer.doc);
    watch(writer.doc);
  }
  await Promise.all(clients.map((c) => c.synced));
  await waitFor('every writer to have its story', () =>
    writers.every((doc) => doc.getXmlFragment(STORY_KEYS.body).length > 0),
  );
  await sleep(500);

  const typeInto = async (doc: Y.Doc, offset: number) => {
    await sleep(offset);
    const text = (doc.getXmlFragment(STORY_KEYS.body).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const end = performance.now() + TYPING_MS;
    let n = 0;
    while (performance.now() < end) {
      const clock = Y.getState(doc.store, doc.clientID);
      sentAt.set(`${doc.clientID}:${clock}`, performance.now());
      text.insert(text.length, 'abcdefghijklmnopqrstuvwxyz'[n++ % 26]!);
      await sleep(KEYSTROKE_MS);
    }
  };
  await Promise.all(writers.map((doc, i) => typeInto(doc, (i * KEYSTROKE_MS) / writers.length)));
  await sleep(1_000);
  for (const client of clients) client.close();
  return delays;
}

function startRelay(port: number, preloads: string[]): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'tests/bench/newsroom-relay.ts'), String(port), ...preloads],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the relay exited (${code})`)));
  });
}

export async function newsroomBench(): Promise<Figure[]> {
  const services = await startNewsroomServices();
  const scratch = await mkdtemp(join(tmpdir(), 'masthead-bench-newsroom-'));
  let server: NewsroomServerProcess | null = null;
  let relay: ChildProcess | null = null;
  try {
    const db = await NewsroomDb.open(services.postgres.url);
    const hash = await hashPassword(PASSWORD);
    for (let i = 0; i < SOLO_WRITERS; i++) await db.addUser(`bench-reporter-${i}`, 'reporter', hash);
    await db.addUser('bench-editor', 'editor', hash);
    await db.close();
    let started = performance.now();
    await fillNewsroom(services.postgres.url);
    console.error(
      `bench: newsroom: ${CATALOGUE_STORIES} stories in PostgreSQL in ${round((performance.now() - started) / 1000, 1)} s`,
    );

    started = performance.now();
    server = await startNewsroomServer({ db: services.postgres.url, redis: services.redis.url });
    console.error(
      `bench: newsroom: server up with its catalogue of ${CATALOGUE_STORIES} stories built in ${round((performance.now() - started) / 1000, 1)} s`,
    );
    const tokens = new Map<string, string>();
    const token = async (user: string) => {
      if (!tokens.has(user)) tokens.set(user, await newsroomLogin(server!.httpUrl, user, PASSWORD));
      return tokens.get(user)!;
    };
    const hocuspocus: Connect = async (room, user) => {
      const doc = new Y.Doc();
      let markSynced: () => void = () => undefined;
      const synced = new Promise<void>((resolve) => (markSynced = resolve));
      const provider = new HocuspocusProvider({
        url: server!.wsUrl,
        name: room,
        document: doc,
        token: await token(user),
        WebSocketPolyfill: WebSocket,
        onSynced: () => markSynced(),
      } as ConstructorParameters<typeof HocuspocusProvider>[0]);
      return { doc, synced, close: () => provider.destroy() };
    };
    const relayUrl = () => `ws://127.0.0.1:${relayPort}`;
    let relayPort = 0;
    const bare: Connect = async (room) => {
      const client = connectRelay(relayUrl(), room, new Y.Doc(), WebSocket);
      return client;
    };

    // First sync of the catalogue to a fresh client.
    const catalogueSync = async (connect: Connect): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const begun = performance.now();
        const client = await connect(CATALOGUE_DOCUMENT, 'bench-editor');
        await client.synced;
        await waitFor('the whole catalogue', () => client.doc.getMap(CATALOGUE_KEYS.stories).size >= CATALOGUE_STORIES);
        times.push(performance.now() - begun);
        client.close();
      }
      return median(times) / 1000;
    };

    const serverRss = sampleRss(server.child.pid!);
    const newsroomCatalogue = await catalogueSync(hocuspocus);
    const newsroomDelays = await typingLoad(hocuspocus, (doc, id, by) =>
      writeStory(doc, { id, headline: `Typing ${id}`, kicker: '', section: 'City', language: 'en', slug: id }, by, [
        'Start.',
      ]),
    );
    const newsroomPeak = serverRss.stop();

    // The baseline relay, holding the same catalogue.
    const client = new pg.Client(services.postgres.url);
    await client.connect();
    let catalogueState: Buffer | undefined;
    for (let i = 0; i < 100 && !catalogueState; i++) {
      catalogueState = (
        await client.query<{ data: Buffer }>('SELECT data FROM documents WHERE name = $1', [CATALOGUE_DOCUMENT])
      ).rows[0]?.data;
      if (!catalogueState) await sleep(100);
    }
    await client.end();
    if (!catalogueState) throw new Error('bench: the catalogue was never stored');
    const catalogueFile = join(scratch, 'catalogue.bin');
    await writeFile(catalogueFile, catalogueState);
    relayPort = await freePort();
    relay = await startRelay(relayPort, [`${CATALOGUE_DOCUMENT}=${catalogueFile}`]);
    const relayRss = sampleRss(relay.pid!);
    const relayCatalogue = await catalogueSync(bare);
    const relayDelays = await typingLoad(bare, (doc, id, by) =>
      writeStory(doc, { id, headline: `Typing ${id}`, kicker: '', section: 'City', language: 'en', slug: id }, by, [
        'Start.',
      ]),
    );
    const relayPeak = relayRss.stop();

    const expected = (SOLO_WRITERS + SHARED_WRITERS * (SHARED_WRITERS - 1)) * (TYPING_MS / KEYSTROKE_MS);
    console.error(
      `bench: newsroom: ${newsroomDelays.length} keystroke arrivals (relay ${relayDelays.length}, ~${expected} typed × watchers); p50 ${round(percentile(newsroomDelays, 50), 1)} ms (relay ${round(percentile(relayDelays, 50), 1)} ms)`,
    );
    const relayName = 'bare y-websocket-style relay (memory only, no auth/persistence)';
    return [
      {
        name: `newsroom: update propagation p95 (${SOLO_WRITERS} typing into ${SOLO_WRITERS} stories + ${SHARED_WRITERS} into one)`,
        value: round(percentile(newsroomDelays, 95), 1),
        unit: 'ms',
        baseline: relayName,
        baselineValue: round(percentile(relayDelays, 95), 1),
      },
      {
        name: `newsroom: first sync of a ${CATALOGUE_STORIES.toLocaleString('en')}-story catalogue to a fresh client`,
        value: round(newsroomCatalogue, 2),
        unit: 's',
        baseline: relayName,
        baselineValue: round(relayCatalogue, 2),
      },
      {
        name: 'newsroom: server peak RSS (catalogue + typing load)',
        value: round(newsroomPeak / 1024 / 1024, 0),
        unit: 'MB',
        baseline: relayName,
        baselineValue: round(relayPeak / 1024 / 1024, 0),
      },
    ];
  } finally {
    relay?.kill('SIGKILL');
    await server?.stop();
    await services.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}
