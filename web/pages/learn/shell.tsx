import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { getMe } from '../../../services/identity/me.usecases.ts';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { ErrorSummary, StatusNotice, type FieldError } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { pageContext, renderPage, type PageContext } from '../page.ts';
import { clearPageSession, csrfToken, isSameSiteForm, requirePagePerson, type PagePerson } from '../session.ts';
import { CsrfField, ForbiddenPage, StaleFormPage } from '../sign-in/sign-in.views.tsx';

/** Everything a learner page needs: the language, who is signed in, their CSRF token. */
export interface LearnerContext {
  ctx: PageContext;
  person: PagePerson;
  name: string;
  csrf: string;
}

export type LearnSection = 'home' | 'catalogue' | 'badges';

/** The signed-in learner, or the response to send instead (sign-in redirect, 403 page). */
export async function learnerContext(c: Context<AppEnv>): Promise<LearnerContext | Response> {
  // First, so a ?lang= is remembered even when the visitor is sent to the sign-in page.
  const ctx = pageContext(c);
  const access = await requirePagePerson(c, ['learner']);
  if ('redirect' in access) return access.redirect;
  if ('forbidden' in access) return renderPage(c, <ForbiddenPage ctx={ctx} />, 403);
  try {
    const me = await getMe(c.get('deps'), { personId: access.person.id });
    return { ctx, person: access.person, name: me.displayName, csrf: csrfToken(c) };
  } catch (error) {
    // Erased since the session began: the session ends here.
    if (!(error instanceof AppError) || error.status !== 401) throw error;
    clearPageSession(c);
    return c.redirect('/sign-in', 303);
  }
}

/** The learner, after checking a form post's CSRF field and origin (403 page otherwise, nothing changed). */
export async function learnerForm(c: Context<AppEnv>): Promise<{ lc: LearnerContext; body: Record<string, unknown> } | Response> {
  const lc = await learnerContext(c);
  if (lc instanceof Response) return lc;
  const body = await c.req.parseBody();
  if (!isSameSiteForm(c, body.csrf)) return renderPage(c, <StaleFormPage ctx={lc.ctx} />, 403);
  return { lc, body };
}

export function notFound(c: Context<AppEnv>, ctx: PageContext) {
  return renderPage(c, <NotFoundPage ctx={ctx} />, 404);
}

/** A use case's refusal in the learner's words (the stable code picks the message). */
export function refusalMessage(ctx: PageContext, error: AppError): string {
  const t = ctx.m.pages.learn.errors;
  return t.codes[error.code] ?? (error.status === 404 ? t.notFound : t.generic);
}

/** The status of a page that shows a refusal: the use case's 4xx, or 409. */
export function refusalStatus(error: AppError): 400 | 403 | 404 | 409 | 413 | 422 | 429 {
  const allowed = [400, 403, 404, 409, 413, 422, 429] as const;
  return (allowed as readonly number[]).includes(error.status) ? (error.status as (typeof allowed)[number]) : 409;
}

/** Runs a use case; an AppError of the 4xx family comes back as a value for the page to show. */
export async function attempt<T>(run: () => Promise<T>): Promise<{ ok: T } | { refused: AppError }> {
  try {
    return { ok: await run() };
  } catch (error) {
    if (error instanceof AppError && error.status >= 400 && error.status < 500) return { refused: error };
    throw error;
  }
}

/** The signed-in person and the sign-out button, in the header. */
export function AccountMenu({ lc }: { lc: LearnerContext }) {
  const t = lc.ctx.m.pages.signIn;
  return (
    <form class="account" method="post" action="/sign-out">
      <span class="account__name">{t.signedInAs(lc.name)}</span>
      <CsrfField token={lc.csrf} />
      <button type="submit" class="button">{t.signOut}</button>
    </form>
  );
}

const SECTIONS: Array<{ key: LearnSection; href: string }> = [
  { key: 'home', href: '/learn' },
  { key: 'catalogue', href: '/learn/catalogue' },
  { key: 'badges', href: '/learn/badges' },
];

/** The learner space's frame: the shared layout, the account menu, the section navigation. */
export function LearnLayout({ lc, title, section, errors, notice, children }: { lc: LearnerContext; title: string; section?: LearnSection; errors?: FieldError[]; notice?: string; children?: Child }) {
  const t = lc.ctx.m.pages.learn;
  return (
    <Layout ctx={lc.ctx} title={title} noindex homeHref="/learn" headerNav={<AccountMenu lc={lc} />}>
      <nav class="section-nav" aria-label={t.navLabel}>
        <ul>
          {SECTIONS.map((s) => (
            <li>
              <a href={s.href} aria-current={s.key === section ? 'page' : undefined}>{t.nav[s.key]}</a>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorSummary title={t.errorSummaryTitle} errors={errors ?? []} />
      <StatusNotice message={notice} />
      {children}
    </Layout>
  );
}

/** A one-button form that posts to `action` with the CSRF field. */
export function PostButton({ action, label, csrf, secondary, describedBy }: { action: string; label: string; csrf: string; secondary?: boolean; describedBy?: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={csrf} />
      <button type="submit" class={secondary ? 'button button--secondary' : 'button'} aria-describedby={describedBy}>{label}</button>
    </form>
  );
}

/** The success notice named by `?done=` after a redirect (only known keys: the query cannot inject text). */
export function doneNotice(ctx: PageContext, done: string | undefined): string | undefined {
  const notices = ctx.m.pages.learn.doneNotices as Record<string, string>;
  return done && Object.hasOwn(notices, done) ? notices[done] : undefined;
}
