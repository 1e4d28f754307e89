import { afterAll } from 'vitest';
import { loadConfig, type Config } from '../../services/config.ts';
import { createDeps, type Clock, type Deps } from '../../services/deps.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { testContext } from './context.ts';

export const testSecrets = {
  sessionKey: new TextEncoder().encode('test-session-secret-that-is-long-enough-for-hs256'),
  keyEncryptionKey: Buffer.alloc(32, 7),
};

/** A config as the service would parse it, on this file's database, Redis and queue prefix. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: testContext.databaseUrl,
    REDIS_URL: testContext.redisUrl,
    QUEUE_PREFIX: testContext.queuePrefix,
    PORT: '0',
    ...overrides,
  });
}

/**
 * Real dependencies (PostgreSQL, Redis, BullMQ) for a test file, closed after
 * it. `databaseUrl` / `redisUrl` may point somewhere unreachable on purpose.
 */
export function createTestDeps(options: { databaseUrl?: string; redisUrl?: string; clock?: Clock; config?: Record<string, string> } = {}): Deps {
  const config = testConfig(options.config);
  const deps = createDeps({
    config,
    logger: createLogger(config.LOG_LEVEL),
    databaseUrl: options.databaseUrl ?? testContext.databaseUrl,
    redisUrl: options.redisUrl ?? testContext.redisUrl,
    secrets: testSecrets,
    clock: options.clock,
  });
  afterAll(() => deps.close());
  return deps;
}
