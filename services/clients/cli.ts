/**
 * `npm run client:create -- NAME [--scopes=credentials:issue,credentials:status]`:
 * creates an API client and prints its id and secret (shown once).
 */
import { loadConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import { startEmbeddedPostgres } from '../embedded.ts';
import { resolveSecrets } from '../secrets.ts';
import { createLogger } from '../shared/logger.ts';
import { migrateToLatest } from '../../migrations/migrator.ts';
import { CLIENT_SCOPES, createApiClient, type ClientScope } from './clients.usecases.ts';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const name = args.filter((a) => !a.startsWith('--')).join(' ').trim();
  if (!name) throw new Error('Usage: npm run client:create -- NAME [--scopes=credentials:issue,credentials:status]');
  const scopesArg = args.find((a) => a.startsWith('--scopes='))?.slice('--scopes='.length);
  const scopes = scopesArg?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes?.filter((s) => !CLIENT_SCOPES.includes(s as ClientScope)) ?? [];
  if (unknown.length) throw new Error(`Unknown scopes: ${unknown.join(', ')} (known: ${CLIENT_SCOPES.join(', ')})`);

  const config = loadConfig();
  const logger = createLogger('warn');
  const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres(config.DATA_DIR, logger);
  const deps = createDeps({
    config,
    logger,
    databaseUrl: config.DATABASE_URL ?? embedded!.url,
    // The CLI never touches Redis; the URL is only for the shared dependency shape.
    redisUrl: config.REDIS_URL ?? 'redis://127.0.0.1:6379',
    secrets: await resolveSecrets(config, logger),
  });
  try {
    await migrateToLatest(deps.db);
    const client = await createApiClient(deps, { name, scopes: scopes as ClientScope[] | undefined, actor: { kind: 'system', id: 'cli' } });
    process.stdout.write(`client_id=${client.clientId}\nclient_secret=${client.clientSecret}\nscopes=${client.scopes.join(' ')}\n`);
  } finally {
    deps.redis.disconnect();
    deps.queueConnection.disconnect();
    await deps.db.destroy();
    await embedded?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
