import pg from 'pg';
import * as Y from 'yjs';
import type { DeskRole } from '../../../shared/model/workflow';

/**
 * The newsroom's PostgreSQL: users, sessions, documents (Yjs state) and assets. One pool
 * per process; every query names its parameters, nothing is built from strings.
 */

/** A database problem said in one sentence, for the CLI to print without a stack trace. */
export class NewsroomDbError extends Error {
  override name = 'NewsroomDbError';
}

export interface UserRow {
  name: string;
  role: DeskRole;
  disabled: boolean;
  createdAt: string;
}

export interface SessionUser {
  name: string;
  role: DeskRole;
  expiresAt: Date;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  name text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('reporter', 'editor', 'chief', 'admin')),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash text PRIMARY KEY,
  user_name text NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
CREATE TABLE IF NOT EXISTS documents (
  name text PRIMARY KEY,
  data bytea NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS assets (
  sha256 text PRIMARY KEY,
  mime text NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`;

/** Turns what `pg` throws into a sentence that says what is wrong with the database URL or server. */
export function describeDbError(error: unknown, url: string): string {
  const where = safeUrl(url);
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case 'ECONNREFUSED':
      return `cannot reach PostgreSQL at ${where}: connection refused (is it running, on that port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach PostgreSQL at ${where}: unknown host`;
    case 'ETIMEDOUT':
      return `cannot reach PostgreSQL at ${where}: timed out`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the user or password: ${e.message}`;
    case '3D000':
      return `PostgreSQL at ${where}: ${e.message} (create it first, e.g. createdb)`;
    case '42501':
      return `PostgreSQL at ${where}: permission denied (${e.message})`;
    default:
      return `PostgreSQL at ${where}: ${e.message ?? String(error)}`;
  }
}

/** The URL without its password, for messages. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Checks the shape of a database URL before anything tries to connect with it. */
export function checkDbUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NewsroomDbError(`--db must be a PostgreSQL URL like postgres://user@host:5432/newsroom, not "${url}"`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new NewsroomDbError(`--db must be a postgres:// URL, not ${parsed.protocol}//…`);
  }
}

export class NewsroomDb {
  private constructor(
    readonly pool: pg.Pool,
    private readonly url: string,
  ) {}

  /** Connects, creates the tables if they are missing, and checks the connection works. */
  static async open(url: string, options: { log?: (line: string) => void; max?: number } = {}): Promise<NewsroomDb> {
    checkDbUrl(url);
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle client whose server went away (PostgreSQL restarted) reports here; without a
    // listener the whole process would stop. The pool replaces it on the next query.
    pool.on('error', (error) => options.log?.(`database: ${describeDbError(error, url)}`));
    const db = new NewsroomDb(pool, url);
    try {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Two servers starting at once must not race creating the same tables.
        await client.query('SELECT pg_advisory_xact_lock(7437019)');
        await client.query(SCHEMA);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new NewsroomDbError(describeDbError(error, url));
    }
    return db;
  }

  describe(error: unknown): string {
    return describeDbError(error, this.url);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  // ------------------------------------------------------------ users

  async addUser(name: string, role: DeskRole, passwordHash: string): Promise<void> {
    try {
      await this.pool.query('INSERT INTO users (name, role, password_hash) VALUES ($1, $2, $3)', [
        name,
        role,
        passwordHash,
      ]);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new NewsroomDbError(`user ${name} already exists`);
      throw error;
    }
  }

  async listUsers(): Promise<UserRow[]> {
    const result = await this.pool.query<{ name: string; role: DeskRole; disabled: boolean; created_at: Date }>(
      'SELECT name, role, disabled, created_at FROM users ORDER BY name',
    );
    return result.rows.map((r) => ({
      name: r.name,
      role: r.role,
      disabled: r.disabled,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** Disables a user and ends their sessions; false when there is no such user. */
  async disableUser(name: string): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await client.query('UPDATE users SET disabled = true WHERE name = $1', [name]);
      await client.query('DELETE FROM sessions WHERE user_name = $1', [name]);
      await client.query('COMMIT');
      return (result.rowCount ?? 0) > 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async findUserForLogin(
    name: string,
  ): Promise<{ name: string; role: DeskRole; passwordHash: string; disabled: boolean } | null> {
    const result = await this.pool.query<{ name: string; role: DeskRole; password_hash: string; disabled: boolean }>(
      'SELECT name, role, password_hash, disabled FROM users WHERE name = $1',
      [name],
    );
    const row = result.rows[0];
    return row ? { name: row.name, role: row.role, passwordHash: row.password_hash, disabled: row.disabled } : null;
  }

  // ------------------------------------------------------------ sessions

  async createSession(tokenHash: string, user: string, expiresAt: Date): Promise<void> {
    await this.pool.query('INSERT INTO sessions (token_hash, user_name, expires_at) VALUES ($1, $2, $3)', [
      tokenHash,
      user,
      expiresAt,
    ]);
    // Old sessions go while we are here; nothing else needs them.
    await this.pool.query("DELETE FROM sessions WHERE expires_at < now() - interval '1 day'");
  }

  /** The user of a live session: unexpired, and the user not disabled. */
  async sessionUser(tokenHash: string): Promise<SessionUser | null> {
    const result = await this.pool.query<{ name: string; role: DeskRole; expires_at: Date }>(
      `SELECT u.name, u.role, s.expires_at FROM sessions s JOIN users u ON u.name = s.user_name
       WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
      [tokenHash],
    );
    const row = result.rows[0];
    return row ? { name: row.name, role: row.role, expiresAt: row.expires_at } : null;
  }

  /** Which of these sessions are still live (unexpired, user not disabled). */
  async liveSessions(tokenHashes: string[]): Promise<Set<string>> {
    if (tokenHashes.length === 0) return new Set();
    const result = await this.pool.query<{ token_hash: string }>(
      `SELECT s.token_hash FROM sessions s JOIN users u ON u.name = s.user_name
       WHERE s.token_hash = ANY($1) AND s.expires_at > now() AND NOT u.disabled`,
      [tokenHashes],
    );
    return new Set(result.rows.map((r) => r.token_hash));
  }

  async endSession(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  // ------------------------------------------------------------ documents

  async fetchDocument(name: string): Promise<Uint8Array | null> {
    const result = await this.pool.query<{ data: Buffer }>('SELECT data FROM documents WHERE name = $1', [name]);
    const data = result.rows[0]?.data;
    return data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  }

  /**
   * Stores a document's state. With `merge`, what is stored already is merged in (Yjs
   * updates merge without loss), so two server processes storing the same document, or a
   * store that raced another, never drop each other's changes.
   */
  async storeDocument(name: string, state: Uint8Array, merge: boolean): Promise<void> {
    if (!merge) {
      await this.pool.query(
        `INSERT INTO documents (name, data, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
        [name, Buffer.from(state)],
      );
      return;
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const existing = await client.query<{ data: Buffer }>('SELECT data FROM documents WHERE name = $1 FOR UPDATE', [
        name,
      ]);
      const old = existing.rows[0]?.data;
      const merged = old ? Y.mergeUpdates([new Uint8Array(old), state]) : state;
      await client.query(
        `INSERT INTO documents (name, data, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
        [name, Buffer.from(merged)],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** When a document was last stored; null if never. */
  async documentUpdatedAt(name: string): Promise<Date | null> {
    const result = await this.pool.query<{ updated_at: Date }>('SELECT updated_at FROM documents WHERE name = $1', [
      name,
    ]);
    return result.rows[0]?.updated_at ?? null;
  }

  /** Documents whose name starts with `prefix`, stored at or after `since`, in batches. */
  async *documentsSince(
    prefix: string,
    since: Date | null,
    batch = 500,
  ): AsyncGenerator<{ name: string; data: Uint8Array }> {
    let after = '';
    for (;;) {
      const result = await this.pool.query<{ name: string; data: Buffer }>(
        `SELECT name, data FROM documents WHERE name LIKE $1 AND name > $2 AND ($3::timestamptz IS NULL OR updated_at >= $3)
         ORDER BY name LIMIT $4`,
        [`${prefix}%`, after, since, batch],
      );
      for (const row of result.rows) yield { name: row.name, data: new Uint8Array(row.data) };
      if (result.rows.length < batch) return;
      after = result.rows[result.rows.length - 1]!.name;
    }
  }

  // ------------------------------------------------------------ assets

  async putAsset(sha256: string, mime: string, data: Buffer): Promise<void> {
    await this.pool.query(
      'INSERT INTO assets (sha256, mime, data) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING',
      [sha256, mime, data],
    );
  }

  async getAsset(sha256: string): Promise<{ mime: string; data: Buffer } | null> {
    const result = await this.pool.query<{ mime: string; data: Buffer }>(
      'SELECT mime, data FROM assets WHERE sha256 = $1',
      [sha256],
    );
    return result.rows[0] ?? null;
  }
}
