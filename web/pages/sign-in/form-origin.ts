import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { csrfToken, isSameSiteForm } from '../session.ts';

/**
 * isSameSiteForm, also for the `Origin: null` that browsers send with every form POST from
 * a page served with `Referrer-Policy: no-referrer` (as every page is: pageHeaders and the
 * app's secureHeaders): the Fetch standard serialises the origin as "null" under that
 * policy, so the origin check alone would refuse all our own forms. Then the browser's
 * Sec-Fetch-Site must say the form came from this origin, and the CSRF token must match.
 */
export function isOwnForm(c: Context<AppEnv>, submitted: unknown): boolean {
  if (c.req.header('origin') !== 'null') return isSameSiteForm(c, submitted);
  if (c.req.header('sec-fetch-site') !== 'same-origin' || typeof submitted !== 'string') return false;
  const expected = Buffer.from(csrfToken(c));
  const actual = Buffer.from(submitted);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
