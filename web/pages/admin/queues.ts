import { createRequire } from 'node:module';
import path from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import type { Deps } from '../../../services/deps.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { publicBaseUrl } from '../../../services/shared/urls.ts';
import { ADMIN, consoleAccess } from './frame.tsx';

export const QUEUES_BASE_PATH = '/admin/queues';

/**
 * Bull Board's own Content-Security-Policy. Its single-page UI needs what our pages refuse:
 * inline styles (its loading screen and React's style attributes), a <base> element, and
 * fetch() to its JSON API. Scripts still come only from our origin (its bundle, served from
 * node_modules); its Google Fonts stylesheet is cut from the page (nothing from elsewhere).
 */
export const QUEUES_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

const boards = new WeakMap<Deps, Hono>();

/** The board over the app's queues, built once per Deps (queues live in deps, which mountPages does not receive). */
function boardFor(deps: Deps): Hono {
  let board = boards.get(deps);
  if (!board) {
    const adapter = new HonoAdapter(serveStatic);
    adapter.setBasePath(QUEUES_BASE_PATH);
    createBullBoard({ queues: Object.values(deps.queues).map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: 'Brevet' } } });
    // Found through module resolution, wherever the process was started from.
    const uiDist = path.dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json'));
    adapter.setStaticPath('/static', path.join(uiDist, 'dist/static')).setViewsPath(path.join(uiDist, 'dist'));
    // Mounted at its base path, so the plugin sees full paths (its static route rewrites them).
    board = new Hono().route(QUEUES_BASE_PATH, adapter.registerPlugin());
    boards.set(deps, board);
  }
  return board;
}

/**
 * Admins only; the board's API changes jobs (retry, clean, pause) with fetch() requests, so
 * any request but GET/HEAD must come from our own origin (the cookie is SameSite=Lax too).
 */
const adminsOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const access = await consoleAccess(c, ADMIN);
  if (access instanceof Response) return access;
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const origin = c.req.header('origin');
    const ours = [new URL(c.req.url).origin, new URL(publicBaseUrl(c.get('deps').config)).origin];
    if (!origin || !ours.includes(origin)) return c.json({ error: 'Cross-origin request refused' }, 403);
  }
  await next();
};

const boardHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if ((c.res.headers.get('content-type') ?? '').startsWith('text/html')) {
    const html = (await c.res.text()).replace(/<link[^>]+fonts\.googleapis\.com[^>]*>/g, '');
    c.res = new Response(html, { status: c.res.status, headers: c.res.headers });
  }
  c.header('Content-Security-Policy', QUEUES_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
};

/** /admin/queues: Bull Board over the marking, issuance, email and maintenance queues. */
export function queuePages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.use('*', boardHeaders, adminsOnly);
  pages.all('*', (c) => {
    const board = boardFor(c.get('deps'));
    return board.fetch(c.req.raw);
  });
  return pages;
}
