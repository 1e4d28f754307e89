import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import type { Deps } from './deps.ts';
import { docsRoutes } from './docs/docs.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { clientRoutes } from './clients/clients.routes.ts';
import { credentialRoutes } from './credentials/credentials.routes.ts';
import { walletRoutes } from './credentials/wallet.routes.ts';
import { issuerRoutes } from './issuer/issuer.routes.ts';
import { statusRoutes } from './status/status.routes.ts';
import { verificationRoutes } from './verification/verification.routes.ts';
import { programmeRoutes } from './programmes/programmes.routes.ts';
import { cohortRoutes } from './cohorts/cohorts.routes.ts';
import { assessmentRoutes } from './assessments/assessments.routes.ts';
import { identityRoutes } from './identity/identity.routes.ts';
import { enrolmentRoutes } from './enrolments/enrolments.routes.ts';
import { learningRoutes } from './learning/learning.routes.ts';
import { webinarRoutes } from './webinars/webinars.routes.ts';
import { bearerToken, verifyAccessToken } from './shared/auth.ts';
import { dispatchSoon } from './shared/outbox.ts';
import { AppError, commonErrors, toProblem } from './shared/errors.ts';
import { mountRoutes, type AppEnv, type RouteDefinition } from './shared/routes.ts';
import { mountPages } from '../web/pages/index.ts';

/** Every API route of the service, in one list: mounted and described by the OpenAPI document alike. */
export function apiRoutes(): RouteDefinition<any, any, any>[] {
  return [...healthRoutes, ...clientRoutes, ...issuerRoutes, ...credentialRoutes, ...walletRoutes, ...verificationRoutes, ...statusRoutes, ...programmeRoutes, ...cohortRoutes, ...identityRoutes, ...enrolmentRoutes, ...assessmentRoutes, ...learningRoutes, ...webinarRoutes];
}

function problemResponse(error: AppError, instance: string, requestIdValue: string): Response {
  return new Response(JSON.stringify(toProblem(error, instance)), {
    status: error.status,
    headers: { 'content-type': 'application/problem+json', 'x-request-id': requestIdValue },
  });
}

/** Builds the Hono app over the given dependencies: middleware, one error handler, every module's routes. */
export function createApp(deps: Deps, routes: RouteDefinition<any, any, any>[] = apiRoutes()): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(requestId({ limitLength: 64 }));
  app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
  app.use(async (c, next) => {
    const logger = deps.logger.child({ requestId: c.get('requestId') });
    c.set('deps', deps);
    c.set('logger', logger);
    const started = performance.now();
    // Paths only: query strings may carry sign-in tokens.
    const path = new URL(c.req.url).pathname;
    try {
      const token = bearerToken(c.req.header('authorization'));
      c.set('principal', token ? await verifyAccessToken(deps.secrets.sessionKey, token, deps.clock.now()) : null);
      await next();
      // Jobs a mutation wrote to the outbox start now rather than at the next sweep.
      if (c.req.method !== 'GET' && c.res.status < 400) dispatchSoon(deps);
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      logger.info({ method: c.req.method, path, status: c.res.status, ms }, 'request');
    }
  });

  mountRoutes(app, [...routes, ...docsRoutes(routes)]);
  // The server-rendered pages (web/ is mounted here, the composition root; services/ never imports it elsewhere).
  mountPages(app);

  app.notFound((c) => problemResponse(commonErrors.notFound(`No route for ${c.req.method} ${new URL(c.req.url).pathname}`), new URL(c.req.url).pathname, c.get('requestId') ?? ''));

  app.onError((error, c) => {
    const instance = new URL(c.req.url).pathname;
    const id = c.get('requestId') ?? '';
    if (error instanceof AppError) return problemResponse(error, instance, id);
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(new AppError(`http.${error.status}`, error.status, error.message || 'Request error'), instance, id);
    }
    (c.get('logger') ?? deps.logger).error({ err: error }, 'unhandled error');
    return problemResponse(commonErrors.internal('Something went wrong on our side; quote the request id when reporting it'), instance, id);
  });

  return app;
}
