import type { Context, Hono } from 'hono';
import { getCohort } from '../../../services/cohorts/cohorts.usecases.ts';
import { cohortProgressReport, type CohortProgressReport } from '../../../services/reports/reports.usecases.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { FactList, Section } from '../components.tsx';
import { renderPage } from '../page.ts';
import { csvDocument, csvResponse } from './csv.ts';
import { ADMIN, AdminPage, consoleAccess, DataTable, formatCount, formatDay, formatPercent, orErrorPage, type AdminPageContext } from './frame.tsx';

export type CohortDetail = Awaited<ReturnType<typeof getCohort>>;
type Learner = CohortProgressReport['learners'][number];

/** The cohort's name in titles and links: its programme and start day. */
export function cohortLabel(ctx: AdminPageContext, cohort: CohortDetail): string {
  return ctx.m.pages.admin.dashboard.openCohort(cohort.programme.code, formatDay(ctx.locale, cohort.startsOn));
}

function assessmentText(ctx: AdminPageContext, assessment: Learner['assessment']): string {
  const t = ctx.m.pages.admin.cohort.assessmentStates;
  if (!assessment) return t.none;
  if (assessment.status !== 'marked') return t[assessment.status];
  const score = formatPercent(ctx.locale, assessment.scorePercent === null ? null : assessment.scorePercent / 100);
  return assessment.passed ? t.passed(score) : t.failed(score);
}

function LearnersTable({ ctx, learners }: { ctx: AdminPageContext; learners: Learner[] }) {
  const t = ctx.m.pages.admin.cohort;
  if (!learners.length) return <p>{t.noLearners}</p>;
  return (
    <DataTable id="learners-table" caption={t.learnersCaption} headers={[t.learner, t.organisation, t.status, t.modules, t.webinars, t.assessment, t.atRisk]}>
      {learners.map((l) => (
        <tr class={l.atRisk ? 'row--warning' : undefined}>
          <th scope="row">{l.learner.displayName}</th>
          <td>{l.learner.organisation ?? ctx.m.pages.admin.dashboard.noOrganisation}</td>
          <td>{ctx.m.pages.admin.statuses[l.status]}</td>
          <td class="num">{t.ratio(l.modules.completed, l.modules.required)}</td>
          <td class="num">{t.ratio(l.webinars.attended, l.webinars.required)}</td>
          <td>{assessmentText(ctx, l.assessment)}</td>
          <td>{l.atRisk ? <strong>{t.atRiskValue(l.daysLeft)}</strong> : ctx.m.pages.admin.common.no}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function CohortPage({ ctx, cohort, report, notice }: { ctx: AdminPageContext; cohort: CohortDetail; report: CohortProgressReport; notice?: string }) {
  const t = ctx.m.pages.admin.cohort;
  const n = (v: number) => formatCount(ctx.locale, v);
  const counts = report.counts;
  return (
    <AdminPage ctx={ctx} title={t.title(cohort.programme.code, formatDay(ctx.locale, cohort.startsOn))} notice={notice}>
      <Section id="facts" title={t.factsTitle}>
        <FactList
          facts={[
            { term: t.programme, value: `${cohort.programme.code} (v${cohort.programme.version})` },
            { term: t.dates, value: ctx.m.pages.admin.dashboard.datesValue(formatDay(ctx.locale, cohort.startsOn), formatDay(ctx.locale, cohort.endsOn)) },
            { term: t.seats, value: t.seatsValue(n(cohort.seatsTaken), n(cohort.capacity), n(cohort.seatsLeft)) },
            { term: t.scope, value: cohort.organisationId ? <span class="mono">{cohort.organisationId}</span> : t.scopeAll },
            { term: t.facilitators, value: cohort.facilitators.map((f) => f.displayName).join(', ') || ctx.m.pages.admin.common.none },
            {
              term: t.requirements,
              value: t.requirementsValue(cohort.requirements.modules.length, cohort.requirements.requiredWebinars, cohort.requirements.assessment.passMarkPercent),
            },
          ]}
        />
      </Section>
      <Section id="progress" title={t.progressTitle}>
        <FactList
          facts={[
            { term: t.admitted, value: n(counts.admitted) },
            { term: t.started, value: n(counts.started) },
            { term: t.completed, value: n(counts.completed) },
            { term: t.certified, value: n(counts.certified) },
            { term: t.requested, value: n(counts.requested) },
            { term: t.responseRate, value: formatPercent(ctx.locale, counts.responseRate) },
            { term: t.completionRate, value: formatPercent(ctx.locale, counts.completionRate) },
            { term: t.atRiskCount, value: n(report.learners.filter((l) => l.atRisk).length) },
          ]}
        />
      </Section>
      <Section id="actions" title={t.actionsTitle}>
        <ul class="plain-list">
          <li><a href={`/admin/cohorts/${cohort.id}/import`}>{t.importCsv}</a></li>
          <li><a href={`/admin/cohorts/${cohort.id}/enrolments.csv`}>{t.exportCsv}</a></li>
          <li><a href={`/admin/cohorts/${cohort.id}/sessions`}>{t.sessions}</a></li>
        </ul>
      </Section>
      <Section id="learners" title={t.learnersTitle}>
        <LearnersTable ctx={ctx} learners={report.learners} />
      </Section>
    </AdminPage>
  );
}

const ENROLMENT_CSV_HEADER = [
  'enrolment_id', 'learner', 'email', 'organisation', 'status', 'modules_completed', 'modules_required', 'webinars_attended', 'webinars_required',
  'assessment_status', 'assessment_passed', 'assessment_score_percent', 'attempts_used', 'at_risk', 'requested_at',
];

/** GET /admin/cohorts/:id (the follow-up of one cohort) and GET /admin/cohorts/:id/enrolments.csv (its export). */
export function cohortPages(pages: Hono<AppEnv>): void {
  /** The page and its export show the same thing: an admin, the cohort, its progress report. */
  const cohortReport = async (c: Context<AppEnv>) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const deps = c.get('deps');
    const cohort = await orErrorPage(c, ctx, () => getCohort(deps, { cohortId: c.req.param('cohortId')!, principal: ctx.person }));
    if (cohort instanceof Response) return cohort;
    return { ctx, cohort, report: await cohortProgressReport(deps, cohort.id) };
  };

  pages.get('/cohorts/:cohortId{[0-9a-f-]{36}}', async (c) => {
    const loaded = await cohortReport(c);
    if (loaded instanceof Response) return loaded;
    const notice = c.req.query('created') ? loaded.ctx.m.pages.admin.cohortNew.created : undefined;
    return renderPage(c, <CohortPage ctx={loaded.ctx} cohort={loaded.cohort} report={loaded.report} notice={notice} />);
  });

  pages.get('/cohorts/:cohortId{[0-9a-f-]{36}}/enrolments.csv', async (c) => {
    const loaded = await cohortReport(c);
    if (loaded instanceof Response) return loaded;
    const { cohort, report } = loaded;
    const rows = report.learners.map((l) => [
      l.enrolmentId, l.learner.displayName, l.learner.email, l.learner.organisation, l.status, l.modules.completed, l.modules.required, l.webinars.attended,
      l.webinars.required, l.assessment?.status ?? '', l.assessment?.passed ?? '', l.assessment?.scorePercent ?? '', l.assessment?.attemptsUsed ?? 0, l.atRisk, l.requestedAt,
    ]);
    return csvResponse(c, `enrolments-${cohort.programme.code}-${cohort.startsOn}.csv`, csvDocument(ENROLMENT_CSV_HEADER, rows));
  });
}
