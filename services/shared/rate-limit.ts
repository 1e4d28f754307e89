import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Redis } from 'ioredis';
import { commonErrors } from './errors.ts';

export interface RateLimit {
  /** Names the counter in Redis and in the error. */
  name: string;
  max: number;
  windowSeconds: number;
}

/**
 * A fixed-window counter in Redis, shared by every API process. The subject is
 * hashed so addresses and IPs never appear in Redis keys. Over the limit: 429
 * `request.rate_limited` with the seconds to wait.
 */
export async function hitRateLimit(redis: Redis, prefix: string, limit: RateLimit, subject: string): Promise<void> {
  const digest = createHash('sha256').update(subject).digest('base64url').slice(0, 32);
  const key = `${prefix}:rate-limit:${limit.name}:${digest}`;
  // SET NX starts the window once; INCR counts in it. One round trip, atomic.
  const results = await redis.multi().set(key, 0, 'EX', limit.windowSeconds, 'NX').incr(key).ttl(key).exec();
  const count = Number(results?.[1]?.[1] ?? 0);
  if (count <= limit.max) return;
  const retryAfterSeconds = Math.max(1, Number(results?.[2]?.[1] ?? limit.windowSeconds));
  throw commonErrors.rateLimited(`Too many requests (${limit.name}); try again in ${retryAfterSeconds} s`, {
    extensions: { retryAfterSeconds },
  });
}

/**
 * The caller's address, from the socket. Behind a load balancer every caller shares
 * its address, so a per-address limit then acts as a global one; X-Forwarded-For is
 * not trusted because any client can set it.
 */
export function callerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'unknown';
  }
}
