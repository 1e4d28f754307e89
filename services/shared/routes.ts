import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { Logger } from './logger.ts';
import { authorize, type Access, type Principal } from './auth.ts';
import { commonErrors } from './errors.ts';
import { parseInput, parseJsonText } from './validation.ts';
import { callerAddress, hitRateLimit, type RateLimit } from './rate-limit.ts';

export interface AppEnv {
  Variables: {
    deps: Deps;
    logger: Logger;
    requestId: string;
    principal: Principal | null;
  };
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteInput<P, Q, B> {
  c: Context<AppEnv>;
  params: P;
  query: Q;
  body: B;
  principal: Principal | null;
  deps: Deps;
}

/** A route declares who may call it, what it accepts and what it answers; the OpenAPI document is built from these. */
export interface RouteDefinition<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** OpenAPI-style path: `/api/v1/cohorts/{cohortId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Media types accepted for the body; JSON by default. */
  bodyTypes?: string[];
  responses: Record<number, ResponseSpec>;
  /** A per-caller limit (public routes): over it, 429 before any work is done. */
  rateLimit?: RateLimit;
  handler: (input: RouteInput<P, Q, B>) => Response | Promise<Response>;
}

/** Identity function that keeps a route's types tied together. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  route: RouteDefinition<P, Q, B>,
): RouteDefinition<P, Q, B> {
  return route;
}

const MAX_JSON_BYTES = 1_000_000;

async function readBody(c: Context<AppEnv>, route: RouteDefinition<any, any, any>): Promise<unknown> {
  if (!route.body) return undefined;
  const accepted = route.bodyTypes ?? ['application/json'];
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!accepted.includes(type) && !(type.endsWith('+json') && accepted.includes('application/json'))) {
    throw commonErrors.unsupportedMediaType(`Send the body as ${accepted.join(' or ')}`);
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw commonErrors.payloadTooLarge(`At most ${MAX_JSON_BYTES} bytes`);
  const raw = decodeBody(type, text);
  return parseInput(route.body, raw, 'body');
}

/** JSON and form bodies are parsed; any other accepted type (CSV) reaches the schema as text. */
function decodeBody(type: string, text: string): unknown {
  if (type === 'application/json' || type.endsWith('+json')) return parseJsonText(text);
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  return text;
}

/** Mounts routes on the app: access check, then validated params, query and body, then the handler. */
export function mountRoutes(app: Hono<AppEnv>, routes: RouteDefinition<any, any, any>[]): void {
  for (const route of routes) {
    const honoPath = route.path.replace(/\{(\w+)\}/g, ':$1');
    app.on(route.method.toUpperCase(), honoPath, async (c) => {
      const principal = c.get('principal');
      authorize(route.access, principal);
      if (route.rateLimit) {
        const deps = c.get('deps');
        await hitRateLimit(deps.redis, deps.config.QUEUE_PREFIX, route.rateLimit, callerAddress(c));
      }
      const params = route.params ? parseInput(route.params, c.req.param(), 'path') : {};
      const query = route.query ? parseInput(route.query, c.req.query(), 'query') : {};
      const body = await readBody(c, route);
      return route.handler({ c, params, query, body, principal, deps: c.get('deps') });
    });
  }
}
