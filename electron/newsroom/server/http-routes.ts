import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type ErrorResponse,
  type HealthResponse,
  LoginRequest,
  type LoginResponse,
  type MeResponse,
  NEWSROOM_PROTOCOL_VERSION,
  ROUTES,
  SHA256_HEX,
} from '../../../shared/newsroom/protocol';
import type { NewsroomDb, SessionUser } from './db';
import { hashPassword, newToken, tokenHash, verifyPassword } from './secrets';

/**
 * The newsroom's HTTP routes (shared/newsroom/protocol.ts ROUTES), on the websocket's port:
 * login and logout, who am I, health, and content-addressed assets. Every route but login and
 * health needs `Authorization: Bearer <token>`.
 */

export interface HttpRoutesOptions {
  db: NewsroomDb;
  sessionMs: number;
  maxAssetBytes: number;
  log: (line: string) => void;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const LOGIN_BODY_LIMIT = 16 * 1024;
/** A hash to verify against when the user does not exist, so a wrong name takes as long as a wrong password. */
const decoyHash = hashPassword('decoy password');

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

const sendError = (response: ServerResponse, status: number, error: string): void =>
  send(response, status, { error } satisfies ErrorResponse);

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `the body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `the body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function bearer(request: IncomingMessage): string | null {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export function createHttpRoutes(options: HttpRoutesOptions) {
  const { db, log } = options;

  async function signedIn(request: IncomingMessage): Promise<SessionUser & { token: string }> {
    const token = bearer(request);
    if (!token) throw new HttpError(401, 'sign in first (Authorization: Bearer <token>)');
    const user = await db.sessionUser(tokenHash(token));
    if (!user) throw new HttpError(401, 'the session has expired or was ended; sign in again');
    return { ...user, token };
  }

  async function login(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let parsed: LoginRequest;
    try {
      parsed = LoginRequest.parse(JSON.parse((await readBody(request, LOGIN_BODY_LIMIT)).toString('utf8')));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, 'send {"name": …, "password": …} as JSON');
    }
    const user = await db.findUserForLogin(parsed.name);
    const matches = await verifyPassword(parsed.password, user?.passwordHash ?? (await decoyHash));
    if (!user || !matches) throw new HttpError(401, 'wrong name or password');
    if (user.disabled) throw new HttpError(403, `the account ${user.name} is disabled`);
    const token = newToken();
    const expiresAt = new Date(Date.now() + options.sessionMs);
    await db.createSession(tokenHash(token), user.name, expiresAt);
    log(`${user.name} (${user.role}) signed in`);
    send(response, 200, {
      token,
      expiresAt: expiresAt.toISOString(),
      user: { name: user.name, role: user.role },
    } satisfies LoginResponse);
  }

  async function putAsset(request: IncomingMessage, response: ServerResponse, sha256: string): Promise<void> {
    await signedIn(request);
    const data = await readBody(request, options.maxAssetBytes);
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== sha256) throw new HttpError(400, `the body's SHA-256 is ${actual}, not ${sha256}`);
    const declared = String(request.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const mime = /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(declared) ? declared : 'application/octet-stream';
    await db.putAsset(sha256, mime, data);
    send(response, 201, { sha256, size: data.length });
  }

  async function getAsset(request: IncomingMessage, response: ServerResponse, sha256: string): Promise<void> {
    await signedIn(request);
    const asset = await db.getAsset(sha256);
    if (!asset) throw new HttpError(404, `no asset ${sha256}`);
    response.writeHead(200, {
      'content-type': asset.mime,
      'content-length': asset.data.length,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=31536000, immutable',
    });
    response.end(asset.data);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://newsroom').pathname;
    const method = request.method ?? 'GET';
    if (path === ROUTES.health && method === 'GET') {
      send(response, 200, {
        ok: true,
        server: 'masthead-newsroom',
        version: NEWSROOM_PROTOCOL_VERSION,
      } satisfies HealthResponse);
      return;
    }
    if (path === ROUTES.login && method === 'POST') return login(request, response);
    if (path === ROUTES.logout && method === 'POST') {
      const user = await signedIn(request);
      await db.endSession(tokenHash(user.token));
      response.writeHead(204).end();
      return;
    }
    if (path === ROUTES.me && method === 'GET') {
      const user = await signedIn(request);
      send(response, 200, {
        user: { name: user.name, role: user.role },
        expiresAt: user.expiresAt.toISOString(),
      } satisfies MeResponse);
      return;
    }
    if (path.startsWith(ROUTES.assets)) {
      const sha256 = path.slice(ROUTES.assets.length);
      if (!SHA256_HEX.test(sha256)) throw new HttpError(400, 'an asset is named by its SHA-256 in lowercase hex');
      if (method === 'PUT') return putAsset(request, response, sha256);
      if (method === 'GET') return getAsset(request, response, sha256);
      throw new HttpError(405, `${method} is not allowed on assets`);
    }
    throw new HttpError(404, `no route ${method} ${path}`);
  }

  return async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await route(request, response);
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendError(response, error.status, error.message);
        return;
      }
      const code = (error as { code?: string }).code ?? '';
      // The database is away (restarting, unreachable): the client should try again.
      const unavailable = /^(ECONN|ETIMEDOUT|57P|08)/.test(code) || /terminat|connect/i.test((error as Error).message);
      log(`http ${request.method} ${request.url}: ${unavailable ? db.describe(error) : (error as Error).stack}`);
      sendError(
        response,
        unavailable ? 503 : 500,
        unavailable ? 'the newsroom database is unavailable; try again' : 'server error',
      );
    }
  };
}
