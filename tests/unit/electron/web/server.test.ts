import { request } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type WebHost, startWebHost } from '../../../../electron/web/server';
import { Story } from '../../../../shared/model';
import { snapshot, tempDir } from '../../../helpers/temp';
import { makeWorkspace } from '../rpc/workspace-fixture';

const TOKEN = 'test-token-0123456789';
let dir: string;
let cleanup: () => Promise<void>;
let host: WebHost;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  const staticDir = join(dir, 'static');
  await mkdir(staticDir);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Masthead</title>');
  await writeFile(join(dir, 'secret.txt'), 'outside the static folder');
  host = await startWebHost({
    handlers: (await makeWorkspace(dir)).handlers(),
    staticDir,
    token: TOKEN,
    maxBodyBytes: 1024 * 1024,
  });
});
afterEach(async () => {
  await host.close();
  await cleanup();
});

interface Reply {
  status: number;
  body: string;
  json: () => { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/** Raw HTTP, so tests control every header (fetch would add its own Origin rules). */
function call(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: init.method ?? 'GET',
        headers: { host: `127.0.0.1:${host.port}`, ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          ok({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) });
        });
      },
    );
    req.on('error', fail);
    req.end(init.body);
  });
}

const api = (channel: string, input: unknown, headers: Record<string, string> = {}) =>
  call(`/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-masthead-token': TOKEN, ...headers },
    body: JSON.stringify({ input }),
  });

describe('the web host', () => {
  it('answers the contract and saves to the library on disk', async () => {
    const created = await api('library:create-story', { language: 'zh-Hans', headline: '网页主机' });
    expect(created.status).toBe(200);
    const story = Story.parse(created.json().value);
    const saved = await api('library:save-story', {
      id: story.id,
      baseRevision: 1,
      changes: { byline: '本报记者 林小雨' },
    });
    expect(saved.json()).toMatchObject({ ok: true, value: { revision: 2 } });
    const onDisk = JSON.parse(await readFile(join(dir, 'library', 'stories', `${story.id}.json`), 'utf8'));
    expect(onDisk).toMatchObject({ headline: '网页主机', byline: '本报记者 林小雨' });
  });

  it('refuses calls without the token, with a wrong token, or from another origin, and changes nothing', async () => {
    const before = await snapshot(join(dir, 'library'));
    const noToken = await call('/api/library:create-story', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: { language: 'en' } }),
    });
    expect(noToken.status).toBe(403);
    expect(noToken.json().error?.code).toBe('forbidden');
    expect((await api('library:create-story', { language: 'en' }, { 'x-masthead-token': 'guess' })).status).toBe(403);
    expect((await api('library:create-story', { language: 'en' }, { origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect(await snapshot(join(dir, 'library'))).toEqual(before);
  });

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    const reply = await api('library:list-stories', undefined, { host: `evil.example:${host.port}` });
    expect(reply.status).toBe(421);
    expect(
      (
        await api('library:list-stories', undefined, {
          origin: `http://localhost:${host.port}`,
          host: `localhost:${host.port}`,
        })
      ).status,
    ).toBe(200);
  });

  it('answers malformed requests with a clear error', async () => {
    const headers = { 'content-type': 'application/json', 'x-masthead-token': TOKEN };
    const notJson = await call('/api/library:list-stories', { method: 'POST', headers, body: '{not json' });
    expect(notJson.status).toBe(400);
    expect(notJson.json().error?.message).toMatch(/not valid JSON/);
    const array = await call('/api/library:list-stories', { method: 'POST', headers, body: '[]' });
    expect(array.status).toBe(400);
    expect((await call('/api/library:explode', { method: 'POST', headers, body: '{}' })).status).toBe(404);
    expect((await call('/api/library:list-stories', { method: 'GET', headers })).status).toBe(400);
    const huge = await api('library:create-story', { language: 'en', headline: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.json().error?.message).toMatch(/larger than 1 MB/);
    const invalid = await api('library:get-story', { id: '../../secret' });
    expect(invalid.json()).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('serves the renderer and nothing outside its folder', async () => {
    const index = await call('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Masthead</title>');
    const deepLink = await call('/story/abc');
    expect(deepLink.body).toContain('<title>Masthead</title>');
    const escape = await call('/..%2fsecret.txt');
    expect(escape.body).not.toContain('outside the static folder');
    const escape2 = await call('/%2e%2e/secret.txt');
    expect(escape2.body).not.toContain('outside the static folder');
    // A request target that is no path at all is a bad request, not a failure of the host.
    for (const target of ['//?token=x', 'http://example.com/']) {
      const odd = await call(target);
      expect(odd.status, target).toBe(400);
    }
  });
});
