import type { Hono } from 'hono';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { recordAttendance } from '../../../services/webinars/bookings.usecases.ts';
import { getRoster } from '../../../services/webinars/webinars.usecases.ts';
import { FactList, Notice, Section } from '../components.tsx';
import { renderPage } from '../page.ts';
import { AdminPage, appErrorMessage, appErrorPage, consoleAccess, CsrfField, DataTable, FACILITATORS, formatWhen, orErrorPage, trustedForm, type AdminPageContext } from './frame.tsx';

type Roster = Awaited<ReturnType<typeof getRoster>>;

function RosterPage({ ctx, roster, started, notice, error }: { ctx: AdminPageContext; roster: Roster; started: boolean; notice?: string; error?: string }) {
  const t = ctx.m.pages.admin.roster;
  const s = ctx.m.pages.admin.sessions;
  const session = roster.session;
  const firstBox = roster.bookings[0] ? `present-${roster.bookings[0].id}` : 'main';
  return (
    <AdminPage ctx={ctx} title={t.title(session.title)} notice={notice} errors={error ? [{ field: firstBox, message: error }] : []}>
      <Section id="facts" title={t.factsTitle}>
        <FactList
          facts={[
            { term: t.cohort, value: <a href={`/admin/cohorts/${session.cohortId}`}>{session.cohortId}</a> },
            { term: s.topic, value: String(session.topic) },
            { term: s.startsAt, value: formatWhen(ctx.locale, session.startsAt) },
            { term: s.duration, value: s.durationValue(session.durationMinutes) },
            { term: s.language, value: ctx.m.pages.languageNames[session.language] },
            { term: s.seats, value: s.seatsValue(session.seatsTaken, session.capacity) },
            { term: s.facilitator, value: session.facilitator.displayName },
          ]}
        />
      </Section>
      <Section id="attendance" title={t.rosterTitle}>
        {roster.bookings.length === 0 ? (
          <p>{t.empty}</p>
        ) : (
          <form method="post" action={`/admin/sessions/${session.id}/attendance`}>
            <CsrfField ctx={ctx} />
            {started ? <p id="attendance-hint">{t.hint}</p> : <Notice tone="info"><p>{t.notStarted}</p></Notice>}
            <DataTable id="roster-table" caption={t.caption} headers={[t.learner, t.recorded, t.present]}>
              {roster.bookings.map((b) => (
                <tr>
                  <th scope="row">{b.learner.displayName}</th>
                  <td>{b.attended === null ? t.notRecorded : b.attended ? t.present : t.absent}</td>
                  <td>
                    <input type="hidden" name="booking" value={b.id} />
                    <label class="checkbox" for={`present-${b.id}`}>
                      <input type="checkbox" id={`present-${b.id}`} name="present" value={b.id} checked={b.attended === true} disabled={!started} />
                      <span>{t.presentLabel(b.learner.displayName)}</span>
                    </label>
                  </td>
                </tr>
              ))}
            </DataTable>
            {started ? <button type="submit" class="button">{t.submit}</button> : null}
          </form>
        )}
      </Section>
    </AdminPage>
  );
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');

/**
 * GET /admin/sessions/:id (roster) and POST /admin/sessions/:id/attendance (a checkbox per
 * booking: ticked is present, the others absent): the session's facilitator or an admin.
 */
export function rosterPages(pages: Hono<AppEnv>): void {
  pages.get('/sessions/:sessionId{[0-9a-f-]{36}}', async (c) => {
    const ctx = await consoleAccess(c, FACILITATORS);
    if (ctx instanceof Response) return ctx;
    const deps = c.get('deps');
    const roster = await orErrorPage(c, ctx, () => getRoster(deps, { sessionId: c.req.param('sessionId'), principal: ctx.person }));
    if (roster instanceof Response) return roster;
    const notice = c.req.query('recorded') ? ctx.m.pages.admin.roster.saved : undefined;
    return renderPage(c, <RosterPage ctx={ctx} roster={roster} started={new Date(roster.session.startsAt) <= deps.clock.now()} notice={notice} />);
  });

  pages.post('/sessions/:sessionId{[0-9a-f-]{36}}/attendance', async (c) => {
    const ctx = await consoleAccess(c, FACILITATORS);
    if (ctx instanceof Response) return ctx;
    const body = await trustedForm(c, ctx);
    if (body instanceof Response) return body;
    const deps = c.get('deps');
    const sessionId = c.req.param('sessionId');
    const present = new Set(asList(body.present));
    const bookings = [...new Set(asList(body.booking))].filter((id) => /^[0-9a-f-]{36}$/.test(id)).slice(0, 100);
    try {
      if (bookings.length) await recordAttendance(deps, { sessionId, attendance: bookings.map((bookingId) => ({ bookingId, attended: present.has(bookingId) })), principal: ctx.person });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 403 || error.status === 404) return appErrorPage(c, ctx, error);
      const roster = await getRoster(deps, { sessionId, principal: ctx.person });
      const started = new Date(roster.session.startsAt) <= deps.clock.now();
      return renderPage(c, <RosterPage ctx={ctx} roster={roster} started={started} error={appErrorMessage(ctx, error).message} />, error.status === 409 ? 409 : 422);
    }
    return c.redirect(`/admin/sessions/${sessionId}?recorded=1`, 303);
  });
}
