import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, chown, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './temp';

/**
 * Real services for the newsroom's tests and bench: a throwaway PostgreSQL cluster and a
 * Redis, each on a free loopback port in a temp dir, and newsroom server processes (the real
 * CLI, `masthead newsroom serve`, run through tsx). Nothing is mocked; everything started
 * here is stopped and its files removed by the returned `stop`.
 */

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

/** A TCP port nobody listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The newest PostgreSQL's binaries (`/usr/lib/postgresql/<version>/bin`), Debian's layout. */
async function postgresBin(): Promise<string> {
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = (await readdir(root)).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  } catch {
    // reported below
  }
  if (!versions[0])
    throw new Error(`PostgreSQL is not installed (no ${root}/<version>/bin); apt-get install postgresql`);
  return join(root, versions[0], 'bin');
}

/**
 * Runs a PostgreSQL binary as the `postgres` system user when we are root (the server
 * refuses to run as root), as ourselves otherwise.
 */
async function asPostgres(binary: string, args: string[]): Promise<string> {
  const quoted = [binary, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const { stdout } = isRoot
    ? await run('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { timeout: 60_000 })
    : await run(binary, args, { timeout: 60_000 });
  return stdout;
}

export interface PostgresService {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication on loopback). */
  url: string;
  port: number;
  dir: string;
  /** Stops the server (fast shutdown: committed transactions are kept) without removing it. */
  halt(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** halt() then start(). */
  restart(): Promise<void>;
  /** Stops it and removes the cluster. */
  stop(): Promise<void>;
}

/** A fresh PostgreSQL cluster in a temp dir owned by `postgres`, on a free loopback port. */
export async function startPostgres(): Promise<PostgresService> {
  const bin = await postgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'masthead-pg-'));
  const data = join(dir, 'data');
  if (isRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  const port = await freePort();
  await asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on`;
  const pgCtl = join(bin, 'pg_ctl');
  const start = async (): Promise<void> => {
    await asPostgres(pgCtl, ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  };
  const halt = async (): Promise<void> => {
    await asPostgres(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
  };
  await start();
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    halt,
    start,
    restart: async () => {
      await halt();
      await start();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisService {
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A Redis without persistence on a free loopback port, its files in a temp dir. */
export async function startRedis(): Promise<RedisService> {
  const dir = await mkdtemp(join(tmpdir(), 'masthead-redis-'));
  const port = await freePort();
  const pidFile = join(dir, 'redis.pid');
  await run(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--daemonize',
      'yes',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--pidfile',
      pidFile,
      '--logfile',
      join(dir, 'log'),
    ],
    { timeout: 30_000 },
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new Error('redis-server is not installed; apt-get install redis-server');
    throw error;
  });
  // Wait until it answers.
  for (let i = 0; ; i++) {
    try {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'ping'], { timeout: 5_000 });
      if (stdout.trim() === 'PONG') break;
    } catch {
      // not up yet
    }
    if (i > 100) throw new Error(`redis-server did not answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await run('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { timeout: 10_000 }).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface NewsroomServices {
  postgres: PostgresService;
  redis: RedisService;
  stop(): Promise<void>;
}

/** PostgreSQL and Redis together, started in parallel. */
export async function startNewsroomServices(): Promise<NewsroomServices> {
  const [postgres, redis] = await Promise.allSettled([startPostgres(), startRedis()]);
  if (postgres.status === 'rejected' || redis.status === 'rejected') {
    if (postgres.status === 'fulfilled') await postgres.value.stop();
    if (redis.status === 'fulfilled') await redis.value.stop();
    throw postgres.status === 'rejected' ? postgres.reason : (redis as PromiseRejectedResult).reason;
  }
  return {
    postgres: postgres.value,
    redis: redis.value,
    stop: async () => {
      await Promise.all([postgres.value.stop(), redis.value.stop()]);
    },
  };
}

const cli = join(repoRoot, 'electron/cli/masthead.ts');

/** `masthead …` as a child process through tsx; resolves with its exit code and output. */
export async function runMastheadProcess(
  args: string[],
  stdin?: string,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(stdin ?? '');
  });
}

/** Adds a newsroom user through the real CLI (`masthead newsroom user add … --password-file`). */
export async function addNewsroomUser(db: string, name: string, role: string, password: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'masthead-pw-'));
  try {
    const file = join(dir, 'password');
    await writeFile(file, password, { mode: 0o600 });
    const result = await runMastheadProcess([
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
    ]);
    if (result.code !== 0)
      throw new Error(`newsroom user add ${name} failed (${result.code}): ${result.err}${result.out}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface NewsroomServerProcess {
  port: number;
  /** `http://127.0.0.1:<port>`: the HTTP routes. */
  httpUrl: string;
  /** `ws://127.0.0.1:<port>`: the websocket for providers. */
  wsUrl: string;
  child: ChildProcess;
  /** What the process has printed so far (stdout and stderr). */
  output(): string;
  /** kill -9: no shutdown at all. */
  crash(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
}

export interface NewsroomServerOptions {
  db: string;
  redis?: string;
  port?: number;
  /** Extra arguments for `newsroom serve`. */
  args?: string[];
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** Serve over TLS with this certificate and key (PEM files); URLs become https:// and wss://. */
  tls?: { certFile: string; keyFile: string };
}

/** Whether the server answers /api/health (over TLS without checking its certificate: it is ours). */
function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(
      `${url}/api/health`,
      { rejectUnauthorized: false, agent: false },
      (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      },
    );
    request.on('error', () => resolve(false));
    request.end();
  });
}

/** A `masthead newsroom serve` process on a free loopback port, resolved once /api/health answers. */
export async function startNewsroomServer(options: NewsroomServerOptions): Promise<NewsroomServerProcess> {
  const port = options.port ?? (await freePort());
  const args = ['newsroom', 'serve', '--db', options.db, '--port', String(port), '--host', '127.0.0.1'];
  if (options.redis) args.push('--redis', options.redis);
  if (options.tls) args.push('--tls-cert', options.tls.certFile, '--tls-key', options.tls.keyFile);
  args.push(...(options.args ?? []));
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const secure = options.tls ? 's' : '';
  const httpUrl = `http${secure}://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`newsroom server exited (${child.exitCode}): ${output}`);
    if (await healthy(httpUrl)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`newsroom server did not answer on port ${port}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    httpUrl,
    wsUrl: `ws${secure}://127.0.0.1:${port}`,
    child,
    output: () => output,
    crash: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Signs in over HTTP and returns the session token. */
export async function newsroomLogin(httpUrl: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${httpUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new Error(`login as ${name} failed (${response.status}): ${body.error}`);
  return body.token;
}
