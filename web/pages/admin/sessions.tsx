import type { Context, Hono } from 'hono';
import { getCohort } from '../../../services/cohorts/cohorts.usecases.ts';
import { reportsRepository } from '../../../services/reports/reports.repository.ts';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { MAX_WEBINAR_CAPACITY } from '../../../services/webinars/webinars.schemas.ts';
import { createSession, listSessions } from '../../../services/webinars/webinars.usecases.ts';
import { LOCALES } from '../../i18n/index.ts';
import { Section, type FieldError } from '../components.tsx';
import { renderPage } from '../page.ts';
import { cohortLabel, type CohortDetail } from './cohort.tsx';
import {
  AdminPage, appErrorMessage, consoleAccess, CsrfField, DataTable, FACILITATORS, formatShortWhen, formText, InputField, orErrorPage, SelectField, trustedForm,
  type AdminPageContext,
} from './frame.tsx';

type Session = Awaited<ReturnType<typeof listSessions>>[number];
type Facilitator = { id: string; display_name: string };
type SessionForm = Record<'topic' | 'title' | 'language' | 'date' | 'time' | 'duration' | 'capacity' | 'facilitator' | 'joinUrl', string>;

/** The instant of a wall-clock time in Brussels (the offset of that day, summer or winter time). */
export function brusselsInstant(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  const offsetAt = (at: Date) => {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', timeZoneName: 'longOffset' }).formatToParts(at);
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(parts.find((p) => p.type === 'timeZoneName')?.value ?? '');
    return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  };
  const first = new Date(guess.getTime() - offsetAt(guess) * 60_000);
  return new Date(guess.getTime() - offsetAt(first) * 60_000);
}

function SessionsTable({ ctx, sessions }: { ctx: AdminPageContext; sessions: Array<Pick<Session, 'id' | 'topic' | 'title' | 'startsAt' | 'durationMinutes' | 'seatsTaken' | 'capacity'> & { facilitatorName: string; extra?: string }> }) {
  const t = ctx.m.pages.admin.sessions;
  if (!sessions.length) return <p>{t.none}</p>;
  return (
    <DataTable id="sessions-table" caption={t.caption} headers={[t.sessionTitle, t.topic, t.startsAt, t.duration, t.seats, t.facilitator]}>
      {sessions.map((s) => (
        <tr>
          <th scope="row">
            <a href={`/admin/sessions/${s.id}`} aria-label={t.roster(s.title)}>{s.title}</a>
            {s.extra ? <span class="cell-note">{s.extra}</span> : null}
          </th>
          <td class="num">{s.topic}</td>
          <td>{formatShortWhen(ctx.locale, s.startsAt)}</td>
          <td class="num">{t.durationValue(s.durationMinutes)}</td>
          <td class="num">{t.seatsValue(s.seatsTaken, s.capacity)}</td>
          <td>{s.facilitatorName}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function CreateSessionForm({ ctx, cohort, facilitators, values, errors }: { ctx: AdminPageContext; cohort: CohortDetail; facilitators: Facilitator[]; values: SessionForm; errors: Record<string, string> }) {
  const t = ctx.m.pages.admin.sessions;
  const required = cohort.requirements.requiredWebinars;
  return (
    <form method="post" action={`/admin/cohorts/${cohort.id}/sessions`} novalidate>
      <CsrfField ctx={ctx} />
      <InputField id="session-topic" name="topic" type="number" min={1} max={required} size="short" label={t.topicLabel} hint={t.topicHint(required)} value={values.topic} error={errors.topic} />
      <InputField id="session-title" name="title" label={t.titleLabel} value={values.title} error={errors.title} />
      <SelectField id="session-language" name="language" label={t.languageLabel} value={values.language || ctx.locale} error={errors.language}
        options={LOCALES.map((l) => ({ value: l, label: ctx.m.pages.languageNames[l] }))} />
      <InputField id="session-date" name="date" type="date" size="short" label={t.dateLabel} hint={t.dateHint} value={values.date} error={errors.date} />
      <InputField id="session-time" name="time" type="time" size="short" label={t.timeLabel} value={values.time} error={errors.time} />
      <InputField id="session-duration" name="duration" type="number" min={15} max={480} size="short" label={t.durationLabel} value={values.duration || '90'} error={errors.duration} />
      <InputField id="session-capacity" name="capacity" type="number" min={1} max={MAX_WEBINAR_CAPACITY} size="short" label={t.capacityLabel} value={values.capacity || '8'} error={errors.capacity} />
      <SelectField id="session-facilitator" name="facilitator" label={t.facilitatorLabel} value={values.facilitator} error={errors.facilitator}
        options={facilitators.map((f) => ({ value: f.id, label: f.display_name }))} />
      <InputField id="session-join-url" name="joinUrl" type="url" label={t.joinUrlLabel} value={values.joinUrl} error={errors.joinUrl} inputmode="url" />
      <button type="submit" class="button">{t.create}</button>
    </form>
  );
}

function CohortSessionsPage(props: { ctx: AdminPageContext; cohort: CohortDetail; sessions: Session[]; facilitators: Facilitator[]; values?: SessionForm; errors?: Record<string, string>; notice?: string }) {
  const { ctx, cohort } = props;
  const t = ctx.m.pages.admin.sessions;
  const errors = props.errors ?? {};
  const fieldIds: Record<string, string> = { topic: 'session-topic', title: 'session-title', language: 'session-language', date: 'session-date', time: 'session-time', duration: 'session-duration', capacity: 'session-capacity', facilitator: 'session-facilitator', joinUrl: 'session-join-url' };
  const summary: FieldError[] = Object.entries(errors).map(([name, message]) => ({ field: fieldIds[name] ?? 'session-topic', message }));
  const rows = props.sessions.map((s) => ({ ...s, facilitatorName: s.facilitator.displayName }));
  return (
    <AdminPage ctx={ctx} title={t.cohortTitle(cohortLabel(ctx, cohort))} notice={props.notice} errors={summary}>
      <SessionsTable ctx={ctx} sessions={rows} />
      <Section id="create-session" title={t.createTitle}>
        {cohort.requirements.requiredWebinars === 0 ? (
          <p>{t.noWebinars}</p>
        ) : (
          <CreateSessionForm ctx={ctx} cohort={cohort} facilitators={props.facilitators}
            values={props.values ?? { topic: '', title: '', language: '', date: '', time: '', duration: '', capacity: '', facilitator: cohort.facilitators[0]?.id ?? '', joinUrl: '' }}
            errors={errors} />
        )}
      </Section>
      <p class="back-link"><a href={`/admin/cohorts/${cohort.id}`}>{ctx.m.pages.admin.common.backToCohort}</a></p>
    </AdminPage>
  );
}

/** Reads and checks the form; the errors name the fields (in the reader's language). */
function readSessionForm(ctx: AdminPageContext, body: Record<string, unknown>, requiredWebinars: number) {
  const t = ctx.m.pages.admin.sessions.invalid;
  const values = Object.fromEntries(['topic', 'title', 'language', 'date', 'time', 'duration', 'capacity', 'facilitator', 'joinUrl'].map((k) => [k, formText(body, k)])) as SessionForm;
  const errors: Record<string, string> = {};
  const int = (v: string, min: number, max: number) => (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? Number(v) : undefined);
  const topic = int(values.topic, 1, Math.max(1, requiredWebinars));
  const duration = int(values.duration, 15, 480);
  const capacity = int(values.capacity, 1, MAX_WEBINAR_CAPACITY);
  if (topic === undefined) errors.topic = t.topic;
  if (!values.title || values.title.length > 200) errors.title = t.title;
  if (!(LOCALES as readonly string[]).includes(values.language)) errors.language = t.language;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date) || Number.isNaN(Date.parse(values.date))) errors.date = t.date;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(values.time)) errors.time = t.time;
  if (duration === undefined) errors.duration = t.duration;
  if (capacity === undefined) errors.capacity = t.capacity;
  if (!/^[0-9a-f-]{36}$/.test(values.facilitator)) errors.facilitator = t.facilitator;
  if (values.joinUrl && !(URL.canParse(values.joinUrl) && values.joinUrl.startsWith('https://'))) errors.joinUrl = t.joinUrl;
  if (Object.keys(errors).length) return { values, errors };
  return {
    values,
    errors,
    input: {
      topic: topic!, title: values.title, language: values.language as (typeof LOCALES)[number], startsAt: brusselsInstant(values.date, values.time).toISOString(),
      durationMinutes: duration!, capacity: capacity!, facilitatorId: values.facilitator, ...(values.joinUrl ? { joinUrl: values.joinUrl } : {}),
    },
  };
}

/** Which field a domain error of createSession is about. */
const SESSION_ERROR_FIELDS: Record<string, string> = {
  'webinars.invalid_topic': 'topic', 'webinars.starts_in_past': 'date', 'webinars.outside_cohort_dates': 'date', 'webinars.invalid_facilitator': 'facilitator',
};

/**
 * GET /admin/sessions (the sessions one leads; all for admins), GET/POST
 * /admin/cohorts/:id/sessions (a cohort's sessions, schedule one).
 */
export function sessionPages(pages: Hono<AppEnv>): void {
  const cohortOf = (c: Context<AppEnv>, ctx: AdminPageContext) => orErrorPage(c, ctx, () => getCohort(c.get('deps'), { cohortId: c.req.param('cohortId')!, principal: ctx.person }));

  pages.get('/sessions', async (c) => {
    const ctx = await consoleAccess(c, FACILITATORS);
    if (ctx instanceof Response) return ctx;
    const admin = ctx.person.roles.includes('admin');
    const rows = await reportsRepository(c.get('deps').db).sessionsLedBy(admin ? null : ctx.person.id, 200);
    const t = ctx.m.pages.admin.sessions;
    const sessions = rows.map((s) => ({
      id: s.id, topic: s.topic, title: s.title, startsAt: s.starts_at.toISOString(), durationMinutes: s.duration_minutes, seatsTaken: s.seats_taken, capacity: s.capacity,
      facilitatorName: s.facilitator_name, extra: s.programme_code,
    }));
    return renderPage(
      c,
      <AdminPage ctx={ctx} title={t.title}>
        <p>{admin ? t.introAdmin : t.introFacilitator}</p>
        <SessionsTable ctx={ctx} sessions={sessions} />
      </AdminPage>,
    );
  });

  pages.get('/cohorts/:cohortId{[0-9a-f-]{36}}/sessions', async (c) => {
    const ctx = await consoleAccess(c, FACILITATORS);
    if (ctx instanceof Response) return ctx;
    const cohort = await cohortOf(c, ctx);
    if (cohort instanceof Response) return cohort;
    const deps = c.get('deps');
    const [sessions, facilitators] = await Promise.all([listSessions(deps, { cohortId: cohort.id, principal: ctx.person }), reportsRepository(deps.db).facilitators()]);
    const notice = c.req.query('created') ? ctx.m.pages.admin.sessions.created : undefined;
    return renderPage(c, <CohortSessionsPage ctx={ctx} cohort={cohort} sessions={sessions} facilitators={facilitators} notice={notice} />);
  });

  pages.post('/cohorts/:cohortId{[0-9a-f-]{36}}/sessions', async (c) => {
    const ctx = await consoleAccess(c, FACILITATORS);
    if (ctx instanceof Response) return ctx;
    const body = await trustedForm(c, ctx);
    if (body instanceof Response) return body;
    const cohort = await cohortOf(c, ctx);
    if (cohort instanceof Response) return cohort;
    const deps = c.get('deps');
    const form = readSessionForm(ctx, body, cohort.requirements.requiredWebinars);
    const again = async (errors: Record<string, string>, status: 400 | 403 | 409 | 422) => {
      const [sessions, facilitators] = await Promise.all([listSessions(deps, { cohortId: cohort.id, principal: ctx.person }), reportsRepository(deps.db).facilitators()]);
      return renderPage(c, <CohortSessionsPage ctx={ctx} cohort={cohort} sessions={sessions} facilitators={facilitators} values={form.values} errors={errors} />, status);
    };
    if (!form.input) return again(form.errors, 422);
    try {
      await createSession(deps, { ...form.input, cohortId: cohort.id, actor: ctx.person });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const field = SESSION_ERROR_FIELDS[error.code] ?? 'topic';
      return again({ [field]: appErrorMessage(ctx, error).message }, error.status === 403 ? 403 : error.status === 409 ? 409 : 422);
    }
    return c.redirect(`/admin/cohorts/${cohort.id}/sessions?created=1`, 303);
  });
}
