import type { Context, MiddlewareHandler } from 'hono';
import { callerAddress, hitRateLimit, type RateLimit } from '../../../services/shared/rate-limit.ts';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { Layout } from '../layout.tsx';
import { pageContext, renderPage } from '../page.ts';

/**
 * Verifications per caller address and minute (each one reads the status lists and
 * may resolve a foreign DID). Generous, because behind a load balancer every caller
 * shares one address and the limit then acts as a global one (see auth.routes.ts).
 */
export const VERIFY_PAGE_LIMIT: RateLimit = { name: 'verify-page', max: 300, windowSeconds: 60 };

/** Over the limit: the page layout with a 429, a Retry-After and the seconds to wait. */
export function verifyRateLimit(limit: RateLimit = VERIFY_PAGE_LIMIT): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    try {
      await hitRateLimit(deps.redis, deps.config.QUEUE_PREFIX, limit, callerAddress(c));
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 429) throw error;
      const seconds = Number(error.extensions.retryAfterSeconds ?? limit.windowSeconds);
      const ctx = pageContext(c);
      const t = ctx.m.pages.verify;
      c.header('Retry-After', String(seconds));
      return renderPage(
        c,
        <Layout ctx={ctx} title={t.tooManyTitle} noindex>
          <h1>{t.tooManyTitle}</h1>
          <p>{t.tooMany(seconds)}</p>
        </Layout>,
        429,
      );
    }
    await next();
  };
}
