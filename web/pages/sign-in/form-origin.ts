import type { Context } from 'hono';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { isSameSiteForm } from '../session.ts';

/** The form check of the sign-in and learner pages: see isSameSiteForm (Origin, or `Origin: null` with Sec-Fetch-Site). */
export function isOwnForm(c: Context<AppEnv>, submitted: unknown): boolean {
  return isSameSiteForm(c, submitted);
}
