import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import {
  type Extension,
  type onAuthenticatePayload,
  type onChangePayload,
  type onStoreDocumentPayload,
  Server as HocuspocusServer,
} from '@hocuspocus/server';
import { type Server as HttpServer, createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { EMPTY_STORY_STATE, type StoryGuardState, documentAccess } from '../../../shared/newsroom/permissions';
import { CATALOGUE_DOCUMENT, parseDocumentName } from '../../../shared/newsroom/protocol';
import { CatalogueKeeper } from './catalogue';
import { NewsroomDb } from './db';
import { DocumentGuard, type SessionContext } from './guard';
import { createHttpRoutes } from './http-routes';
import { readStoryGuardState } from './read-docs';
import { tokenHash } from './secrets';

/**
 * The newsroom server: Hocuspocus (Yjs documents over a websocket) persisted to PostgreSQL,
 * with Redis between several server processes, and the HTTP routes on the same port.
 * docs/newsroom.md describes the documents and the rules.
 */

export interface NewsroomServerOptions {
  db: string;
  redis?: string;
  port: number;
  host: string;
  tls?: { cert: Buffer; key: Buffer };
  /** Largest websocket message accepted; a bigger one closes that client's socket. */
  maxMessageBytes?: number;
  maxAssetBytes?: number;
  sessionHours?: number;
  log?: (line: string) => void;
}

export interface RunningNewsroomServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Stores wait this long between tries while PostgreSQL is away, doubling from STORE_RETRY_FIRST_MS. */
const STORE_RETRY_FIRST_MS = 100;
const STORE_RETRY_MAX_MS = 2_000;
const SHUTDOWN_LIMIT_MS = 20_000;
const SESSION_CHECK_MS = 5_000;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Redis extension stores a document from one process at a time, under a lock, and skips
 * the store in the others. A process killed while holding the lock would then leave the
 * others' newer changes unstored until the next edit. Our stores merge with what is stored
 * (db.storeDocument), so every process may store safely: the lock is not taken.
 */
class NewsroomRedis extends Redis {
  override async onStoreDocument(): Promise<void> {}

  /**
   * Hands an accepted update to the other processes before this one applies and acknowledges
   * it. The extension alone publishes only a state vector and sends the change when a peer
   * asks for it, a round trip later: a process killed right after acknowledging would take
   * the change with it. Published first, an acknowledged update is on every process that has
   * the document open (and stored by them), whatever becomes of this one or its client.
   */
  async publishUpdate(documentName: string, update: Uint8Array): Promise<void> {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, documentName);
    encoding.writeVarUint(encoder, 0); // Sync
    encoding.writeVarUint(encoder, 2); // an update
    encoding.writeVarUint8Array(encoder, update);
    await this.pub.publish(
      `${this.configuration.prefix}:${documentName}`,
      Buffer.concat([this.messagePrefix, encoding.toUint8Array(encoder)]),
    );
  }
}

/** How long an update waits for Redis to take it before it is applied anyway (Redis away). */
const PUBLISH_WAIT_MS = 500;

/**
 * The catalogue is derived (brought up to date from the stories stored since its last store,
 * at start), large (10,000 summaries are 3.5 MB; encoding them takes ~150 ms) and changes with
 * every few keystrokes' counts: encoding it on every debounced store would stall every
 * connection of the process several times a minute. It is stored at most every
 * CATALOGUE_STORE_MS, and at once when the server stops.
 */
const CATALOGUE_STORE_MS = 5 * 60_000;

class NewsroomDatabase extends Database {
  constructor(
    configuration: ConstructorParameters<typeof Database>[0],
    private readonly storeCatalogue: (document: Y.Doc) => Promise<void>,
  ) {
    super(configuration);
  }

  override async onStoreDocument(data: onStoreDocumentPayload): Promise<void> {
    if (data.documentName === CATALOGUE_DOCUMENT) return this.storeCatalogue(data.document);
    return super.onStoreDocument(data);
  }
}

export async function startNewsroomServer(options: NewsroomServerOptions): Promise<RunningNewsroomServer> {
  const log = options.log ?? (() => undefined);
  const db = await NewsroomDb.open(options.db, { log });
  let closing = false;

  /** Keeps trying a store while PostgreSQL is away, so an acknowledged change is not dropped. */
  async function storeWithRetry(name: string, state: Uint8Array): Promise<void> {
    let delay = STORE_RETRY_FIRST_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await db.storeDocument(name, state, name !== CATALOGUE_DOCUMENT);
        if (attempt > 1) log(`stored ${name} after ${attempt} tries`);
        return;
      } catch (error) {
        if (attempt === 1) log(`storing ${name} failed, retrying: ${db.describe(error)}`);
        if (closing && attempt >= 10) throw error;
        await wait(delay);
        delay = Math.min(delay * 2, STORE_RETRY_MAX_MS);
      }
    }
  }

  const guard = new DocumentGuard(log);

  /** A story's state as it is now: from the open document, else from PostgreSQL. */
  async function storyStateFor(name: string): Promise<StoryGuardState> {
    try {
      const open = hocuspocus.hocuspocus.documents.get(name);
      if (open) return readStoryGuardState(open);
      const stored = await db.fetchDocument(name);
      if (!stored) return EMPTY_STORY_STATE;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored);
      return readStoryGuardState(doc);
    } catch {
      // A malformed story is left to the per-change check, which refuses what it cannot read.
      return EMPTY_STORY_STATE;
    }
  }
  let catalogue: CatalogueKeeper | null = null;

  const newsroom: Extension = {
    extensionName: 'masthead-newsroom',
    async onAuthenticate(payload: onAuthenticatePayload) {
      const ref = parseDocumentName(payload.documentName);
      if (!ref) throw Object.assign(new Error('no such document'), { reason: 'no-such-document' });
      const user = payload.token ? await db.sessionUser(tokenHash(payload.token)) : null;
      if (!user) throw Object.assign(new Error('not signed in'), { reason: 'invalid-token' });
      const actor = { name: user.name, role: user.role };
      // The client is told at once whether it may write (the provider's authorizedScope);
      // a story's changes are judged again one by one, as its status moves on.
      payload.connectionConfig.readOnly =
        documentAccess(actor, ref, ref.kind === 'story' ? await storyStateFor(payload.documentName) : undefined) ===
        'read-only';
      return {
        user: actor,
        expiresAt: user.expiresAt.getTime(),
        tokenHash: tokenHash(payload.token),
      } satisfies SessionContext;
    },
    async beforeHandleMessage(payload) {
      const accepted = guard.check(payload);
      if (accepted && redis) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          redis.publishUpdate(payload.documentName, accepted).catch((error: unknown) => {
            log(`publishing to Redis: ${(error as Error).message}`);
          }),
          new Promise((resolve) => (timer = setTimeout(resolve, PUBLISH_WAIT_MS))),
        ]);
        clearTimeout(timer);
      }
    },
    async onChange(payload: onChangePayload) {
      catalogue?.noteChange(payload.documentName, payload.document);
      // A change that came through Redis is stored here too (Hocuspocus leaves that to the
      // process that received it, which may be gone); stores merge, so twice is harmless.
      const origin = payload.transactionOrigin as { source?: string } | undefined;
      if (origin?.source === 'redis' && payload.documentName !== CATALOGUE_DOCUMENT) {
        void hocuspocus.hocuspocus.storeDocumentHooks(payload.document, {
          instance: hocuspocus.hocuspocus,
          clientsCount: payload.document.getConnectionsCount(),
          document: payload.document,
          documentName: payload.documentName,
          lastContext: {},
          lastTransactionOrigin: payload.transactionOrigin,
        });
      }
    },
    async afterUnloadDocument(payload) {
      guard.forget(payload.documentName);
    },
  };

  let catalogueToStore: Y.Doc | null = null;
  let catalogueTimer: NodeJS.Timeout | null = null;
  let catalogueStoredAt = 0;
  async function storeCatalogueNow(): Promise<void> {
    if (catalogueTimer) clearTimeout(catalogueTimer);
    catalogueTimer = null;
    const document = catalogueToStore;
    catalogueToStore = null;
    if (!document) return;
    catalogueStoredAt = Date.now();
    await storeWithRetry(CATALOGUE_DOCUMENT, Y.encodeStateAsUpdate(document));
  }
  async function storeCatalogue(document: Y.Doc): Promise<void> {
    catalogueToStore = document;
    if (closing) return storeCatalogueNow();
    catalogueTimer ??= setTimeout(
      () => void storeCatalogueNow().catch((error: unknown) => log(`storing the catalogue: ${db.describe(error)}`)),
      Math.max(0, catalogueStoredAt + CATALOGUE_STORE_MS - Date.now()),
    );
  }

  const extensions: Extension[] = [
    new NewsroomDatabase(
      {
        fetch: async ({ documentName }) => db.fetchDocument(documentName),
        store: async ({ documentName, state }) => storeWithRetry(documentName, state),
      },
      storeCatalogue,
    ),
    newsroom,
  ];
  let redis: NewsroomRedis | null = null;
  if (options.redis) {
    const url = new URL(options.redis);
    extensions.push(
      (redis = new NewsroomRedis({
        host: url.hostname,
        port: Number(url.port || 6379),
        options: {
          password: url.password ? decodeURIComponent(url.password) : undefined,
          username: url.username ? decodeURIComponent(url.username) : undefined,
          db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
          tls: url.protocol === 'rediss:' ? {} : undefined,
          // Keep trying while Redis restarts; the websocket keeps working on this process.
          retryStrategy: (times: number) => Math.min(times * 200, 2_000),
        },
      })),
    );
  }

  const hocuspocus = new HocuspocusServer({
    name: 'masthead-newsroom',
    quiet: true,
    stopOnSignals: false,
    debounce: 300,
    maxDebounce: 2_000,
    timeout: 60_000, // a connection silent this long is closed (providers renew awareness every 15 s)
    websocketOptions: { maxPayload: options.maxMessageBytes ?? 16 * 1024 * 1024 },
    extensions,
  });

  const routes = createHttpRoutes({
    db,
    log,
    sessionMs: (options.sessionHours ?? 12) * 3_600_000,
    maxAssetBytes: options.maxAssetBytes ?? 64 * 1024 * 1024,
  });
  const http: HttpServer = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => void routes(req, res))
    : createHttpServer((req, res) => void routes(req, res));
  // Websocket upgrades go to Hocuspocus (its own http server is never listened on; it only
  // routes the upgrade), so HTTP and the websocket share one port, with or without TLS.
  const websockets = new Set<Duplex>();
  http.on('upgrade', (request, socket, head) => {
    if (closing) return socket.destroy();
    websockets.add(socket);
    socket.on('close', () => websockets.delete(socket));
    socket.on('error', () => socket.destroy());
    hocuspocus.httpServer.emit('upgrade', request, socket, head);
  });
  http.on('clientError', (_error, socket) => socket.destroy());

  catalogue = new CatalogueKeeper(hocuspocus.hocuspocus, db, log);
  try {
    // The catalogue brought up to date is stored once whole (not a half-built one while it
    // fills), so the next start catches up only on what changed after this.
    catalogueStoredAt = Date.now();
    await catalogue.start();
    const catalogueDocument = hocuspocus.hocuspocus.documents.get(CATALOGUE_DOCUMENT);
    if (catalogueDocument) {
      catalogueToStore = catalogueDocument;
      await storeCatalogueNow();
    }
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, options.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await catalogue.close().catch(() => undefined);
    await hocuspocus.destroy().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }

  /**
   * Connections outlive a session ended elsewhere (logout, `user disable`, expiry): every
   * SESSION_CHECK_MS the live connections' sessions are looked up, and those gone are closed
   * (the provider then fails to sign in again with the same token).
   */
  async function closeEndedSessions(): Promise<void> {
    const connections = [...hocuspocus.hocuspocus.documents.values()].flatMap((document) => document.getConnections());
    const hashes = [...new Set(connections.map((c) => (c.context as SessionContext).tokenHash).filter(Boolean))];
    const live = await db.liveSessions(hashes);
    for (const connection of connections) {
      const session = connection.context as SessionContext;
      if (session.tokenHash && !live.has(session.tokenHash)) {
        log(`closing ${session.user.name}'s connection to ${connection.document.name}: the session has ended`);
        connection.close({ code: 4401, reason: 'session-ended' });
      }
    }
  }
  const sessionCheck = setInterval(
    () => void closeEndedSessions().catch((error: unknown) => log(`checking sessions: ${db.describe(error)}`)),
    SESSION_CHECK_MS,
  );

  if ((await db.listUsers()).length === 0) {
    log('no users yet: add one with masthead newsroom user add NAME --role chief --db URL');
  }
  const port = (http.address() as AddressInfo).port;
  const scheme = options.tls ? 'wss' : 'ws';
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  let closePromise: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing = true;
    clearInterval(sessionCheck);
    http.close();
    await catalogue?.close();
    // Clients are cut off first, so none reopens a document while the server stores and
    // unloads them (a provider would, on the same socket); they reconnect to another process.
    for (const socket of websockets) socket.destroy();
    // Stores every open document, then closes Redis.
    let limit: NodeJS.Timeout | undefined;
    await Promise.race([
      hocuspocus.destroy(),
      new Promise((resolve) => (limit = setTimeout(resolve, SHUTDOWN_LIMIT_MS))),
    ]);
    clearTimeout(limit);
    await storeCatalogueNow().catch((error: unknown) => log(`storing the catalogue: ${db.describe(error)}`));
    http.closeAllConnections();
    await db.close().catch(() => undefined);
  }

  return {
    port,
    url: `${scheme}://${host}:${port}`,
    close: () => (closePromise ??= close()),
  };
}
