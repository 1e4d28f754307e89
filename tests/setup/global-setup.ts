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
export default function setup(project: TestProject) {
  return setupDatabases(project, 'integration');
}

/**
 * The setup shared by the test projects. Each project passes its own name: the projects'
 * setups run in one vitest process, and each embedded cluster needs its own data folder
 * (a private one per run, so two test runs on one machine never share one either).
 */
export async function setupDatabases(project: TestProject, name: string) {
  const embedded: EmbeddedService[] = [];
  let adminUrl = process.env.DATABASE_URL;
  const embeddedDir = path.resolve('.data', 'test', `${name}-${process.pid}`);
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
