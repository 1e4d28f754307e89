import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { withDatabaseName } from '../helpers/urls.ts';
import { testContext } from '../helpers/context.ts';

/**
 * Every test file gets its own database (a clone of the migrated template) and
 * its own Redis key prefix, both removed when the file ends.
 */
const adminUrl = inject('adminDatabaseUrl');
const template = inject('templateDatabase');
const redisUrl = inject('redisUrl');
const suffix = randomBytes(5).toString('hex');
const database = `brevet_test_${suffix}`;

async function cloneTemplate(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${database} template ${template}`);
        return;
      } catch (error) {
        // Two files cloning at the same instant: "source database is being accessed by other users".
        if ((error as { code?: string }).code !== '55006' || attempt > 20) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
}

await cloneTemplate();
testContext.adminDatabaseUrl = adminUrl;
testContext.databaseUrl = withDatabaseName(adminUrl, database);
testContext.redisUrl = redisUrl;
testContext.queuePrefix = `brevet-test-${suffix}`;

afterAll(async () => {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${testContext.queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
});
