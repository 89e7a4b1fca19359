import { timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { type Envelope, type ErrorCode, methodForChannel } from '../../shared/ipc/contract';
import { type Handlers, dispatch } from '../rpc/dispatch';
import { MAX_CALL_BYTES } from '../../shared/limits';
import { ARTWORK_CSP } from '../../shared/svg-artwork';

/** Where the web host serves the library's photos; the renderer learns it from getAppInfo. */
export const PHOTO_PREFIX = '/photos/';

export interface WebHostOptions {
  handlers: Handlers;
  /** Photos of the open library, served under /photos/<asset id>. */
  readAsset?: (assetId: string) => Promise<{ bytes: Buffer; mime: string }>;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** Required on every API call, in the x-masthead-token header. */
  token: string;
  /** 0 picks a free port. */
  port?: number;
  /** Largest request body accepted; a story with a long paste must still fit. */
  maxBodyBytes?: number;
}

export interface WebHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

const STATUS: Record<ErrorCode, number> = {
  'invalid-input': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unsupported: 501,
  io: 500,
  internal: 500,
  'read-only': 423,
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // frame-ancestors is ignored in a <meta> CSP, so it travels as a header.
  'content-security-policy': "frame-ancestors 'none'",
};

function reply(res: ServerResponse, status: number, envelope: Envelope): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(envelope));
}

const refuse = (res: ServerResponse, code: ErrorCode, message: string): void =>
  reply(res, STATUS[code], { ok: false, error: { code, message } });

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep reading (and dropping) a too-large body so the client gets our answer rather
    // than a reset connection; past four times the limit, stop listening altogether.
    if (size > limit * 4) req.destroy();
    else if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw new BodyTooLarge();
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the built renderer and the contract over HTTP on 127.0.0.1, for development and
 * E2E tests on machines without the Electron binary. Calls go through the same dispatch
 * as IPC. Only this host's own pages may call: every API request needs the per-run token,
 * a Host header naming this server (against DNS rebinding) and, when the browser sends
 * one, an Origin of this server.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const staticRoot = resolve(options.staticDir);
  const maxBody = options.maxBodyBytes ?? MAX_CALL_BYTES;
  let origins = new Set<string>();
  let hosts = new Set<string>();

  async function serveApi(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 'invalid-input', 'API calls are POST requests.');
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin))
      return refuse(res, 'forbidden', 'Requests from other origins are refused.');
    if (!sameToken(req.headers['x-masthead-token'], options.token)) {
      return refuse(res, 'forbidden', 'Missing or wrong web host token. Open the URL the web host printed.');
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 'invalid-input', 'API calls carry a JSON body.');
    }
    const method = methodForChannel(channel);
    if (!method) return refuse(res, 'not-found', `Unknown API channel ${channel.slice(0, 80)}.`);
    let payload: unknown;
    try {
      payload = JSON.parse(await readBody(req, maxBody));
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return reply(res, 413, {
          ok: false,
          error: { code: 'invalid-input', message: `The request is larger than ${Math.round(maxBody / 1048576)} MB.` },
        });
      }
      return refuse(res, 'invalid-input', 'The request body is not valid JSON.');
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return refuse(res, 'invalid-input', 'The request body must be an object {"input": …}.');
    }
    // A service's answer, failure or not, is a 200 carrying the envelope (as over IPC): the
    // HTTP status speaks only of the transport, and the page's console stays meaningful.
    reply(res, 200, await dispatch(options.handlers, method, (payload as { input?: unknown }).input));
  }

  async function serveAsset(res: ServerResponse, assetId: string): Promise<void> {
    try {
      const { bytes, mime } = await options.readAsset!(decodeURIComponent(assetId));
      // Content-addressed: the same id is always the same bytes.
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        // Artwork may be SVG: opened on its own it still runs nothing and reaches nothing.
        ...(mime === 'image/svg+xml' ? { 'content-security-policy': ARTWORK_CSP } : {}),
        'content-type': mime,
        'cache-control': 'max-age=31536000, immutable',
      });
      res.end(bytes);
    } catch {
      res.writeHead(404, SECURITY_HEADERS).end();
    }
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end();
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      // A broken escape such as %E0%A4%A is a bad request, not a failure of the host.
      res.writeHead(400, SECURITY_HEADERS).end();
      return;
    }
    let file = normalize(join(staticRoot, decoded));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      res.writeHead(403, SECURITY_HEADERS).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    // Unknown paths get the app, so a reload on a deep link still works.
    if (!info || info.isDirectory()) file = join(staticRoot, 'index.html');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(503, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end('The renderer is not built. Run `npm run build:renderer`.');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.endsWith('.html') ? 'no-store' : 'max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    const handle = async (): Promise<void> => {
      if (!hosts.has(String(req.headers.host ?? ''))) {
        res.writeHead(421, SECURITY_HEADERS).end('Misdirected request');
        return;
      }
      // A request target that is not a path ("//x", "http://other/") names no file here.
      const target = req.url ?? '/';
      let parsed: URL | null = null;
      try {
        if (target.startsWith('/') && !target.startsWith('//')) parsed = new URL(target, 'http://127.0.0.1');
      } catch {
        parsed = null;
      }
      if (!parsed) {
        res.writeHead(400, SECURITY_HEADERS).end('Bad request');
        return;
      }
      const { pathname } = parsed;
      if (pathname.startsWith('/api/')) await serveApi(req, res, pathname.slice('/api/'.length));
      // Photos have their own path: the built renderer's files live in /assets/.
      else if (pathname.startsWith(PHOTO_PREFIX) && options.readAsset)
        await serveAsset(res, pathname.slice(PHOTO_PREFIX.length));
      else await serveStatic(req, res, pathname);
    };
    handle().catch((error: unknown) => {
      console.error('[masthead web] request failed:', error);
      if (!res.headersSent) refuse(res, 'internal', 'The web host failed to answer.');
      else res.end();
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  origins = new Set([...hosts].map((h) => `http://${h}`));
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
