import type { Hono } from 'hono';
import { listCohorts } from '../../../services/cohorts/cohorts.usecases.ts';
import { listProgrammes } from '../../../services/programmes/programmes.usecases.ts';
import type { EnrolmentCounts, LearnerAtRisk, OrganisationReport } from '../../../services/reports/reports.usecases.ts';
import { AT_RISK_DAYS, cohortCounts, learnersAtRisk, organisationReport } from '../../../services/reports/reports.usecases.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { Section } from '../components.tsx';
import { renderPage } from '../page.ts';
import { ADMIN, AdminPage, consoleAccess, DataTable, formatCount, formatDay, formatPercent, SelectField, type AdminPageContext } from './frame.tsx';

type Programmes = Awaited<ReturnType<typeof listProgrammes>>;
type Cohorts = Awaited<ReturnType<typeof listCohorts>>;

function ProgrammesTable({ ctx, programmes, cohorts }: { ctx: AdminPageContext; programmes: Programmes; cohorts: Cohorts }) {
  const t = ctx.m.pages.admin.dashboard;
  return (
    <DataTable id="programmes" caption={t.programmesCaption} headers={[t.code, t.programmeTitle, t.publishedVersion, t.cohortCount]}>
      {programmes.map((p) => (
        <tr>
          <td class="mono">{p.code}</td>
          <td>{(p.published ?? p.versions.at(-1))?.title[ctx.locale] ?? ''}</td>
          <td>{p.published ? `v${p.published.version}` : t.notPublished}</td>
          <td class="num">{formatCount(ctx.locale, cohorts.filter((c) => c.programme.code === p.code).length)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function CohortsTable({ ctx, cohorts, counts }: { ctx: AdminPageContext; cohorts: Cohorts; counts: Map<string, EnrolmentCounts> }) {
  const t = ctx.m.pages.admin.dashboard;
  if (!cohorts.length) return <p>{t.noCohorts}</p>;
  const n = (v: number) => formatCount(ctx.locale, v);
  return (
    <DataTable id="cohorts" caption={t.cohortsCaption} headers={[t.programme, t.dates, t.seats, t.admitted, t.requested, t.responseRate, t.completionRate]}>
      {cohorts.map((cohort) => {
        const c = counts.get(cohort.id)!;
        return (
          <tr>
            <th scope="row">
              <a href={`/admin/cohorts/${cohort.id}`}>{t.openCohort(cohort.programme.code, formatDay(ctx.locale, cohort.startsOn))}</a>
            </th>
            <td>{t.datesValue(formatDay(ctx.locale, cohort.startsOn), formatDay(ctx.locale, cohort.endsOn))}</td>
            <td class="num">{t.seatsValue(n(cohort.seatsTaken), n(cohort.capacity))}</td>
            <td class="num">{n(c.admitted)}</td>
            <td class="num">{n(c.requested)}</td>
            <td class="num">{formatPercent(ctx.locale, c.responseRate)}</td>
            <td class="num">{formatPercent(ctx.locale, c.completionRate)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}

function AtRiskTable({ ctx, learners }: { ctx: AdminPageContext; learners: LearnerAtRisk[] }) {
  const t = ctx.m.pages.admin.dashboard;
  if (!learners.length) return <p>{t.noneAtRisk}</p>;
  return (
    <DataTable id="at-risk" caption={t.atRiskCaption} headers={[t.learner, t.organisation, t.programme, t.endsOn, t.daysLeft, t.left]}>
      {learners.map((l) => (
        <tr>
          <th scope="row">
            <a href={`/admin/cohorts/${l.cohortId}#learners`}>{l.learnerName}</a>
          </th>
          <td>{l.organisationName ?? t.noOrganisation}</td>
          <td class="mono">{l.programmeCode}</td>
          <td>{formatDay(ctx.locale, l.endsOn)}</td>
          <td class="num">{formatCount(ctx.locale, l.daysLeft)}</td>
          <td>{t.leftValue(l.modulesLeft, l.webinarsLeft)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function OrganisationsTable({ ctx, report }: { ctx: AdminPageContext; report: OrganisationReport }) {
  const t = ctx.m.pages.admin.dashboard;
  if (!report.length) return <p>{t.noEnrolments}</p>;
  const n = (v: number) => formatCount(ctx.locale, v);
  return (
    <DataTable
      id="organisations"
      caption={t.organisationsCaption}
      headers={[t.organisation, t.kind, t.admitted, t.started, t.completed, t.certified, t.responseRate, t.completionRate]}
    >
      {report.map(({ organisation, counts }) => (
        <tr>
          <th scope="row">{organisation.name ?? t.noOrganisation}</th>
          <td>{organisation.kind ? (ctx.m.pages.admin.organisationKinds[organisation.kind] ?? organisation.kind) : ''}</td>
          <td class="num">{n(counts.admitted)}</td>
          <td class="num">{n(counts.started)}</td>
          <td class="num">{n(counts.completed)}</td>
          <td class="num">{n(counts.certified)}</td>
          <td class="num">{formatPercent(ctx.locale, counts.responseRate)}</td>
          <td class="num">{formatPercent(ctx.locale, counts.completionRate)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** GET /admin: programmes, cohorts with their rates, learners at risk, results per organisation (filterable by programme). */
export function dashboardPages(pages: Hono<AppEnv>): void {
  pages.get('/', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const deps = c.get('deps');
    const [programmes, cohorts, atRisk] = await Promise.all([listProgrammes(deps), listCohorts(deps, { principal: ctx.person }), learnersAtRisk(deps)]);
    const code = programmes.some((p) => p.code === c.req.query('programme')) ? c.req.query('programme') : undefined;
    const [counts, organisations] = await Promise.all([cohortCounts(deps, cohorts.map((x) => x.id)), organisationReport(deps, { programmeCode: code })]);
    const sorted = [...cohorts].sort((a, b) => b.startsOn.localeCompare(a.startsOn));
    const t = ctx.m.pages.admin.dashboard;
    return renderPage(
      c,
      <AdminPage ctx={ctx} title={t.title}>
        <p>{t.intro}</p>
        <Section id="programmes-section" title={t.programmesTitle}>
          <ProgrammesTable ctx={ctx} programmes={programmes} cohorts={cohorts} />
        </Section>
        <Section id="cohorts-section" title={t.cohortsTitle}>
          <p><a class="button" href="/admin/cohorts/new">{ctx.m.pages.admin.cohortNew.open}</a></p>
          <CohortsTable ctx={ctx} cohorts={sorted} counts={counts} />
        </Section>
        <Section id="at-risk-section" title={t.atRiskTitle}>
          <p>{t.atRiskIntro(AT_RISK_DAYS)}</p>
          <AtRiskTable ctx={ctx} learners={atRisk} />
        </Section>
        <Section id="organisations-section" title={t.organisationsTitle}>
          <form method="get" action="/admin#organisations-section" class="inline-form">
            <SelectField
              id="programme-filter"
              name="programme"
              label={t.filterProgramme}
              value={code ?? ''}
              options={[{ value: '', label: t.allProgrammes }, ...programmes.map((p) => ({ value: p.code, label: p.code }))]}
            />
            <button type="submit" class="button button--secondary">{ctx.m.pages.admin.common.show}</button>
          </form>
          <OrganisationsTable ctx={ctx} report={organisations} />
        </Section>
      </AdminPage>,
    );
  });
}
