import { request } from 'node:http';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../../electron/rpc/workspace';
import { type WebHost, startWebHost } from '../../../../electron/web/server';
import { tempDir } from '../../../helpers/temp';
import { makeWorkspace } from '../rpc/workspace-fixture';

/**
 * Issue 13, bad input: the web host's export:start-export wrote into any outDir it was sent.
 * Only the library's exports/ folder, or a folder the user chose in this session, is taken.
 */
const TOKEN = 'test-token-0123456789';
let dir: string;
let cleanup: () => Promise<void>;
let host: WebHost;
let workspace: Workspace;

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  const staticDir = join(dir, 'static');
  await mkdir(staticDir);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Masthead</title>');
  workspace = await makeWorkspace(dir);
  host = await startWebHost({ handlers: workspace.handlers(), staticDir, token: TOKEN, maxBodyBytes: 1024 * 1024 });
});
afterEach(async () => {
  await host.close();
  await workspace.close();
  await cleanup();
});

function api(channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  const body = JSON.stringify({ input });
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/api/${channel}`,
        method: 'POST',
        headers: {
          host: `127.0.0.1:${host.port}`,
          'content-type': 'application/json',
          'x-masthead-token': TOKEN,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

describe('export:start-export on the web host', () => {
  it(
    'refuses an outDir the user never chose, writing nothing there; the library’s exports/ is fine',
    { timeout: 60_000 },
    async () => {
      const [edition] = await workspace.current.listEditions();
      const elsewhere = join(dir, 'somewhere-else');
      const refused = await api('export:start-export', { editionId: edition!.id, formats: ['txt'], outDir: elsewhere });
      expect(refused.ok).toBe(false);
      expect(refused.error?.message).toMatch(/exports only into the library's exports folder or a folder you chose/);
      await expect(readdir(elsewhere)).rejects.toThrow();

      const sneaky = join(workspace.current.root, 'exports', '..', '..', 'escape');
      expect((await api('export:start-export', { editionId: edition!.id, formats: ['txt'], outDir: sneaky })).ok).toBe(
        false,
      );

      const inside = join(workspace.current.root, 'exports', 'desk');
      const accepted = await api('export:start-export', { editionId: edition!.id, formats: ['txt'], outDir: inside });
      expect(accepted.ok).toBe(true);
      // The export runs in the background: wait for it, then it is in the folder asked for.
      const { jobId } = accepted.value as { jobId: string };
      await expect
        .poll(async () => ((await api('export:get-status', { jobId })).value as { done: boolean }).done, {
          timeout: 30_000,
        })
        .toBe(true);
      expect((await readdir(inside)).filter((n) => !n.startsWith('.'))).toHaveLength(1);
    },
  );
});
