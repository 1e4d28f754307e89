import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { withTimeout } from '../shared/timeout.ts';

export type DependencyState = { status: 'ok'; latencyMs: number } | { status: 'down'; error: string };

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { postgres: DependencyState; redis: DependencyState };
}

const TIMEOUT_MS = 2_000;

async function probe(run: () => Promise<unknown>): Promise<DependencyState> {
  const started = performance.now();
  try {
    await withTimeout(run(), TIMEOUT_MS, 'no answer');
    return { status: 'ok', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { status: 'down', error: describe(error) };
  }
}

/** A short reason that names the failure without leaking connection strings. */
function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (e?.code === 'ENOTFOUND') return 'host not found';
  const message = e?.message ?? String(error);
  return message.replace(/\w+:\/\/[^\s]+/g, '<url>').slice(0, 200);
}

/** Really asks PostgreSQL (SELECT 1) and Redis (PING), each with a time limit. */
export async function checkHealth({ db, redis }: Pick<Deps, 'db' | 'redis'>): Promise<HealthReport> {
  const [postgres, redisState] = await Promise.all([
    probe(() => sql`select 1`.execute(db)),
    probe(async () => {
      const reply = await redis.ping();
      if (reply !== 'PONG') throw new Error(`unexpected reply ${reply}`);
    }),
  ]);
  const ok = postgres.status === 'ok' && redisState.status === 'ok';
  return { status: ok ? 'ok' : 'degraded', checks: { postgres, redis: redisState } };
}
