import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../migrations/migrator.ts';
import { startEmbeddedPostgres, startEmbeddedRedis, type EmbeddedService } from '../../services/embedded.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { withDatabaseName } from '../helpers/urls.ts';

/**
 * The browser project's global setup: what tests/setup/global-setup.ts does (a migrated
 * template database, cloned per file by tests/setup/per-file.ts), but with the embedded
 * default in a folder of its own. Both projects' setups run in the one vitest process, so
 * sharing `.data/test/<pid>` would start two PostgreSQL servers on one data folder.
 */
export default async function setup(project: TestProject) {
  const embedded: EmbeddedService[] = [];
  const embeddedDir = path.resolve('.data', 'test', `browser-${process.pid}`);
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const server = await startEmbeddedPostgres(embeddedDir, createLogger('warn'));
    embedded.push(server);
    adminUrl = server.url;
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const server = await startEmbeddedRedis(null);
    embedded.push(server);
    redisUrl = server.url;
  }

  const template = `brevet_template_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const db = new Kysely<any>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDatabaseName(adminUrl, template), max: 1 }) }),
  });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);
  project.provide('redisUrl', redisUrl);

  return async () => {
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
    for (const service of embedded.reverse()) await service.stop();
    await rm(embeddedDir, { recursive: true, force: true });
  };
}
