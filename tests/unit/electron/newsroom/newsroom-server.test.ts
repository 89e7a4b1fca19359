import { HocuspocusProvider } from '@hocuspocus/provider';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
  CATALOGUE_DOCUMENT,
  CATALOGUE_KEYS,
  type CatalogueStory,
  EDITION_KEYS,
  STORY_KEYS,
  editionDocumentName,
  storyDocumentName,
} from '../../../../shared/newsroom/protocol';
import { runMasthead } from '../../../helpers/cli';
import {
  type NewsroomServerProcess,
  type NewsroomServices,
  newsroomLogin,
  startNewsroomServer,
  startNewsroomServices,
} from '../../../helpers/newsroom-services';
import { repoRoot, tempDir } from '../../../helpers/temp';

/**
 * The newsroom server on real PostgreSQL and Redis (tests/helpers/newsroom-services.ts), as
 * two `masthead newsroom serve` processes, with Hocuspocus providers as the desktops.
 */

const PASSWORD = 'correct horse battery';
const USERS = [
  ['lin', 'reporter'],
  ['wang', 'reporter'],
  ['zhou', 'editor'],
  ['chen', 'chief'],
  ['leaver', 'reporter'],
  ['quitter', 'reporter'],
] as const;

let services: NewsroomServices;
let serverA: NewsroomServerProcess;
let serverB: NewsroomServerProcess;
let sql: pg.Client;
const tokens: Record<string, string> = {};
const providers: HocuspocusProvider[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A WebSocket class that goes round a list of server URLs, one per (re)connection: the client's failover. */
function failoverWebSocket(urls: string[]) {
  let next = 0;
  return class FailoverWebSocket extends WebSocket {
    constructor(_url: string, protocols?: string | string[]) {
      super(urls[next++ % urls.length]!, protocols);
      // A provider destroyed while this socket still connects (to a server the test stopped)
      // makes ws report an error; the provider has already let go of it.
      this.on('error', () => undefined);
    }
  };
}

interface Client {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  denied: string[];
}

function connect(urls: string[], name: string, token: string, doc = new Y.Doc()): Client {
  const denied: string[] = [];
  const provider = new HocuspocusProvider({
    url: urls[0]!,
    name,
    document: doc,
    token,
    WebSocketPolyfill: failoverWebSocket(urls),
    delay: 50,
    minDelay: 50,
    maxDelay: 300,
    factor: 1.5,
    jitter: false,
    onAuthenticationFailed: ({ reason }) => denied.push(reason),
  } as ConstructorParameters<typeof HocuspocusProvider>[0]);
  providers.push(provider);
  return { provider, doc, denied };
}

const synced = (client: Client) =>
  waitFor(
    `${client.provider.configuration.name} synced`,
    () => client.provider.isSynced && !client.provider.hasUnsyncedChanges,
  );

/** Writes a new story into a document in the layout of shared/newsroom/protocol.ts. */
function writeStory(doc: Y.Doc, id: string, by: string, headline: string, body: string): void {
  doc.transact(() => {
    const now = new Date().toISOString();
    const meta = doc.getMap(STORY_KEYS.meta);
    meta.set('id', id);
    meta.set('schemaVersion', 1);
    meta.set('createdAt', now);
    meta.set('createdBy', by);
    meta.set('language', 'en');
    const fields = doc.getMap(STORY_KEYS.fields);
    fields.set('section', 'City');
    fields.set('status', 'draft');
    fields.set('updatedAt', now);
    fields.set('updatedBy', by);
    doc.getText('headline').insert(0, headline);
    doc.getText('slug').insert(0, id);
    doc.getArray(STORY_KEYS.statusHistory).push([{ status: 'draft', by, at: now }]);
    doc.getArray(STORY_KEYS.tags).push([{ kind: 'topic', name: 'transport' }]);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(body)]);
    doc.getXmlFragment(STORY_KEYS.body).insert(0, [paragraph]);
  });
}

/** The document as PostgreSQL holds it now. */
async function stored(name: string): Promise<Y.Doc | null> {
  const result = await sql.query<{ data: Buffer }>('SELECT data FROM documents WHERE name = $1', [name]);
  const data = result.rows[0]?.data;
  if (!data) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(data));
  return doc;
}

const storedHeadline = async (id: string) => (await stored(storyDocumentName(id)))?.getText('headline').toString();

beforeAll(async () => {
  services = await startNewsroomServices();
  const db = services.postgres.url;
  sql = new pg.Client(db);
  await sql.connect();
  const { dir, cleanup } = await tempDir('masthead-newsroom-');
  try {
    const file = `${dir}/password`;
    await writeFile(file, `${PASSWORD}\n`);
    for (const [name, role] of USERS) {
      const added = await runMasthead(
        'newsroom',
        'user',
        'add',
        name,
        '--role',
        role,
        '--password-file',
        file,
        '--db',
        db,
      );
      expect(added, added.err).toMatchObject({ code: 0 });
    }
  } finally {
    await cleanup();
  }
  const start = () => startNewsroomServer({ db, redis: services.redis.url, args: ['--max-message-mb', '1'] });
  [serverA, serverB] = await Promise.all([start(), start()]);
  for (const [name] of USERS) tokens[name] = await newsroomLogin(serverA.httpUrl, name, PASSWORD);
}, 60_000);

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await Promise.all([serverA?.stop(), serverB?.stop()]);
  await sql?.end();
  await services?.stop();
}, 60_000);

describe('newsroom sign-in', () => {
  it('gives a token for the right password and refuses a wrong one', async () => {
    const wrong = await fetch(`${serverB.httpUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'lin', password: 'not the password' }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'wrong name or password' });
    const nobody = await fetch(`${serverB.httpUrl}/api/login`, {
      method: 'POST',
      body: JSON.stringify({ name: 'nobody', password: PASSWORD }),
    });
    expect(nobody.status).toBe(401);

    // A token from one server process is good on the other: sessions live in PostgreSQL.
    const me = await fetch(`${serverB.httpUrl}/api/me`, { headers: { authorization: `Bearer ${tokens.lin}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { name: 'lin', role: 'reporter' } });
    expect((await fetch(`${serverB.httpUrl}/api/me`)).status).toBe(401);
    // Only the token's hash is stored.
    const rows = await sql.query('SELECT 1 FROM sessions WHERE token_hash = $1', [tokens.lin]);
    expect(rows.rowCount).toBe(0);
  });

  it('refuses a websocket without a token, with a made-up one, or with an expired one', async () => {
    const none = connect([serverA.wsUrl], storyDocumentName('anything'), '');
    const madeUp = connect([serverA.wsUrl], storyDocumentName('anything'), randomBytes(32).toString('base64url'));
    const expiring = await newsroomLogin(serverA.httpUrl, 'wang', PASSWORD);
    await sql.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      createHash('sha256').update(expiring).digest('hex'),
    ]);
    const expired = connect([serverA.wsUrl], storyDocumentName('anything'), expiring);
    for (const client of [none, madeUp, expired]) {
      await waitFor('a refusal', () => client.denied.length > 0);
      expect(client.provider.isSynced).toBe(false);
    }
    const me = await fetch(`${serverA.httpUrl}/api/me`, { headers: { authorization: `Bearer ${expiring}` } });
    expect(me.status).toBe(401);
  });

  it('refuses a disabled user, and ends the sessions they had', async () => {
    const disabled = await runMasthead('newsroom', 'user', 'disable', 'leaver', '--db', services.postgres.url);
    expect(disabled.code).toBe(0);
    const login = await fetch(`${serverA.httpUrl}/api/login`, {
      method: 'POST',
      body: JSON.stringify({ name: 'leaver', password: PASSWORD }),
    });
    expect(login.status).toBe(403);
    const client = connect([serverB.wsUrl], storyDocumentName('anything'), tokens.leaver!);
    await waitFor('a refusal', () => client.denied.length > 0);
    const list = await runMasthead('newsroom', 'user', 'list', '--json', '--db', services.postgres.url);
    expect(JSON.parse(list.out).users).toContainEqual(expect.objectContaining({ name: 'leaver', disabled: true }));
  });

  it('cuts off a user disabled while connected', async () => {
    const client = connect([serverA.wsUrl], storyDocumentName('quitter-story'), tokens.quitter!);
    await synced(client);
    writeStory(client.doc, 'quitter-story', 'quitter', 'Last words', 'Text.');
    await synced(client);
    await waitFor('the story stored', async () => (await storedHeadline('quitter-story')) === 'Last words');
    expect((await runMasthead('newsroom', 'user', 'disable', 'quitter', '--db', services.postgres.url)).code).toBe(0);
    await waitFor('the connection closed', () => !client.provider.isAuthenticated, 15_000);
    client.doc.getText('headline').insert(0, 'After: ');
    await sleep(1_000);
    expect(await storedHeadline('quitter-story')).toBe('Last words');
  }, 30_000);

  it('says plainly when the database URL is wrong or unreachable', async () => {
    const refused = await runMasthead('newsroom', 'user', 'list', '--db', 'postgres://postgres@127.0.0.1:1/none');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/cannot reach PostgreSQL at .*127\.0\.0\.1:1.*connection refused/);
    expect(refused.err).not.toMatch(/\n\s+at /);
    const notPostgres = await runMasthead('newsroom', 'user', 'list', '--db', 'mysql://db/x');
    expect(notPostgres.err).toMatch(/--db must be a postgres:\/\/ URL/);
    const noDatabase = await runMasthead(
      'newsroom',
      'user',
      'list',
      '--db',
      `${services.postgres.url.replace(/\/postgres$/, '/missing')}`,
    );
    expect(noDatabase.err).toMatch(/database "missing" does not exist/);
  });
});

describe('newsroom assets', () => {
  it('stores a photo by its SHA-256 and gives it back to a signed-in desk only', async () => {
    const photo = randomBytes(50_000);
    const sha = createHash('sha256').update(photo).digest('hex');
    const auth = { authorization: `Bearer ${tokens.lin}` };
    const wrongHash = await fetch(`${serverA.httpUrl}/api/assets/${'0'.repeat(64)}`, {
      method: 'PUT',
      headers: auth,
      body: photo,
    });
    expect(wrongHash.status).toBe(400);
    expect((await fetch(`${serverA.httpUrl}/api/assets/${sha}`, { method: 'PUT', body: photo })).status).toBe(401);
    const put = await fetch(`${serverA.httpUrl}/api/assets/${sha}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'image/jpeg' },
      body: photo,
    });
    expect(put.status).toBe(201);
    const got = await fetch(`${serverB.httpUrl}/api/assets/${sha}`, {
      headers: { authorization: `Bearer ${tokens.zhou}` },
    });
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await got.arrayBuffer()).equals(photo)).toBe(true);
    expect((await fetch(`${serverB.httpUrl}/api/assets/${sha}`)).status).toBe(401);
  });
});

describe('newsroom documents', () => {
  it('lists a story a reporter creates in the catalogue within a second, on the other server too', async () => {
    const catalogue = connect([serverB.wsUrl], CATALOGUE_DOCUMENT, tokens.zhou!);
    await synced(catalogue);
    const reporter = connect([serverA.wsUrl], storyDocumentName('tram-line'), tokens.lin!);
    await synced(reporter);
    const started = Date.now();
    writeStory(
      reporter.doc,
      'tram-line',
      'lin',
      'Tram line opens',
      'The new line runs from the station to the harbour.',
    );
    const entry = await waitFor('the catalogue entry', () =>
      catalogue.doc.getMap<CatalogueStory>(CATALOGUE_KEYS.stories).get('tram-line'),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(entry).toMatchObject({
      id: 'tram-line',
      headline: 'Tram line opens',
      status: 'draft',
      section: 'City',
      createdBy: 'lin',
      language: 'en',
      tags: [{ kind: 'topic', name: 'transport' }],
      wordCount: 10,
    });
    // Typing changes the counts: passed on too, if not at every keystroke.
    const paragraph = reporter.doc.getXmlFragment(STORY_KEYS.body).get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, 'Today, at last, ');
    await waitFor(
      'the new counts',
      () => catalogue.doc.getMap<CatalogueStory>(CATALOGUE_KEYS.stories).get('tram-line')?.wordCount === 13,
      5_000,
    );
    // Clients may not write the catalogue.
    catalogue.doc.getMap(CATALOGUE_KEYS.stories).set('forged', { id: 'forged' });
    await sleep(500);
    expect((await stored(CATALOGUE_DOCUMENT))?.getMap(CATALOGUE_KEYS.stories).has('forged')).toBe(false);
  });

  it('shows edits made through one server process to a client of the other', async () => {
    const onA = connect([serverA.wsUrl], storyDocumentName('two-servers'), tokens.lin!);
    const onB = connect([serverB.wsUrl], storyDocumentName('two-servers'), tokens.zhou!);
    await Promise.all([synced(onA), synced(onB)]);
    writeStory(onA.doc, 'two-servers', 'lin', 'Written on A', 'First paragraph.');
    await waitFor('A’s story on B', () => onB.doc.getText('headline').toString() === 'Written on A');
    onB.doc.getText('headline').insert(onB.doc.getText('headline').length, ', edited on B');
    await waitFor('B’s edit on A', () => onA.doc.getText('headline').toString() === 'Written on A, edited on B');
    await synced(onB);
    await waitFor(
      'both in PostgreSQL',
      async () => (await storedHeadline('two-servers')) === 'Written on A, edited on B',
    );
  });

  it('refuses a reporter editing someone else’s story, approving, or editing an edition', async () => {
    const own = connect([serverA.wsUrl], storyDocumentName('own-story'), tokens.lin!);
    await synced(own);
    writeStory(own.doc, 'own-story', 'lin', 'Council votes', 'The council voted.');
    await synced(own);
    await waitFor('the story stored', async () => (await storedHeadline('own-story')) === 'Council votes');

    // Another reporter edits it: the server does not take the change.
    const other = connect([serverB.wsUrl], storyDocumentName('own-story'), tokens.wang!);
    await synced(other);
    // Told so when the connection opens, as its author is told she may write.
    expect(other.provider.authorizedScope).toBe('readonly');
    expect(own.provider.authorizedScope).toBe('read-write');
    other.doc.getText('headline').insert(0, 'HACKED ');
    // The reporter files her story (her step), then approves it (not hers).
    own.doc.transact(() => {
      own.doc.getMap(STORY_KEYS.fields).set('status', 'submitted');
      own.doc
        .getArray(STORY_KEYS.statusHistory)
        .push([{ status: 'submitted', by: 'lin', at: new Date().toISOString() }]);
    });
    await synced(own);
    own.doc.getMap(STORY_KEYS.fields).set('status', 'approved');
    // A reporter writes into an edition.
    const chief = connect([serverA.wsUrl], editionDocumentName('e-1'), tokens.chen!);
    await synced(chief);
    chief.doc.transact(() => {
      const edition = chief.doc.getMap(EDITION_KEYS.edition);
      edition.set('publication', 'Daily');
      edition.set('date', '2026-12-06');
      edition.set('issueNumber', 1);
      edition.set('updatedAt', new Date().toISOString());
    });
    await synced(chief);
    const reporterOnEdition = connect([serverB.wsUrl], editionDocumentName('e-1'), tokens.wang!);
    await waitFor(
      'the edition on B',
      () => reporterOnEdition.doc.getMap(EDITION_KEYS.edition).get('publication') === 'Daily',
    );
    reporterOnEdition.doc.getMap(EDITION_KEYS.edition).set('publication', 'Forged');

    await sleep(1_000);
    for (const client of [other, own, reporterOnEdition]) expect(client.provider.hasUnsyncedChanges).toBe(true);
    const story = (await stored(storyDocumentName('own-story')))!;
    expect(story.getText('headline').toString()).toBe('Council votes');
    expect(story.getMap(STORY_KEYS.fields).get('status')).toBe('submitted');
    expect((await stored(editionDocumentName('e-1')))!.getMap(EDITION_KEYS.edition).get('publication')).toBe('Daily');
    expect(serverA.output() + serverB.output()).toMatch(
      /refused a change to story:own-story by lin: a reporter may not approve/,
    );

    // The chief may approve; an editor then finds it read-only.
    const chiefOnStory = connect([serverA.wsUrl], storyDocumentName('own-story'), tokens.chen!);
    await synced(chiefOnStory);
    chiefOnStory.doc.transact(() => {
      chiefOnStory.doc.getMap(STORY_KEYS.fields).set('status', 'approved');
      chiefOnStory.doc
        .getArray(STORY_KEYS.statusHistory)
        .push([{ status: 'approved', by: 'chen', at: new Date().toISOString() }]);
    });
    await synced(chiefOnStory);
    await waitFor(
      'the approval stored',
      async () =>
        (await stored(storyDocumentName('own-story')))!.getMap(STORY_KEYS.fields).get('status') === 'approved',
    );
  });

  it('serves over TLS, and a server that starts catches its catalogue up on stories stored meanwhile', async () => {
    // A story stored by a process that stopped before its catalogue took it in.
    const orphan = new Y.Doc();
    writeStory(orphan, 'stored-meanwhile', 'lin', 'Stored while no catalogue ran', 'Text.');
    await sql.query('INSERT INTO documents (name, data) VALUES ($1, $2)', [
      storyDocumentName('stored-meanwhile'),
      Buffer.from(Y.encodeStateAsUpdate(orphan)),
    ]);
    const tlsDir = join(repoRoot, 'tests/fixtures/newsroom-tls');
    const ca = await readFile(join(tlsDir, 'cert.pem'));
    const secure = await startNewsroomServer({
      db: services.postgres.url,
      tls: { certFile: join(tlsDir, 'cert.pem'), keyFile: join(tlsDir, 'key.pem') },
    });
    try {
      expect(secure.httpUrl).toMatch(/^https:/);
      const login = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpsRequest(
          `${secure.httpUrl}/api/login`,
          { method: 'POST', ca, headers: { 'content-type': 'application/json' } },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ name: 'zhou', password: PASSWORD }));
      });
      expect(login.status).toBe(200);
      const { token } = JSON.parse(login.body) as { token: string };
      class TrustingOurCa extends WebSocket {
        constructor(url: string) {
          super(url, { ca });
          this.on('error', () => undefined);
        }
      }
      const doc = new Y.Doc();
      const provider = new HocuspocusProvider({
        url: secure.wsUrl,
        name: CATALOGUE_DOCUMENT,
        document: doc,
        token,
        WebSocketPolyfill: TrustingOurCa,
      } as ConstructorParameters<typeof HocuspocusProvider>[0]);
      providers.push(provider);
      const stories = doc.getMap<CatalogueStory>(CATALOGUE_KEYS.stories);
      await waitFor('the catalogue over TLS', () => stories.get('stored-meanwhile'));
      expect(stories.get('stored-meanwhile')).toMatchObject({
        headline: 'Stored while no catalogue ran',
        createdBy: 'lin',
      });
      expect(stories.get('tram-line')).toMatchObject({ headline: 'Tram line opens' });
    } finally {
      await secure.stop();
    }
  });

  it('keeps every acknowledged keystroke when the server a client typed into is killed', async () => {
    const typist = connect([serverA.wsUrl, serverB.wsUrl], storyDocumentName('kill-test'), tokens.lin!);
    const watcher = connect([serverB.wsUrl], storyDocumentName('kill-test'), tokens.zhou!);
    await Promise.all([synced(typist), synced(watcher)]);
    writeStory(typist.doc, 'kill-test', 'lin', '', 'Body.');
    const headline = typist.doc.getText('headline');
    let typed = 0;
    const type = async (count: number) => {
      for (let i = 0; i < count; i++, typed++) {
        headline.insert(headline.length, String.fromCharCode(97 + (typed % 26)));
        await sleep(10);
      }
    };
    await type(30);
    await synced(typist);
    const acknowledged = headline.toString();
    // The process dies while the client types on; it moves to the other process and goes on.
    const typing = type(50);
    await sleep(150);
    await serverA.crash();
    await typing;
    await synced(typist);
    const text = headline.toString();
    expect(text).toHaveLength(80);
    expect(text.startsWith(acknowledged)).toBe(true);
    await waitFor('the other client sees every keystroke', () => watcher.doc.getText('headline').toString() === text);
    await waitFor('every keystroke in PostgreSQL', async () => (await storedHeadline('kill-test')) === text);
    serverA = await startNewsroomServer({
      db: services.postgres.url,
      redis: services.redis.url,
      args: ['--max-message-mb', '1'],
    });
  }, 30_000);

  it('keeps what a killed process acknowledged, even if its client never comes back', async () => {
    const typist = connect([serverA.wsUrl], storyDocumentName('kill-acked'), tokens.lin!);
    const watcher = connect([serverB.wsUrl], storyDocumentName('kill-acked'), tokens.zhou!);
    await Promise.all([synced(typist), synced(watcher)]);
    writeStory(typist.doc, 'kill-acked', 'lin', '', 'Body.');
    const headline = typist.doc.getText('headline');
    for (let i = 0; i < 30; i++) {
      headline.insert(headline.length, String(i % 10));
      await sleep(5);
    }
    await synced(typist);
    const acknowledged = headline.toString();
    // Killed the moment it acknowledged; the client is gone too, so nothing is sent again.
    await serverA.crash();
    typist.provider.destroy();
    await waitFor('the other process has it', () => watcher.doc.getText('headline').toString() === acknowledged);
    await waitFor('PostgreSQL has it', async () => (await storedHeadline('kill-acked')) === acknowledged);
    serverA = await startNewsroomServer({
      db: services.postgres.url,
      redis: services.redis.url,
      args: ['--max-message-mb', '1'],
    });
  }, 30_000);

  it('keeps every acknowledged update across a PostgreSQL restart', async () => {
    const typist = connect([serverB.wsUrl], storyDocumentName('pg-restart'), tokens.lin!);
    await synced(typist);
    writeStory(typist.doc, 'pg-restart', 'lin', '', 'Body.');
    const headline = typist.doc.getText('headline');
    const type = async (count: number) => {
      for (let i = 0; i < count; i++) {
        headline.insert(headline.length, String(i % 10));
        await sleep(10);
      }
    };
    await type(20);
    await synced(typist);
    await sql.end(); // the test's own connection would break with the restart
    await services.postgres.halt();
    await type(20);
    await synced(typist); // acknowledged by the server while PostgreSQL is down
    await sleep(300);
    await services.postgres.start();
    sql = new pg.Client(services.postgres.url);
    await sql.connect();
    const text = headline.toString();
    expect(text).toHaveLength(40);
    await waitFor('every update in PostgreSQL', async () => (await storedHeadline('pg-restart')) === text, 15_000);
  }, 30_000);

  it('stays up through 500 malformed and oversized messages and keeps answering others', async () => {
    const { doc: reference } = connect([serverB.wsUrl], storyDocumentName('tram-line'), tokens.zhou!);
    const frames: Buffer[] = [];
    for (let i = 0; i < 500; i++) {
      if (i % 50 === 0)
        frames.push(randomBytes(1_100_000)); // over the 1 MB limit the servers run with
      else if (i % 5 === 0)
        frames.push(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x0f])); // a length no frame holds
      else if (i % 5 === 1) {
        // A well-addressed sync update whose Yjs content is garbage, after signing in.
        const encoder = encoding.createEncoder();
        encoding.writeVarString(encoder, storyDocumentName('tram-line'));
        encoding.writeVarUint(encoder, 0);
        encoding.writeVarUint(encoder, 2);
        encoding.writeVarUint8Array(encoder, randomBytes(64));
        frames.push(Buffer.from(encoding.toUint8Array(encoder)));
      } else frames.push(randomBytes(1 + (i % 200)));
    }
    const authFrame = (() => {
      const encoder = encoding.createEncoder();
      encoding.writeVarString(encoder, storyDocumentName('tram-line'));
      encoding.writeVarUint(encoder, 2);
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarString(encoder, tokens.zhou!);
      return Buffer.from(encoding.toUint8Array(encoder));
    })();
    let sent = 0;
    while (sent < frames.length) {
      const socket = new WebSocket(serverB.wsUrl);
      await new Promise<void>((resolve) => {
        socket.on('open', async () => {
          socket.send(authFrame);
          await sleep(20);
          while (sent < frames.length && socket.readyState === WebSocket.OPEN) {
            socket.send(frames[sent++]!);
            await sleep(1);
          }
          socket.terminate();
        });
        socket.on('error', () => undefined);
        socket.on('close', () => resolve());
      });
    }
    expect(sent).toBe(500);
    // The server still answers: sign-in, and a fresh client syncing the story.
    expect((await fetch(`${serverB.httpUrl}/api/health`)).status).toBe(200);
    const fresh = connect(
      [serverB.wsUrl],
      storyDocumentName('tram-line'),
      await newsroomLogin(serverB.httpUrl, 'chen', PASSWORD),
    );
    await synced(fresh);
    expect(fresh.doc.getText('headline').toString()).toBe('Tram line opens');
    expect(reference.getText('headline').toString()).toBe('Tram line opens');
    expect(serverB.child.exitCode).toBeNull();
  }, 30_000);
});
