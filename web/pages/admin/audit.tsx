import type { Hono } from 'hono';
import { auditLog, type AuditEventView } from '../../../services/reports/records.usecases.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { renderPage } from '../page.ts';
import { ADMIN, AdminPage, consoleAccess, DataTable, formatShortWhen, InputField, Pager, pageNumber, type AdminPageContext } from './frame.tsx';

const PAGE_SIZE = 50;

function actorText(ctx: AdminPageContext, event: AuditEventView): string {
  const kind = ctx.m.pages.admin.audit.actorKinds[event.actor.kind] ?? event.actor.kind;
  return event.actor.displayName ?? (event.actor.id ? `${kind} ${event.actor.id}` : kind);
}

function AuditPage({ ctx, events, subject, page, hasMore }: { ctx: AdminPageContext; events: AuditEventView[]; subject: string; page: number; hasMore: boolean }) {
  const t = ctx.m.pages.admin.audit;
  return (
    <AdminPage ctx={ctx} title={t.title}>
      <p>{t.intro}</p>
      <form method="get" action="/admin/audit" class="inline-form">
        <InputField id="audit-subject" name="subject" label={t.subjectLabel} value={subject} />
        <button type="submit" class="button button--secondary">{t.filter}</button>
        {subject ? <a href="/admin/audit">{t.clear}</a> : null}
      </form>
      {events.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <DataTable id="audit-table" caption={t.caption} headers={[t.when, t.actor, t.action, t.subject, t.details]}>
          {events.map((event) => (
            <tr>
              <td>{formatShortWhen(ctx.locale, event.at)}</td>
              <td>{actorText(ctx, event)}</td>
              <th scope="row" class="mono">{event.action}</th>
              <td>
                {event.subject.type}
                {event.subject.id ? (
                  <a class="cell-note mono" href={`/admin/audit?subject=${encodeURIComponent(event.subject.id)}`} aria-label={t.filterBy(event.subject.id)}>
                    {event.subject.id}
                  </a>
                ) : null}
              </td>
              <td><code class="details">{JSON.stringify(event.details)}</code></td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager ctx={ctx} page={page} hasMore={hasMore} />
    </AdminPage>
  );
}

/** GET /admin/audit: the append-only audit log, newest first, paged, filtered by subject (id or type). */
export function auditPages(pages: Hono<AppEnv>): void {
  pages.get('/audit', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const subject = (c.req.query('subject') ?? '').trim().slice(0, 200);
    const page = pageNumber(c.req.query('page'));
    const { events, hasMore } = await auditLog(c.get('deps'), { subject: subject || undefined, page, pageSize: PAGE_SIZE });
    return renderPage(c, <AuditPage ctx={ctx} events={events} subject={subject} page={page} hasMore={hasMore} />);
  });
}
