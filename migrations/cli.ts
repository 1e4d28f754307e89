/**
 * `npm run migrate [up|down|status]`: against DATABASE_URL, or the embedded
 * default's PostgreSQL when DATABASE_URL is not set.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createMigrator, migrateDown, migrateToLatest } from './migrator.ts';

async function withDatabase<T>(run: (db: Kysely<any>) => Promise<T>): Promise<T> {
  let url = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    // The CLI is a composition root too: it may start the embedded default like `npm start` does.
    const { startEmbeddedPostgres } = await import('../services/embedded.ts');
    const { createLogger } = await import('../services/shared/logger.ts');
    const embedded = await startEmbeddedPostgres(process.env.DATA_DIR ?? '.data', createLogger('warn'));
    url = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
  try {
    return await run(db);
  } finally {
    await db.destroy();
    await stopEmbedded?.();
  }
}

async function main(command: string): Promise<void> {
  if (command === 'up') {
    const applied = await withDatabase(migrateToLatest);
    console.log(applied.length ? applied.join('\n') : 'Already up to date.');
  } else if (command === 'down') {
    const reverted = await withDatabase(migrateDown);
    console.log(reverted.length ? reverted.join('\n') : 'Nothing to revert.');
  } else if (command === 'status') {
    const migrations = await withDatabase((db) => createMigrator(db).getMigrations());
    for (const m of migrations) console.log(`${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending                          '}  ${m.name}`);
  } else {
    throw new Error(`Unknown command "${command}": use up, down or status`);
  }
}

main(process.argv[2] ?? 'up').then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
