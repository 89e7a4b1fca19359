import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const startScript = join(root, 'scripts', 'start-electron.ts');

/** Runs `npm start`'s script as npm does, with the given environment on top of a clean one. */
function start(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^ELECTRON_|^electron_config_cache$/i.test(k)),
  );
  const child = spawn(process.execPath, [tsx, startScript, ...args], {
    cwd: root,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code: code ?? 1, out, err })));
}

/** A loopback port nothing listens on: connecting to it is refused at once, like a blocked route. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('npm start', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'masthead-start-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hands the Electron binary it finds to electron-vite, which starts the app with it', async () => {
    // A stand-in for an unpacked Electron: records how electron-vite started it.
    const dist = join(dir, 'dist');
    const record = join(dir, 'started-with.txt');
    await mkdir(dist);
    await writeFile(join(dist, 'electron'), `#!/bin/sh\necho "$@" > "${record}"\nexit 7\n`);
    await chmod(join(dist, 'electron'), 0o755);

    const result = await start(['preview', '--skipBuild'], {
      ELECTRON_OVERRIDE_DIST_PATH: dist,
      ELECTRON_ENTRY: join(dir, 'main.js'),
    });
    expect(await readFile(record, 'utf8')).toContain(join(dir, 'main.js'));
    // The app's exit code comes back to the terminal.
    expect(result.code).toBe(7);
    expect(result.err).not.toMatch(/Electron uninstall|cannot start/);
  });

  it.skipIf(existsSync(join(root, 'node_modules', 'electron', 'path.txt')))(
    'where the fetch is impossible, stops within seconds with one paragraph and no stack trace',
    async () => {
      const began = Date.now();
      const result = await start(['preview'], {
        ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
        // An empty cache: nothing fetched earlier can stand in for the download.
        electron_config_cache: join(dir, 'cache'),
      });
      expect(Date.now() - began).toBeLessThan(15_000);
      expect(result.code).not.toBe(0);
      expect(result.out).toMatch(/fetching Electron \d+\.\d+\.\d+/);
      const paragraph = result.err.trim();
      expect(paragraph.split('\n')).toHaveLength(1);
      expect(paragraph).toMatch(/fetching it failed \(.*127\.0\.0\.1/);
      expect(paragraph).toContain('Nothing else is wrong');
      expect(paragraph).toContain('ELECTRON_OVERRIDE_DIST_PATH');
      expect(paragraph).toContain('ELECTRON_MIRROR');
      expect(paragraph).toContain('npm run web');
      expect(result.err).not.toMatch(/\n\s+at /);
    },
  );

  it('refuses an ELECTRON_OVERRIDE_DIST_PATH that holds no Electron, naming the folder', async () => {
    const result = await start(['preview', '--skipBuild'], { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nothing') });
    expect(result.code).toBe(1);
    expect(result.err.trim()).toMatch(/ELECTRON_OVERRIDE_DIST_PATH points at .*nothing, which holds no electron/);
    expect(result.err).toContain('npm run web');
  });
});
