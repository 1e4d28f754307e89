import exitHook from 'async-exit-hook';
import { apiRoutes, createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createDeps, type Deps } from './deps.ts';
import { EmbeddedError, startEmbeddedPostgres, startEmbeddedRedis, type EmbeddedService } from './embedded.ts';
import { mailboxRoutes } from './email/mailbox.routes.ts';
import { ensureBootstrapAdmin } from './identity/seed.ts';
import { startSmtpSink, type SmtpSink } from './email/smtp-sink.ts';
import { listen, PortInUseError, type RunningServer } from './http.ts';
import { resolveSecrets } from './secrets.ts';
import { createLogger, type Logger } from './shared/logger.ts';
import { migrateToLatest } from '../migrations/migrator.ts';
import { ensureIssuerKey } from './issuer/issuer.usecases.ts';
import { seedProgrammes } from './programmes/programmes.seed.ts';
import { seedAssessments } from './assessments/assessments.seed.ts';
import { startWorkers, type RunningWorkers } from '../workers/main.ts';
import type { FastPathWarmUp } from './certification/badge-signing.ts';
import { warmCredentialFastPath } from './certification/fast-path.ts';

/**
 * The process entry: `npm start` runs the API and the workers together; `--role=api`
 * or `--role=workers` runs one of them alone, for scaling out (both need
 * DATABASE_URL and REDIS_URL, since an embedded database belongs to one process).
 */
type Role = 'all' | 'api' | 'workers';

function parseRole(argv: string[]): Role {
  const arg = argv.find((a) => a.startsWith('--role='));
  const role = arg?.slice('--role='.length) ?? 'all';
  if (role !== 'all' && role !== 'api' && role !== 'workers') throw new ConfigError(`--role must be all, api or workers (got "${role}")`);
  return role;
}

/** The administrator of a local trial on the embedded default. */
const LOCAL_ADMIN_EMAIL = 'admin@brevet.local';

interface Running {
  embedded: EmbeddedService[];
  /** The local SMTP sink of the embedded default (no SMTP_URL). */
  sink?: SmtpSink;
  deps?: Deps;
  http?: RunningServer;
  workers?: RunningWorkers;
}

async function boot(config: Config, role: Role, logger: Logger, running: Running): Promise<void> {
  if (role !== 'all' && (!config.DATABASE_URL || !config.REDIS_URL)) {
    throw new ConfigError(`--role=${role} needs DATABASE_URL and REDIS_URL; the embedded default runs only with --role=all`);
  }
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres(config.DATA_DIR, logger);
    running.embedded.push(pg);
    databaseUrl = pg.url;
  }
  let redisUrl = config.REDIS_URL;
  if (!redisUrl) {
    const redis = await startEmbeddedRedis(config.DATA_DIR);
    running.embedded.push(redis);
    redisUrl = redis.url;
  }
  // Without SMTP_URL, mail goes to an in-process sink readable at /dev/mailbox (one process holds both ends).
  if (!config.SMTP_URL && role === 'all') running.sink = await startSmtpSink();
  const secrets = await resolveSecrets(config, logger);
  const deps = createDeps({ config, logger, databaseUrl, redisUrl, secrets, smtpUrl: running.sink?.url });
  running.deps = deps;
  let warmUp: FastPathWarmUp | undefined;
  if (role !== 'workers') {
    const applied = await migrateToLatest(deps.db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    // A local trial (mail only in the local mailbox) gets an administrator to sign in as.
    const adminConfig = running.sink && !config.BOOTSTRAP_ADMIN_EMAIL ? { ...config, BOOTSTRAP_ADMIN_EMAIL: LOCAL_ADMIN_EMAIL } : config;
    const admin = await ensureBootstrapAdmin({ db: deps.db, config: adminConfig });
    if (admin !== 'disabled' && admin !== 'unchanged') logger.info({ outcome: admin }, 'bootstrap administrator ready');
    await ensureIssuerKey(deps);
    const seeded = await seedProgrammes(deps);
    if (seeded.length) logger.info({ seeded }, 'programmes seeded');
    const seededAssessments = await seedAssessments(deps);
    if (seededAssessments.length) logger.info({ seeded: seededAssessments }, 'assessments seeded');
    warmUp = await warmFastPath(deps, logger);
    const routes = running.sink ? [...apiRoutes(), ...mailboxRoutes(running.sink)] : apiRoutes();
    running.http = await listen(createApp(deps, routes), config);
  }
  if (role === 'workers') warmUp = await warmFastPath(deps, logger);
  if (role !== 'api') running.workers = await startWorkers(deps, undefined, warmUp ? { fastPathWarmUp: warmUp } : {});
  printBanner(config, role, running, !config.DATABASE_URL, !config.REDIS_URL);
}

/**
 * Our keys and badge shapes registered with the fast signing/verification path before the first
 * request or job; what was read is returned for the signing threads.
 */
async function warmFastPath(deps: Deps, logger: Logger): Promise<FastPathWarmUp | undefined> {
  const started = Date.now();
  return warmCredentialFastPath(deps).then(
    ({ keys, shapes, warmUp }) => {
      logger.info({ keys, shapes, ms: Date.now() - started }, 'credential fast path warmed');
      return warmUp;
    },
    // Only the first badges are slower without it: never a reason not to start.
    (err) => {
      logger.warn({ err }, 'warming the credential fast path failed');
      return undefined;
    },
  );
}

function printBanner(config: Config, role: Role, running: Running, embeddedDb: boolean, embeddedRedis: boolean): void {
  const lines = [`Brevet is running (${role === 'all' ? 'API and workers' : role}).`];
  if (running.http) {
    const base = running.http.url;
    lines.push(`  API:      ${base}/api/v1`, `  Docs:     ${base}/docs  (OpenAPI: ${base}/openapi.json)`, `  Health:   ${base}/health`);
  }
  lines.push(`  Database: ${embeddedDb ? `embedded PostgreSQL in ${config.DATA_DIR}/pg` : 'DATABASE_URL'}`);
  lines.push(`  Redis:    ${embeddedRedis ? `embedded redis-server (${config.DATA_DIR}/redis)` : 'REDIS_URL'}`);
  if (running.sink && running.http) {
    lines.push(`  Mailbox:  ${running.http.url}/dev/mailbox  (local SMTP sink; set SMTP_URL to send real mail)`);
    lines.push(`  Admin:    ${config.BOOTSTRAP_ADMIN_EMAIL ?? LOCAL_ADMIN_EMAIL}  (ask for a sign-in link; it arrives in the mailbox)`);
  }
  else lines.push(`  Mail:     ${running.deps?.mailer.target ?? 'none'}`);
  lines.push('Press Ctrl-C to stop.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function shutdown(running: Running, logger: Logger): Promise<void> {
  logger.info('shutting down');
  await running.http?.close().catch((err) => logger.warn({ err }, 'closing HTTP failed'));
  await running.workers?.close().catch((err) => logger.warn({ err }, 'closing workers failed'));
  await running.deps?.close().catch((err) => logger.warn({ err }, 'closing connections failed'));
  await running.sink?.close().catch(() => undefined);
  for (const service of running.embedded.reverse()) await service.stop().catch(() => undefined);
}

async function main(): Promise<void> {
  let config: Config;
  let role: Role;
  try {
    config = loadConfig();
    role = parseRole(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const running: Running = { embedded: [] };
  exitHook.forceExitTimeout(20_000);
  exitHook((done) => void shutdown(running, logger).finally(done));
  try {
    await boot(config, role, logger, running);
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof EmbeddedError || error instanceof PortInUseError;
    if (known) process.stderr.write(`\n${(error as Error).message}\n`);
    else logger.fatal({ err: error }, 'start-up failed');
    await shutdown(running, logger);
    process.exit(1);
  }
}

await main();
