import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../migrations/migrator.ts';
import { startEmbeddedPostgres, startEmbeddedRedis, type EmbeddedService } from '../../services/embedded.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { withDatabaseName } from '../helpers/urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    redisUrl: string;
  }
}

/**
 * Runs once: finds PostgreSQL and Redis (DATABASE_URL / REDIS_URL, or the
 * embedded default when unset), migrates a template database, and tells every
 * test file where they are. Each file then clones the template for itself.
 */
export default async function setup(project: TestProject) {
  const embedded: EmbeddedService[] = [];
  let adminUrl = process.env.DATABASE_URL;
  // A private embedded cluster per run, so two test runs on one machine never share a data folder.
  const embeddedDir = path.resolve('.data', 'test', String(process.pid));
  if (!adminUrl) {
    const pgServer = await startEmbeddedPostgres(embeddedDir, createLogger('warn'));
    embedded.push(pgServer);
    adminUrl = pgServer.url;
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const redisServer = await startEmbeddedRedis(null);
    embedded.push(redisServer);
    redisUrl = redisServer.url;
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
