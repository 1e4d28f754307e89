import type { Context } from 'hono';
import type { EnrolmentStatus } from '../../../services/db/schema/enrolments.ts';
import { enrolmentsRepository } from '../../../services/enrolments/enrolments.repository.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { formatDate } from '../../i18n/index.ts';
import type { Tone } from '../components.tsx';
import { renewalsOf } from './renewals.ts';
import { LearnLayout, type LearnerContext } from './shell.tsx';

const STATUS_TONES: Record<EnrolmentStatus, Tone> = {
  requested: 'warning',
  approved: 'info',
  active: 'info',
  completed: 'success',
  certified: 'success',
  rejected: 'danger',
  withdrawn: 'info',
  failed: 'danger',
  lapsed: 'danger',
};

/** An enrolment's status as a tag: in words (the colour only repeats them). */
export function StatusTag({ lc, status }: { lc: LearnerContext; status: EnrolmentStatus }) {
  return <span class={`tag tag--${STATUS_TONES[status]}`}>{lc.ctx.m.pages.learn.statuses[status]}</span>;
}

/** The learner's own enrolments, newest first, each knowing whether it renews a badge. */
export async function loadEnrolments(c: Context<AppEnv>, lc: LearnerContext) {
  const db = c.get('deps').db;
  const [rows, renewals] = await Promise.all([enrolmentsRepository(db).list({ personId: lc.person.id }), renewalsOf(db, lc.person.id)]);
  const renewalIds = new Set(renewals.map((r) => r.id));
  return rows.map((row) => ({ row, renewal: renewalIds.has(row.id) }));
}

/** GET /learn: my enrolments with their status. */
export function EnrolmentsPage({ lc, enrolments, notice }: { lc: LearnerContext; enrolments: Awaited<ReturnType<typeof loadEnrolments>>; notice?: string }) {
  const t = lc.ctx.m.pages.learn;
  const locale = lc.ctx.locale;
  return (
    <LearnLayout lc={lc} title={t.homeTitle} section="home" notice={notice}>
      <h1>{t.homeTitle}</h1>
      <p>{t.homeIntro}</p>
      {enrolments.length === 0 ? (
        <p>
          {t.noEnrolments} <a href="/learn/catalogue">{t.browseCatalogue}</a>
        </p>
      ) : (
        <ul class="cards">
          {enrolments.map(({ row, renewal }) => (
            <li class="card">
              <h2>
                <a href={`/learn/enrolments/${row.id}`}>{row.programme_title[locale]}</a>
              </h2>
              <p>
                {t.status}: <StatusTag lc={lc} status={row.status} />
              </p>
              <p>{renewal ? t.renewal : t.cohortDates(formatDate(locale, row.starts_on), formatDate(locale, row.ends_on))}</p>
            </li>
          ))}
        </ul>
      )}
    </LearnLayout>
  );
}
