import type { Context, Hono } from 'hono';
import { decideEnrolment } from '../../../services/enrolments/enrolments.usecases.ts';
import { enrolmentsRepository } from '../../../services/enrolments/enrolments.repository.ts';
import { reportsRepository } from '../../../services/reports/reports.repository.ts';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import type { FieldError } from '../components.tsx';
import { renderPage } from '../page.ts';
import {
  AdminPage, APPROVERS, appErrorMessage, appErrorPage, consoleAccess, CsrfField, DataTable, formatCount, formatDay, formatShortWhen, formText, trustedForm,
  type AdminPageContext,
} from './frame.tsx';

type Request = Awaited<ReturnType<ReturnType<typeof reportsRepository>['requestedEnrolments']>>[number];
const MAX_REASON = 500;

/** Admins see every request; a manager only their own agents' (decideEnrolment checks it again). */
function requestsFor(c: Context<AppEnv>, ctx: AdminPageContext) {
  const managerId = ctx.person.roles.includes('admin') ? undefined : ctx.person.id;
  return reportsRepository(c.get('deps').db).requestedEnrolments({ managerId });
}

function DecisionForm({ ctx, request, error, reason }: { ctx: AdminPageContext; request: Request; error?: string; reason?: string }) {
  const t = ctx.m.pages.admin.approvals;
  const id = `reason-${request.id}`;
  return (
    <form method="post" action={`/admin/enrolments/${request.id}/decision`} class="decision-form">
      <CsrfField ctx={ctx} />
      <div class={error ? 'field field--error' : 'field'}>
        <label for={id}>
          {t.reasonLabel} <span class="visually-hidden">({request.learner_name})</span>
        </label>
        <span class="field__hint" id={`${id}-hint`}>{t.reasonHint}</span>
        {error ? <span class="field__error" id={`${id}-error`}>{error}</span> : null}
        <textarea id={id} name="reason" rows={2} class="input" aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} aria-invalid={error ? 'true' : undefined}>
          {reason ?? ''}
        </textarea>
      </div>
      <div class="button-row">
        <button type="submit" name="decision" value="approve" class="button" aria-label={t.approveFor(request.learner_name)}>
          {t.approve}
        </button>
        <button type="submit" name="decision" value="reject" class="button button--danger" aria-label={t.rejectFor(request.learner_name)}>
          {t.reject}
        </button>
      </div>
    </form>
  );
}

function ApprovalsPage({ ctx, requests, notice, failed }: { ctx: AdminPageContext; requests: Request[]; notice?: string; failed?: { id: string; error: string; reason: string } }) {
  const t = ctx.m.pages.admin.approvals;
  const errors: FieldError[] = failed ? [{ field: `reason-${failed.id}`, message: failed.error }] : [];
  return (
    <AdminPage ctx={ctx} title={t.title} notice={notice} errors={errors}>
      <p>{ctx.person.roles.includes('admin') ? t.introAdmin : t.introManager}</p>
      {requests.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <DataTable id="requests" caption={t.caption} headers={[t.learner, t.programme, t.cohort, t.requestedOn, t.seatsLeft, t.prerequisite, t.decision]}>
          {requests.map((r) => (
            <tr>
              <th scope="row">
                {r.learner_name}
                <span class="cell-note">{r.organisation_name ?? ''}</span>
              </th>
              <td>{r.programme_title[ctx.locale]}</td>
              <td>{ctx.m.pages.admin.dashboard.datesValue(formatDay(ctx.locale, r.starts_on), formatDay(ctx.locale, r.ends_on))}</td>
              <td>{formatShortWhen(ctx.locale, r.requested_at)}</td>
              <td class="num">{formatCount(ctx.locale, r.capacity - r.seats_taken)}</td>
              <td>{r.prerequisite ? t.prerequisiteChecked(formatShortWhen(ctx.locale, r.prerequisite.checkedAt)) : ctx.m.pages.admin.common.none}</td>
              <td>
                <DecisionForm ctx={ctx} request={r} error={failed?.id === r.id ? failed.error : undefined} reason={failed?.id === r.id ? failed.reason : undefined} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </AdminPage>
  );
}

/** GET /admin/enrolments (requests waiting) and POST /admin/enrolments/:id/decision (approve / reject with a reason). */
export function approvalPages(pages: Hono<AppEnv>): void {
  pages.get('/enrolments', async (c) => {
    const ctx = await consoleAccess(c, APPROVERS);
    if (ctx instanceof Response) return ctx;
    const decided = c.req.query('decided');
    let notice: string | undefined;
    if (decided && /^[0-9a-f-]{36}$/.test(decided)) {
      const enrolment = await enrolmentsRepository(c.get('deps').db).find(decided);
      if (enrolment?.status === 'approved') notice = ctx.m.pages.admin.approvals.approved(enrolment.learner_name);
      if (enrolment?.status === 'rejected') notice = ctx.m.pages.admin.approvals.rejected(enrolment.learner_name);
    }
    return renderPage(c, <ApprovalsPage ctx={ctx} requests={await requestsFor(c, ctx)} notice={notice} />);
  });

  pages.post('/enrolments/:enrolmentId{[0-9a-f-]{36}}/decision', async (c) => {
    const ctx = await consoleAccess(c, APPROVERS);
    if (ctx instanceof Response) return ctx;
    const body = await trustedForm(c, ctx);
    if (body instanceof Response) return body;
    const id = c.req.param('enrolmentId');
    const decision = formText(body, 'decision');
    const reason = formText(body, 'reason');
    const t = ctx.m.pages.admin.approvals;
    const invalid = (error: string, status: 400 | 409 | 422) =>
      requestsFor(c, ctx).then((requests) => renderPage(c, <ApprovalsPage ctx={ctx} requests={requests} failed={{ id, error, reason }} />, status));
    if (decision !== 'approve' && decision !== 'reject') return invalid(t.reasonRequired, 400);
    if (decision === 'reject' && !reason) return invalid(t.reasonRequired, 422);
    if (reason.length > MAX_REASON) return invalid(t.reasonTooLong, 422);
    try {
      await decideEnrolment(c.get('deps'), { enrolmentId: id, decision, reason: reason || undefined, principal: ctx.person });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // A manager deciding for someone else's agent, or an unknown id: the plain error page.
      if (error.status === 403 || error.status === 404) return appErrorPage(c, ctx, error);
      return invalid(appErrorMessage(ctx, error).message, error.status === 409 ? 409 : 422);
    }
    return c.redirect(`/admin/enrolments?decided=${id}`, 303);
  });
}
