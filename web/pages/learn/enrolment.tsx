import type { Context } from 'hono';
import { listAttempts } from '../../../services/assessments/attempts.usecases.ts';
import { getCohortRequirements } from '../../../services/cohorts/cohorts.usecases.ts';
import { enrolmentsRepository } from '../../../services/enrolments/enrolments.repository.ts';
import { getProgress } from '../../../services/learning/progress.usecases.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { listSessions } from '../../../services/webinars/webinars.usecases.ts';
import { formatDate, formatDateTime, formatNumber, LANGUAGE_TAGS } from '../../i18n/index.ts';
import { ExternalLink, FactList, Section, type FieldError } from '../components.tsx';
import { CsrfField } from '../sign-in/sign-in.views.tsx';
import { StatusTag } from './enrolments.tsx';
import { renewalsOf } from './renewals.ts';
import { attempt, LearnLayout, PostButton, type LearnerContext } from './shell.tsx';

const PROGRESSING = ['approved', 'active'];
const MAY_ATTEMPT = ['approved', 'active', 'completed'];
const MAY_WITHDRAW = ['requested', 'approved', 'active'];

/** One of the learner's enrolments with everything its page shows; undefined when it is not theirs (404). */
export async function loadEnrolment(c: Context<AppEnv>, lc: LearnerContext, enrolmentId: string) {
  const deps = c.get('deps');
  const row = await enrolmentsRepository(deps.db).find(enrolmentId);
  if (!row || row.person_id !== lc.person.id) return undefined;
  const renewal = (await renewalsOf(deps.db, lc.person.id)).some((r) => r.id === row.id);
  const [progress, requirements, attempts] = await Promise.all([
    getProgress(deps, { enrolmentId, principal: lc.person }),
    getCohortRequirements(deps.db, row.cohort_id),
    listAttempts(deps, { enrolmentId, principal: lc.person }),
  ]);
  const kind = renewal ? 'renewal' : 'certification';
  const sessions = !renewal && requirements.requiredWebinars > 0 ? await attempt(() => listSessions(deps, { cohortId: row.cohort_id, principal: lc.person })) : { ok: [] };
  return { row, renewal, progress, requirements, attempts: attempts.filter((a) => a.kind === kind), sessions: 'ok' in sessions ? sessions.ok : [], now: deps.clock.now() };
}

type EnrolmentData = NonNullable<Awaited<ReturnType<typeof loadEnrolment>>>;

function pct(lc: LearnerContext, value: number): string {
  return new Intl.NumberFormat(LANGUAGE_TAGS[lc.ctx.locale], { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
}

function assessmentState(data: EnrolmentData) {
  const { attempts, requirements } = data;
  const last = attempts.at(-1);
  return {
    passed: attempts.some((a) => a.result?.passed),
    open: attempts.find((a) => a.status === 'started'),
    pending: attempts.some((a) => a.status === 'submitted' || a.status === 'awaiting_assessor'),
    left: last ? last.attemptsLeft : requirements.assessment.maxAttempts,
  };
}

function ProgressTable({ lc, data }: { lc: LearnerContext; data: EnrolmentData }) {
  const t = lc.ctx.m.pages.learn;
  const { progress } = data;
  const state = assessmentState(data);
  const moduleTitles = progress.modules.items.filter((m) => m.state !== 'completed').map((m) => m.title[lc.ctx.locale]);
  return (
    <div class="table-scroll">
      <table class="data" aria-labelledby="progress-title">
        <thead>
          <tr>
            <th scope="col">{t.requirement}</th>
            <th scope="col">{t.done}</th>
            <th scope="col">{t.left}</th>
          </tr>
        </thead>
        <tbody>
          {!data.renewal ? (
            <tr>
              <th scope="row">{t.requirementModules}</th>
              <td>{t.countOf(progress.modules.completed, progress.modules.required)}</td>
              <td>{moduleTitles.length ? moduleTitles.join(', ') : t.nothingLeft}</td>
            </tr>
          ) : null}
          {!data.renewal && progress.webinars.required > 0 ? (
            <tr>
              <th scope="row">{t.requirementWebinars}</th>
              <td>{t.countOf(progress.webinars.attended, progress.webinars.required)}</td>
              <td>{progress.webinars.topicsLeft.length ? t.topics(progress.webinars.topicsLeft.join(', ')) : t.nothingLeft}</td>
            </tr>
          ) : null}
          <tr>
            <th scope="row">{t.requirementAssessment}</th>
            <td>{state.passed ? t.passed : t.notPassed}</td>
            <td>{state.passed ? t.nothingLeft : t.requirementAssessment}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function ModulesSection({ lc, data, errors }: { lc: LearnerContext; data: EnrolmentData; errors: FieldError[] }) {
  const t = lc.ctx.m.pages.learn;
  const locale = lc.ctx.locale;
  const base = `/learn/enrolments/${data.row.id}/modules`;
  const progressing = PROGRESSING.includes(data.row.status);
  return (
    <Section id="modules" title={t.modulesTitle}>
      <ul class="cards">
        {data.progress.modules.items.map((m) => {
          const headingId = `module-${m.moduleId}-title`;
          const inputId = `minutes-${m.moduleId}`;
          const error = errors.find((e) => e.field === inputId)?.message;
          return (
            <li class="card">
              <h3 id={headingId}>{m.title[locale]}</h3>
              <p>
                {t.moduleDuration(m.durationMinutes)} · <strong>{t.moduleStates[m.state as keyof typeof t.moduleStates]}</strong>
                {m.secondsSpent > 0 ? ` · ${t.timeSpent(formatNumber(locale, Math.round(m.secondsSpent / 60)))}` : ''}
              </p>
              {progressing && m.state === 'not_started' ? <PostButton action={`${base}/${m.moduleId}/start`} label={t.startModule} csrf={lc.csrf} secondary describedBy={headingId} /> : null}
              {progressing && m.state !== 'completed' ? (
                <form method="post" action={`${base}/${m.moduleId}/completion`} class="inline-form" novalidate>
                  <CsrfField token={lc.csrf} />
                  <div class={error ? 'field field--error' : 'field'}>
                    <label for={inputId}>{t.minutesLabel}</label>
                    <span class="field__hint" id={`${inputId}-hint`}>{t.minutesHint}</span>
                    {error ? <span class="field__error" id={`${inputId}-error`}>{error}</span> : null}
                    <input type="number" id={inputId} name="minutes" min="1" max="1440" step="1" inputmode="numeric" value={String(m.durationMinutes)}
                      aria-describedby={error ? `${inputId}-hint ${inputId}-error` : `${inputId}-hint`} aria-invalid={error ? 'true' : undefined} />
                  </div>
                  <button type="submit" class="button" aria-describedby={headingId}>{t.completeModule}</button>
                </form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

function WebinarsSection({ lc, data }: { lc: LearnerContext; data: EnrolmentData }) {
  const t = lc.ctx.m.pages.learn;
  const locale = lc.ctx.locale;
  const progressing = PROGRESSING.includes(data.row.status);
  const now = data.now.getTime();
  return (
    <Section id="webinars" title={t.webinarsTitle}>
      <p>{t.webinarsIntro(data.progress.webinars.required)}</p>
      {data.sessions.length === 0 ? <p>{t.noSessions}</p> : null}
      <ul class="cards">
        {data.sessions.map((s) => {
          const headingId = `session-${s.id}-title`;
          const booking = s.myBooking && !s.myBooking.cancelledAt ? s.myBooking : null;
          const upcoming = Date.parse(s.startsAt) > now;
          return (
            <li class="card">
              <h3 id={headingId}>{`${t.topic(s.topic)}: ${s.title}`}</h3>
              <FactList
                facts={[
                  { term: t.sessionWhen, value: formatDateTime(locale, s.startsAt) },
                  { term: t.sessionLanguage, value: lc.ctx.m.pages.languageNames[s.language as keyof typeof lc.ctx.m.pages.languageNames] ?? s.language },
                  { term: t.facilitator, value: s.facilitator.displayName },
                  { term: t.seats, value: s.seatsLeft > 0 ? t.seatsLeft(s.seatsLeft) : t.full },
                ]}
              />
              {booking ? <p><strong>{booking.attended ? t.attended : t.booked}</strong></p> : null}
              {booking && s.joinUrl && upcoming ? <p><ExternalLink href={s.joinUrl}>{t.joinLink}</ExternalLink></p> : null}
              {booking && upcoming ? <PostButton action={`/learn/enrolments/${data.row.id}/bookings/${booking.id}/cancellation`} label={t.cancelBooking} csrf={lc.csrf} secondary describedBy={headingId} /> : null}
              {!booking && upcoming && progressing && s.seatsLeft > 0 ? <PostButton action={`/learn/enrolments/${data.row.id}/sessions/${s.id}/booking`} label={t.book} csrf={lc.csrf} describedBy={headingId} /> : null}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

function AssessmentSection({ lc, data }: { lc: LearnerContext; data: EnrolmentData }) {
  const t = lc.ctx.m.pages.learn;
  const state = assessmentState(data);
  const base = `/learn/enrolments/${data.row.id}/attempts`;
  const mayStart = MAY_ATTEMPT.includes(data.row.status) && !state.passed && !state.open && !state.pending && state.left > 0;
  return (
    <Section id="assessment" title={t.assessmentTitle}>
      <p>{t.assessmentIntro(pct(lc, data.requirements.assessment.passMarkPercent))}</p>
      {!state.passed ? <p>{state.left > 0 ? t.attemptsLeft(state.left) : t.noAttemptsLeft}</p> : null}
      {data.row.status === 'requested' ? <p>{t.assessmentNotOpen}</p> : null}
      {state.open ? <p><a class="button" href={`${base}/${state.open.id}`}>{t.continueAttempt}</a></p> : null}
      {mayStart ? <PostButton action={base} label={t.startAttempt} csrf={lc.csrf} /> : null}
      {data.attempts.length ? (
        <>
          <h3>{t.attemptsTitle}</h3>
          <ul class="link-list">
            {data.attempts.map((a) => (
              <li>
                <a href={`${base}/${a.id}`}>{t.seeAttempt(a.number)}</a>
                {`: ${t.attemptStatuses[a.status]}`}
                {a.result ? ` · ${a.result.passed ? t.resultPassed : t.resultFailed} (${pct(lc, a.result.scorePercent)})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Section>
  );
}

/** GET /learn/enrolments/<id>: progress per requirement, deadline, modules, webinars, assessment, withdrawal. */
export function EnrolmentPage({ lc, data, errors = [], notice }: { lc: LearnerContext; data: EnrolmentData; errors?: FieldError[]; notice?: string }) {
  const t = lc.ctx.m.pages.learn;
  const locale = lc.ctx.locale;
  const { row, progress } = data;
  const title = row.programme_title[locale];
  return (
    <LearnLayout lc={lc} title={title} section="home" errors={errors} notice={notice}>
      <p class="eyebrow">{data.renewal ? t.renewal : t.enrolmentTitle}</p>
      <h1>{title}</h1>
      <FactList
        facts={[
          { term: t.status, value: <StatusTag lc={lc} status={row.status} /> },
          // A renewal runs outside the cohort's dates (only its test remains).
          { term: t.sessionWhen, value: data.renewal ? undefined : t.cohortDates(formatDate(locale, row.starts_on), formatDate(locale, row.ends_on)) },
          { term: t.deadline, value: data.renewal ? undefined : `${formatDate(locale, progress.deadline)} (${t.daysLeft(progress.daysLeft)})` },
        ]}
      />
      <Section id="progress" title={t.progressTitle}>
        <ProgressTable lc={lc} data={data} />
      </Section>
      {!data.renewal ? <ModulesSection lc={lc} data={data} errors={errors} /> : null}
      {!data.renewal && data.requirements.requiredWebinars > 0 ? <WebinarsSection lc={lc} data={data} /> : null}
      <AssessmentSection lc={lc} data={data} />
      {MAY_WITHDRAW.includes(row.status) ? (
        <Section id="withdraw" title={t.withdrawTitle}>
          <p id="withdraw-intro">{t.withdrawIntro}</p>
          <PostButton action={`/learn/enrolments/${row.id}/withdrawal`} label={t.withdraw} csrf={lc.csrf} secondary describedBy="withdraw-intro" />
        </Section>
      ) : null}
    </LearnLayout>
  );
}
