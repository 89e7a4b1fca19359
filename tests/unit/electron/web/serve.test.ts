import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Library } from '../../../../electron/store/library';
import { LOCK_FILE, acquireLock } from '../../../../electron/store/lock';
import { repoRoot, sampleLibrary, tempDir } from '../../../helpers/temp';

let dir: string;
let cleanup: () => Promise<void>;
let busy: Server;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('masthead-serve-'));
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
});
afterEach(async () => {
  await new Promise((r) => busy.close(r));
  await cleanup();
});

it('a web host whose port is taken says so, exits 1 and hands the library lock back', { timeout: 60_000 }, async () => {
  const library = join(dir, 'library');
  await Library.open(library, { seedFrom: sampleLibrary });
  const { port } = busy.address() as { port: number };
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'electron/web/serve.ts'),
      '--port',
      String(port),
      '--library',
      library,
      '--settings',
      join(dir, 'settings'),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  expect(code).toBe(1);
  expect(err).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
  expect(existsSync(join(library, LOCK_FILE))).toBe(false);
  // The next start takes the library as closed properly, not as left behind by a crash.
  const next = await acquireLock(library, { identity: { app: 'web' } });
  expect(next.kind).toBe('owned');
  expect(next.kind === 'owned' && next.recovered).toBeNull();
  if (next.kind === 'owned') await next.lock.release();
});
