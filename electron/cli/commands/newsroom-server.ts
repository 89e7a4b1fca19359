import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DeskRole } from '../../../shared/model/workflow';
import { DEFAULT_NEWSROOM_PORT } from '../../../shared/newsroom/protocol';
import { type CliIo, type Command, pad, usageError } from './common';

/**
 * The newsroom server from the command line: `newsroom serve` runs it, `newsroom user …`
 * manages its users. The server's modules (Hocuspocus, pg, Redis) are loaded only by these
 * commands, so the rest of the CLI starts as quickly as before.
 */

const MIN_PASSWORD_LENGTH = 8;

const loadDb = () => import('../../newsroom/server/db');

/** Runs `work` with the database open; a database problem is one line, never a stack trace. */
async function withDb<T>(
  url: string | undefined,
  io: CliIo,
  work: (db: import('../../newsroom/server/db').NewsroomDb) => Promise<T>,
): Promise<T | null> {
  if (!url) throw usageError('--db URL is required (postgres://user@host:5432/database)');
  const { NewsroomDb, NewsroomDbError, describeDbError } = await loadDb();
  let db;
  try {
    db = await NewsroomDb.open(url);
  } catch (error) {
    io.err(`masthead: ${error instanceof NewsroomDbError ? error.message : describeDbError(error, url)}`);
    return null;
  }
  try {
    return await work(db);
  } catch (error) {
    io.err(`masthead: ${error instanceof NewsroomDbError ? error.message : describeDbError(error, url)}`);
    return null;
  } finally {
    await db.close().catch(() => undefined);
  }
}

function positiveNumber(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw usageError(`${value} is not a value ${option} takes.`);
  return n;
}

const serveUsage = `  newsroom serve --db URL [--redis URL] [--port N] [--host H] [--tls-cert F --tls-key F]
                  run the newsroom server: documents, users and assets in PostgreSQL,
                  Redis between several server processes (default port ${DEFAULT_NEWSROOM_PORT}, host 127.0.0.1)`;

export const newsroomServeCommand: Command = {
  name: 'newsroom serve',
  usage: serveUsage,
  run: async (args, io) => {
    const { values } = parseArgs({
      args,
      options: {
        db: { type: 'string' },
        redis: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'max-message-mb': { type: 'string' },
        'session-hours': { type: 'string' },
      },
      strict: true,
    });
    if (!values.db) throw usageError('--db URL is required (postgres://user@host:5432/database)');
    const port = values.port === undefined ? DEFAULT_NEWSROOM_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw usageError(`${values.port} is not a value --port takes.`);
    if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
      throw usageError('--tls-cert and --tls-key go together');
    }
    if (values.redis) {
      let redis: URL | null = null;
      try {
        redis = new URL(values.redis);
      } catch {
        // said below
      }
      if (!redis || (redis.protocol !== 'redis:' && redis.protocol !== 'rediss:')) {
        throw usageError(`--redis must be a redis:// URL like redis://127.0.0.1:6379, not "${values.redis}"`);
      }
    }
    const maxMessageBytes = positiveNumber(values['max-message-mb'], '--max-message-mb', 16) * 1024 * 1024;
    const sessionHours = positiveNumber(values['session-hours'], '--session-hours', 12);
    let tls: { cert: Buffer; key: Buffer } | undefined;
    if (values['tls-cert'] && values['tls-key']) {
      try {
        tls = { cert: await readFile(values['tls-cert']), key: await readFile(values['tls-key']) };
      } catch (error) {
        io.err(`masthead: cannot read the TLS certificate or key: ${(error as Error).message}`);
        return 1;
      }
    }

    const { startNewsroomServer } = await import('../../newsroom/server/server');
    const { NewsroomDbError } = await loadDb();
    const log = (line: string) => io.out(`${new Date().toISOString()} ${line}`);
    let server;
    try {
      server = await startNewsroomServer({
        db: values.db,
        redis: values.redis,
        port,
        host: values.host,
        tls,
        maxMessageBytes,
        sessionHours,
        log,
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (error instanceof NewsroomDbError) io.err(`masthead: ${error.message}`);
      else if (code === 'EADDRINUSE') io.err(`masthead: port ${port} on ${values.host} is already in use`);
      else if (code === 'EACCES') io.err(`masthead: no permission to listen on port ${port}`);
      else if (code === 'EADDRNOTAVAIL') io.err(`masthead: ${values.host} is not an address of this machine`);
      else io.err(`masthead: the newsroom server could not start: ${(error as Error).message}`);
      return 1;
    }
    log(
      `newsroom server listening on ${server.url} (HTTP on the same port)${values.redis ? `, Redis ${values.redis}` : ''}`,
    );
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log(`${signal}: storing open documents and stopping`);
        for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(name, handlers[name]);
        resolve();
      };
      const handlers = {
        SIGINT: () => stop('SIGINT'),
        SIGTERM: () => stop('SIGTERM'),
        SIGHUP: () => stop('SIGHUP'),
      };
      for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, handlers[name]);
    });
    await server.close();
    log('stopped');
    return 0;
  },
};

/** Reads a password without echo from the terminal, or the first line of piped input. */
async function promptPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(file: string | undefined, io: CliIo): Promise<string | null> {
  let password: string;
  if (file) {
    try {
      password = (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      io.err(`masthead: cannot read the password file: ${(error as Error).message}`);
      return null;
    }
  } else {
    password = await promptPassword('Password: ');
    if (process.stdin.isTTY && (await promptPassword('Again: ')) !== password) {
      io.err('masthead: the two passwords differ');
      return null;
    }
  }
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    io.err(`masthead: a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    return null;
  }
  return password;
}

export const newsroomUserAddCommand: Command = {
  name: 'newsroom user add',
  usage: `  newsroom user add NAME --role reporter|editor|chief|admin --db URL [--password-file F]
                  add a newsroom user; the password is read from the file, or asked for`,
  run: async (args, io) => {
    const { values, positionals } = parseArgs({
      args,
      options: { db: { type: 'string' }, role: { type: 'string' }, 'password-file': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const name = positionals[0]?.trim();
    if (!name || positionals.length > 1) throw usageError('give one user NAME');
    if (name.length > 120 || /[\p{Cc}]/u.test(name))
      throw usageError('a user name is one line of at most 120 characters');
    const role = DeskRole.safeParse(values.role);
    if (!role.success) throw usageError('--role must be reporter, editor, chief or admin');
    if (!values.db) throw usageError('--db URL is required (postgres://user@host:5432/database)');
    const password = await readPassword(values['password-file'], io);
    if (password === null) return 1;
    const { hashPassword } = await import('../../newsroom/server/secrets');
    const hash = await hashPassword(password);
    const added = await withDb(values.db, io, async (db) => {
      await db.addUser(name, role.data, hash);
      return true;
    });
    if (!added) return 1;
    io.out(`added ${name} (${role.data})`);
    return 0;
  },
};

export const newsroomUserListCommand: Command = {
  name: 'newsroom user list',
  usage: `  newsroom user list --db URL [--json]
                  list the newsroom's users, their roles, and who is disabled`,
  run: async (args, io) => {
    const { values } = parseArgs({
      args,
      options: { db: { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
    });
    const users = await withDb(values.db, io, (db) => db.listUsers());
    if (!users) return 1;
    if (values.json) {
      io.out(JSON.stringify({ users }, null, 2));
      return 0;
    }
    if (users.length === 0) {
      io.out('no users yet: masthead newsroom user add NAME --role chief --db URL');
      return 0;
    }
    const width = Math.max(4, ...users.map((u) => u.name.length));
    io.out(
      [
        `${pad('NAME', width)}  ${pad('ROLE', 8)}  STATE`,
        ...users.map((u) => `${pad(u.name, width)}  ${pad(u.role, 8)}  ${u.disabled ? 'disabled' : 'active'}`),
      ].join('\n'),
    );
    return 0;
  },
};

export const newsroomUserDisableCommand: Command = {
  name: 'newsroom user disable',
  usage: `  newsroom user disable NAME --db URL
                  stop a user signing in, and end their sessions`,
  run: async (args, io) => {
    const { values, positionals } = parseArgs({
      args,
      options: { db: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const name = positionals[0];
    if (!name || positionals.length > 1) throw usageError('give one user NAME');
    const found = await withDb(values.db, io, (db) => db.disableUser(name));
    if (found === null) return 1;
    if (!found) {
      io.err(`masthead: there is no user ${name}`);
      return 1;
    }
    io.out(`disabled ${name}; their sessions are ended`);
    return 0;
  },
};

export const newsroomServerCommands: Command[] = [
  newsroomServeCommand,
  newsroomUserAddCommand,
  newsroomUserListCommand,
  newsroomUserDisableCommand,
];
