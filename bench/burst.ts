/**
 * `npm run bench -- burst [N]`: a cohort burst. N certifications are written in bulk (the
 * state right after N passed assessments: enrolments completed, certifications with their
 * evidence), the real workers (workers/main.ts, issuance and maintenance queues) are started
 * and warmed as `npm run start:workers` does, then one issuance job per certification is
 * committed to the outbox at once and dispatched: the clock runs from that commit until N
 * credentials are stored with their status slots and N badge-issued emails are queued in
 * Redis (the email workers are not started: nothing is sent, no SMTP needed).
 * ISSUANCE_SIGNING_THREADS is passed on to the workers' configuration (services/config.ts).
 *
 * DATABASE_URL (an administrative connection; default postgres://postgres@127.0.0.1:5432/test)
 * and REDIS_URL (default redis://127.0.0.1:6379). A scratch database brevet_bench_<random> is
 * created, migrated and dropped; the queue prefix is unique and its keys are removed at the end.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { Redis } from 'ioredis';
import { migrateToLatest } from '../migrations/migrator.ts';
import { loadConfig } from '../services/config.ts';
import { createDeps, type Deps } from '../services/deps.ts';
import { warmCredentialFastPath } from '../services/certification/fast-path.ts';
import { ensureIssuerKey } from '../services/issuer/issuer.usecases.ts';
import { programmesRepository } from '../services/programmes/programmes.repository.ts';
import { createLogger } from '../services/shared/logger.ts';
import { dispatchSoon } from '../services/shared/outbox.ts';
import { startWorkers } from '../workers/main.ts';
import { signingPoolFor } from '../services/certification/signing-pool.ts';
import { currentFastSigner } from '../credentials/index.ts';

const text = (label: string) => ({ fr: `${label} (fr)`, nl: `${label} (nl)`, de: `${label} (de)`, en: `${label} (en)` });

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Programme, cohort, N learners, N completed enrolments and N certifications, in bulk SQL (the outbox rows come later: queueIssuance). */
async function seed(deps: Deps, n: number): Promise<void> {
  const repo = programmesRepository(deps.db);
  const programme = await repo.insertProgramme(`burst-${randomBytes(3).toString('hex')}`);
  const version = await repo.insertVersion(programme.id, 1, {
    level: 'basic',
    title: text('Digital basics'),
    description: text('A programme of three modules'),
    modules: Array.from({ length: 3 }, (_, i) => ({ code: `M${i + 1}`, title: text(`Module ${i + 1}`), durationMinutes: 120 })),
    requiredWebinars: 0,
    fixedDurationWeeks: null,
    prerequisiteProgrammeCode: null,
    validityMonths: 36,
    learningOutcomes: [text('Outcome')],
    digcompAlignment: [{ competence: '5.2', proficiencyLevel: 4 }],
    assessment: { passMarkPercent: 70, maxAttempts: 3 },
  }, 'published', new Date());
  const today = new Date().toISOString().slice(0, 10);
  const cohort = await deps.db
    .insertInto('cohorts')
    .values({ programme_version_id: version.id, starts_on: today, ends_on: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), capacity: n, seats_taken: n, organisation_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into people (email, display_name, roles, locale)
    select 'burst-' || g || '@example.be', 'Agent ' || g, array['learner'], (array['fr','nl','de','en'])[1 + g % 4]
    from generate_series(1, ${n}) g`.execute(deps.db);
  await sql`
    insert into enrolments (cohort_id, person_id, status, holds_seat)
    select ${cohort.id}, id, 'completed', true from people where email like 'burst-%'`.execute(deps.db);
  const completedAt = new Date().toISOString();
  await sql`
    insert into certifications (enrolment_id, score_percent, evidence)
    select e.id, 70 + (row_number() over () % 31),
      jsonb_build_object('modules', jsonb_build_array(
          jsonb_build_object('code', 'M1', 'completedAt', ${completedAt}::text),
          jsonb_build_object('code', 'M2', 'completedAt', ${completedAt}::text),
          jsonb_build_object('code', 'M3', 'completedAt', ${completedAt}::text)),
        'webinars', '[]'::jsonb, 'attemptId', gen_random_uuid()::text)
    from enrolments e where e.cohort_id = ${cohort.id}`.execute(deps.db);
}

/**
 * One issuance job per certification written to the outbox in a transaction left open (the
 * rows are invisible to the running workers' dispatcher until `commit` is called): what the
 * marking jobs that certified the cohort would have committed.
 */
async function queueIssuance(databaseUrl: string): Promise<{ commit(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(`
      insert into outbox (queue, job_name, job_id, payload, delay_ms)
      select 'issuance', 'issuance.issue-credential', 'issuance.issue-credential__' || c.id, jsonb_build_object('certificationId', c.id::text), 0
      from certifications c`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    async commit() {
      try {
        await client.query('commit');
      } finally {
        await client.end();
      }
    },
  };
}

/** Waits until the maintenance jobs the start-up of the workers ran at once (sweeps, schedules) are done. */
async function maintenanceIdle(deps: Deps): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const counts = await deps.queues.maintenance.getJobCounts('waiting', 'active', 'prioritized');
    if (Object.values(counts).every((count) => count === 0)) return;
    if (performance.now() > deadline) throw new Error(`maintenance jobs still running after 60 s: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Progress { credentials: number; slots: number; emails: number; emailJobs: number }

async function emailJobCount(deps: Deps): Promise<number> {
  const counts = await deps.queues.email.getJobCounts('waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function progress(deps: Deps): Promise<Progress> {
  const row = await sql<{ credentials: string; slots: string; emails: string }>`
    select (select count(*) from credentials) as credentials,
           (select count(*) from credential_statuses) as slots,
           (select count(*) from emails where template = 'badge-issued') as emails`.execute(deps.db);
  const r = row.rows[0]!;
  return { credentials: Number(r.credentials), slots: Number(r.slots), emails: Number(r.emails), emailJobs: await emailJobCount(deps) };
}

export async function burst(n: number): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const suffix = randomBytes(5).toString('hex');
  const database = `brevet_bench_${suffix}`;
  const prefix = `brevet-bench-${suffix}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const config = loadConfig({
    NODE_ENV: 'development', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', DATABASE_URL: withDatabase(adminUrl, database), REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, PORT: '0',
    ...(process.env.ISSUANCE_SIGNING_THREADS === undefined ? {} : { ISSUANCE_SIGNING_THREADS: process.env.ISSUANCE_SIGNING_THREADS }),
  });
  const deps = createDeps({
    config, logger: createLogger(config.LOG_LEVEL), databaseUrl: config.DATABASE_URL!, redisUrl, secrets: { sessionKey: randomBytes(32), keyEncryptionKey: randomBytes(32) },
  });
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  try {
    await migrateToLatest(deps.db);
    await ensureIssuerKey(deps);
    const seeded = performance.now();
    await seed(deps, n);
    process.stdout.write(`seeded ${n} passed certifications in ${((performance.now() - seeded) / 1000).toFixed(1)} s (bulk SQL)\n`);
    // The workers are started, and everything they warm up (the fast path's keys and badge shapes,
    // the signing threads loading the library through tsx, ~2 s of CPU each) is done, BEFORE the
    // clock starts, as in a service that is already running when a cohort passes: start-up is not
    // part of issuing a cohort, and timing it made the figures depend on how long tsx takes to load.
    // The maintenance jobs that run at once on start-up are let finish for the same reason.
    const warmed = await warmCredentialFastPath(deps);
    workers = await startWorkers(deps, ['issuance', 'maintenance'], warmed.warmUp ? { fastPathWarmUp: warmed.warmUp } : {});
    await maintenanceIdle(deps);
    const issuance = await queueIssuance(config.DATABASE_URL!);
    const load = loadavg()[0]!.toFixed(2);
    // The clock starts at the commit of the N outbox rows, which the marking jobs would have made.
    const started = performance.now();
    const cpuAtStart = process.cpuUsage();
    await issuance.commit();
    // The marking job that certified would call this after its commit; the workers call it after every job.
    dispatchSoon(deps);
    let last: Progress = { credentials: 0, slots: 0, emails: 0, emailJobs: 0 };
    let lastPrint = started;
    for (;;) {
      // Polled in Redis alone (cheap) until N email jobs are there: counting three growing tables
      // every 100 ms cost PostgreSQL ~0.5-1 s of CPU per 10,000 burst. An email job is dispatched only after
      // the transaction that stored its credential, slot and email committed, so PostgreSQL is asked
      // once the jobs are in, and the clock stops only when it agrees.
      const emailJobs = await emailJobCount(deps);
      const printing = performance.now() - lastPrint > 2_000;
      if (emailJobs >= n || printing) last = await progress(deps);
      if (last.credentials >= n && last.slots >= n && last.emails >= n && last.emailJobs >= n) break;
      if (printing) {
        lastPrint = performance.now();
        process.stdout.write(`  ${((lastPrint - started) / 1000).toFixed(1)} s: ${JSON.stringify(last)}\n`);
      }
      if (performance.now() - started > 15 * 60_000) throw new Error(`burst did not finish in 15 minutes: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuAtStart);
    const duplicates = await sql<{ n: string }>`select count(*) - count(distinct certification_id) as n from credentials`.execute(deps.db);
    const certified = await sql<{ n: string }>`select count(*) as n from enrolments where status = 'certified'`.execute(deps.db);
    // Every badge must carry its own status index: the one in the signed document, and the slot row that backs it.
    const indexes = await sql<{ slots: string; distinct_slots: string; distinct_in_badges: string }>`
      select count(*) as slots, count(distinct (s.list_id, s.list_index)) as distinct_slots,
             count(distinct (c.document #>> '{credentialStatus,statusListCredential}', c.document #>> '{credentialStatus,statusListIndex}')) as distinct_in_badges
      from credential_statuses s join credentials c on c.id = s.credential_id`.execute(deps.db);
    const index = indexes.rows[0]!;
    const endLoad = loadavg()[0]!.toFixed(2);
    process.stdout.write(
      `Brevet cohort burst (one run; ${availableParallelism()} cores; load ${load} at start; node ${process.version})\n` +
      `${n} badges signed (Data Integrity + JWT), stored with their status slots, enrolments certified (${certified.rows[0]!.n}), ` +
      `badge-issued emails queued (${last.emailJobs} email jobs in Redis): ${seconds.toFixed(2)} s, ${(n / seconds).toFixed(0)} badges/s ` +
      `(target 10 s: ${(seconds / 10).toFixed(2)}x the target time); duplicate credentials: ${duplicates.rows[0]!.n}; ` +
      `status indexes: ${index.distinct_slots} distinct of ${index.slots} slots, ${index.distinct_in_badges} distinct in the signed badges; load ${endLoad} at the end\n` +
      `this process (workers, outbox dispatch, the progress poll): ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU in ${seconds.toFixed(1)} s ` +
      `(${((cpu.user + cpu.system) / 1e3 / n).toFixed(2)} ms per badge; signing threads: ${config.ISSUANCE_SIGNING_THREADS}); ` +
      `fast path (warmed ${JSON.stringify({ keys: warmed.keys, shapes: warmed.shapes })}): event loop ${JSON.stringify(currentFastSigner()?.stats())}, ` +
      `signing threads ${JSON.stringify(signingPoolFor(deps)?.fastPathStats() ?? 'none')}\n`,
    );
    const problems = [
      Number(duplicates.rows[0]!.n) !== 0 && 'duplicate credentials',
      Number(certified.rows[0]!.n) !== n && 'enrolments not certified',
      [index.slots, index.distinct_slots, index.distinct_in_badges].some((v) => Number(v) !== n) && 'status indexes not distinct',
    ].filter(Boolean);
    if (problems.length) throw new Error(`burst finished with ${problems.join(', ')}`);
  } finally {
    await workers?.close().catch(() => undefined);
    await deps.close().catch(() => undefined);
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await admin.end();
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
}
