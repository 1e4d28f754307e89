import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Role } from '../../../services/db/schema/foundation.ts';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { LANGUAGE_TAGS, formatDate, formatDateTime, type Locale } from '../../i18n/index.ts';
import { ErrorSummary, StatusNotice, type FieldError } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { pageContext, renderPage, type PageContext } from '../page.ts';
import { csrfToken, isSameSiteForm, requirePagePerson, type PagePerson } from '../session.ts';

/** Who may open which part of the console (checked on every request; the nav only shows what one may open). */
export const ADMIN: readonly Role[] = ['admin'];
export const APPROVERS: readonly Role[] = ['admin', 'manager'];
export const ASSESSORS: readonly Role[] = ['admin', 'assessor'];
export const FACILITATORS: readonly Role[] = ['admin', 'facilitator'];
export const CONSOLE: readonly Role[] = ['admin', 'manager', 'assessor', 'facilitator'];

/** The hidden field every state-changing form carries. */
export const CSRF_FIELD = '_csrf';

export interface AdminPageContext extends PageContext {
  person: PagePerson;
  csrf: string;
}

const NAV: Array<{ href: string; key: 'dashboard' | 'approvals' | 'marking' | 'sessions' | 'credentials' | 'audit' | 'queues'; roles: readonly Role[] }> = [
  { href: '/admin', key: 'dashboard', roles: ADMIN },
  { href: '/admin/enrolments', key: 'approvals', roles: APPROVERS },
  { href: '/admin/marking', key: 'marking', roles: ASSESSORS },
  { href: '/admin/sessions', key: 'sessions', roles: FACILITATORS },
  { href: '/admin/credentials', key: 'credentials', roles: ADMIN },
  { href: '/admin/audit', key: 'audit', roles: ADMIN },
  { href: '/admin/queues', key: 'queues', roles: ADMIN },
];

function isCurrent(path: string, href: string): boolean {
  return href === '/admin' ? path === '/admin' || path === '/admin/' || path.startsWith('/admin/cohorts') : path.startsWith(href);
}

/** The console's navigation: the sections the signed-in person's roles open, the current one marked. */
function AdminNav({ ctx }: { ctx: AdminPageContext }) {
  const t = ctx.m.pages.admin.nav;
  const path = ctx.url.pathname;
  const links = NAV.filter((link) => link.roles.some((r) => ctx.person.roles.includes(r)));
  return (
    <nav class="admin-nav" aria-label={t.label}>
      <ul>
        {links.map((link) => (
          <li>
            <a href={link.href} aria-current={isCurrent(path, link.href) ? 'page' : undefined}>
              {t[link.key]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The frame of every console page: the shared layout (noindex), the console nav, the page's h1, an optional notice. */
export function AdminPage({ ctx, title, notice, errors, children }: { ctx: AdminPageContext; title: string; notice?: string; errors?: FieldError[]; children?: Child }) {
  return (
    <Layout ctx={ctx} title={title} noindex>
      <AdminNav ctx={ctx} />
      <h1>{title}</h1>
      {errors?.length ? <ErrorSummary title={ctx.m.pages.admin.common.errorSummaryTitle} errors={errors} /> : null}
      <StatusNotice message={notice} />
      {children}
    </Layout>
  );
}

/** A message page (403, 404, 409...) inside the console frame. */
export function MessagePage({ ctx, title, message, detail }: { ctx: AdminPageContext | PageContext; title: string; message: string; detail?: string }) {
  const body = (
    <>
      <p>{message}</p>
      {detail ? (
        <p class="muted">
          {ctx.m.pages.admin.common.technicalDetail}: <span lang="en">{detail}</span>
        </p>
      ) : null}
    </>
  );
  return 'person' in ctx ? (
    <AdminPage ctx={ctx} title={title}>
      {body}
    </AdminPage>
  ) : (
    <Layout ctx={ctx} title={title} noindex>
      <h1>{title}</h1>
      {body}
    </Layout>
  );
}

/**
 * The gate of every console request: anonymous visitors go to sign-in (303), people
 * without one of `roles` get a 403 page; otherwise the page context with the person.
 */
export async function consoleAccess(c: Context<AppEnv>, roles: readonly Role[]): Promise<AdminPageContext | Response> {
  const access = await requirePagePerson(c, roles);
  if ('redirect' in access) return access.redirect;
  const ctx = pageContext(c);
  if ('forbidden' in access) {
    const t = ctx.m.pages.admin.errors;
    return renderPage(c, <MessagePage ctx={ctx} title={t.forbiddenTitle} message={t.forbidden} />, 403);
  }
  return { ...ctx, person: access.person, csrf: csrfToken(c) };
}

/** The parsed body of a console form, or the 403 page when its CSRF token or origin is wrong (nothing is changed). */
export async function trustedForm(c: Context<AppEnv>, ctx: AdminPageContext): Promise<Record<string, string | File | (string | File)[]> | Response> {
  const body = await c.req.parseBody({ all: true });
  if (!isSameSiteForm(c, body[CSRF_FIELD])) {
    const t = ctx.m.pages.admin.errors;
    return renderPage(c, <MessagePage ctx={ctx} title={t.csrfTitle} message={t.csrf} />, 403);
  }
  return body;
}

export function CsrfField({ ctx }: { ctx: AdminPageContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={ctx.csrf} />;
}

/** One text value of a parsed form (the first when repeated). */
export function formText(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

/** A domain error in the reader's language when we know its code, else a generic title and the (English) detail. */
export function appErrorMessage(ctx: PageContext, error: AppError): { message: string; detail?: string } {
  const known = ctx.m.pages.admin.errors.codes[error.code];
  return known ? { message: known } : { message: error.title, detail: error.detail };
}

/** The console's page for a domain error thrown outside a form (404 unknown id, 403 not yours, 409 state). */
export function appErrorPage(c: Context<AppEnv>, ctx: AdminPageContext, error: AppError): Promise<Response> {
  const t = ctx.m.pages.admin.errors;
  const title = error.status === 404 ? t.notFoundTitle : error.status === 403 ? t.forbiddenTitle : error.status === 409 ? t.conflictTitle : t.invalidTitle;
  const { message, detail } = error.status === 404 ? { message: t.notFound, detail: undefined } : appErrorMessage(ctx, error);
  return renderPage(c, <MessagePage ctx={ctx} title={title} message={message} detail={detail} />, error.status as ContentfulStatusCode);
}

export function notFoundPage(c: Context<AppEnv>, ctx: AdminPageContext): Promise<Response> {
  const t = ctx.m.pages.admin.errors;
  return renderPage(c, <MessagePage ctx={ctx} title={t.notFoundTitle} message={t.notFound} />, 404);
}

/** Runs a use case; a domain error becomes the console's error page. */
export async function orErrorPage<T>(c: Context<AppEnv>, ctx: AdminPageContext, run: () => Promise<T>): Promise<T | Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) return appErrorPage(c, ctx, error);
    throw error;
  }
}

export function formatPercent(locale: Locale, rate: number | null, none = '—'): string {
  return rate === null ? none : new Intl.NumberFormat(LANGUAGE_TAGS[locale], { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}

export function formatCount(locale: Locale, value: number): string {
  return new Intl.NumberFormat(LANGUAGE_TAGS[locale]).format(value);
}

/** A calendar day (YYYY-MM-DD) in the reader's language, read as that day (no time-zone shift). */
export function formatDay(locale: Locale, day: string): string {
  return formatDate(locale, `${day}T12:00:00Z`);
}

export function formatWhen(locale: Locale, at: Date | string): string {
  return formatDateTime(locale, at);
}

/** A short date and time (tables): day and time in Brussels. */
export function formatShortWhen(locale: Locale, at: Date | string): string {
  return new Intl.DateTimeFormat(LANGUAGE_TAGS[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(new Date(at));
}

/**
 * A data table: a focusable scrolling region (keyboard users can scroll a wide table at
 * 200% zoom), a caption, and header cells with scope. Rows are given as children.
 */
export function DataTable({ id, caption, headers, children }: { id: string; caption: string; headers: string[]; children?: Child }) {
  return (
    <div class="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabindex={0}>
      <table class="data-table" id={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            {headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

// The console's fields are the shared ones (web/pages/components.tsx).
export { InputField, SelectField } from '../components.tsx';

/** A positive page number from the query (1 when absent or wrong). */
export function pageNumber(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

/** Newer / older links of a paged list, keeping the other query parameters. */
export function Pager({ ctx, page, hasMore }: { ctx: AdminPageContext; page: number; hasMore: boolean }) {
  const t = ctx.m.pages.admin.common;
  const href = (n: number) => {
    const url = new URL(ctx.url.toString());
    url.searchParams.set('page', String(n));
    url.searchParams.delete('lang');
    return `${url.pathname}${url.search}`;
  };
  if (page === 1 && !hasMore) return null;
  return (
    <nav class="pager" aria-label={t.pagination}>
      {page > 1 ? <a href={href(page - 1)}>{t.newer}</a> : null}
      <span>{t.page(page)}</span>
      {hasMore ? <a href={href(page + 1)}>{t.older}</a> : null}
    </nav>
  );
}
