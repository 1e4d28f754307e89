import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { AppEnv } from '../../services/shared/routes.ts';
import { SITE_CSS } from './assets.css.ts';

/**
 * The one enhancement script: it reveals and wires the print buttons (hidden without
 * JavaScript, where the browser's own print command and ?print=1 remain) and moves the
 * focus to a form's error summary, so a screen reader reads the problem first.
 */
const SITE_JS = `(function () {
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
`;

interface Asset { body: string; type: string; path: string }

function asset(name: string, extension: string, body: string, type: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { body, type, path: `/assets/${name}.${hash}.${extension}` };
}

/** Content-addressed URLs: a new stylesheet gets a new name, so the old one can be cached for good. */
export const assets = {
  css: asset('site', 'css', SITE_CSS, 'text/css; charset=utf-8'),
  js: asset('site', 'js', SITE_JS, 'text/javascript; charset=utf-8'),
};

/** GET /assets/<name>.<hash>.<ext>: our own stylesheet and script (the pages load nothing from elsewhere). */
export function assetRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const byPath = new Map(Object.values(assets).map((a) => [a.path, a]));
  routes.get('/:file', (c) => {
    const found = byPath.get(new URL(c.req.url).pathname);
    if (!found) return c.text('Not found', 404, { 'Cache-Control': 'no-store' });
    return c.body(found.body, 200, {
      'Content-Type': found.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    });
  });
  return routes;
}
