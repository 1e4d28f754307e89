import type { Hono } from 'hono';
import type { AppEnv } from '../../services/shared/routes.ts';
import { adminPages } from './admin/admin.routes.ts';
import { assetRoutes } from './assets.ts';
import { learnPages } from './learn/learn.routes.tsx';
import { signInPages, signOutPages } from './sign-in/sign-in.routes.tsx';
import { verifyPages } from './verify/verify.routes.tsx';

export { Layout, LanguageSwitch, type LayoutProps, type PreviewMeta } from './layout.tsx';
export { ErrorSummary, ExternalLink, FactList, FileField, Notice, PrintButton, Section, TextAreaField, type Fact, type FieldError, type Tone } from './components.tsx';
export { NotFoundPage } from './not-found.tsx';
export { pageContext, pageHeaders, renderPage, PAGE_CSP, type PageContext } from './page.ts';
export { resolveLocale, LANGUAGE_COOKIE } from './locale.ts';

/**
 * Mounts the server-rendered pages on the app (called once by createApp, the
 * composition root): our static assets and the public verification pages.
 */
export function mountPages(app: Hono<AppEnv>): void {
  app.route('/assets', assetRoutes());
  app.route('/verify', verifyPages());
  app.route('/admin', adminPages());
  app.route('/sign-in', signInPages());
  app.route('/sign-out', signOutPages());
  app.route('/learn', learnPages());
}
