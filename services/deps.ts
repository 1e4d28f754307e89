import { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { createDatabase, type Db } from './db/database.ts';
import { createMailer, type Mailer } from './email/mailer.ts';
import { closeQueues, createQueues, type Queues } from './queues.ts';
import type { Logger } from './shared/logger.ts';
import { withTimeout } from './shared/timeout.ts';
import type pg from 'pg';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Everything a use case, a route or a processor may need: built once, passed down. */
export interface Secrets {
  /** HS256 key of session and access tokens. */
  sessionKey: Uint8Array;
  /** AES-256-GCM key-encryption key of the issuer's private keys. */
  keyEncryptionKey: Buffer;
}

export interface Deps {
  config: Config;
  secrets: Secrets;
  logger: Logger;
  db: Db;
  pool: pg.Pool;
  /** General-purpose Redis client (health, rate limits); fails fast when Redis is away. */
  redis: Redis;
  /** The connection BullMQ queues and workers share (blocking commands need no retry limit). */
  queueConnection: Redis;
  queues: Queues;
  /** Outgoing mail over SMTP (SMTP_URL, or the local sink on the embedded default). */
  mailer: Mailer;
  clock: Clock;
  close(): Promise<void>;
}

export interface DepsInput {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  redisUrl: string;
  secrets: Secrets;
  clock?: Clock;
  /** Overrides SMTP_URL: the embedded default passes its local SMTP sink here. */
  smtpUrl?: string;
}

/** Builds the dependencies; connections open lazily, so a dependency that is down does not stop boot. */
export function createDeps({ config, logger, databaseUrl, redisUrl, secrets, clock = systemClock, smtpUrl }: DepsInput): Deps {
  const { db, pool } = createDatabase(databaseUrl);
  const redis = new Redis(redisUrl, {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  const queueConnection = new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Connection errors are reported by /health and by the operations that need Redis; without a
  // listener ioredis would print each reconnection attempt as an unhandled error.
  const quiet = (source: string) => (error: Error) => logger.debug({ err: error, source }, 'redis connection error');
  redis.on('error', quiet('redis'));
  queueConnection.on('error', quiet('queues'));
  const queues = createQueues(queueConnection, config.QUEUE_PREFIX, quiet('queue'));
  const mailer = createMailer(smtpUrl ?? config.SMTP_URL, config.MAIL_FROM);

  return {
    config,
    secrets,
    logger,
    db,
    pool,
    redis,
    queueConnection,
    queues,
    mailer,
    clock,
    async close() {
      // A queue whose Redis never answered would wait for it forever: give up after a few seconds.
      await withTimeout(closeQueues(queues), 5_000, 'closing queues').catch((err) => logger.warn({ err }, 'closing queues failed'));
      mailer.close();
      redis.disconnect();
      queueConnection.disconnect();
      await db.destroy();
    },
  };
}
