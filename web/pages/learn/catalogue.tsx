import type { Context } from 'hono';
import { todayInBrussels } from '../../../services/cohorts/cohort-dates.ts';
import { listCohorts } from '../../../services/cohorts/cohorts.usecases.ts';
import { listHeldCredentials } from '../../../services/credentials/wallet.usecases.ts';
import { enrolmentsRepository } from '../../../services/enrolments/enrolments.repository.ts';
import { listCatalogue } from '../../../services/programmes/programmes.usecases.ts';
import type { CatalogueEntryView } from '../../../services/programmes/programmes.views.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { formatDate, formatNumber, LANGUAGE_TAGS } from '../../i18n/index.ts';
import { FileField, Notice, Section, type FieldError } from '../components.tsx';
import { renderPage } from '../page.ts';
import { maxSizeLabel } from '../verify/presented.ts';
import { CsrfField } from '../sign-in/sign-in.views.tsx';
import { renewalsOf } from './renewals.ts';
import { LearnLayout, type LearnerContext } from './shell.tsx';

/** Enrolments that still hold the learner's place in a cohort (a new request would be refused). */
const LIVE = ['requested', 'approved', 'active', 'completed', 'certified', 'failed'];

type Cohort = Awaited<ReturnType<typeof listCohorts>>[number];

export interface CatalogueData {
  entries: Array<{ entry: CatalogueEntryView; cohorts: Cohort[]; prerequisiteHeld: boolean }>;
  enrolmentByCohort: Map<string, string>;
}

/** Published programmes in the reader's language, each with the cohorts still open to this learner. */
export async function loadCatalogue(c: Context<AppEnv>, lc: LearnerContext): Promise<CatalogueData> {
  const deps = c.get('deps');
  const today = todayInBrussels(deps.clock.now());
  const [entries, cohorts, enrolments, held, renewals] = await Promise.all([
    listCatalogue(deps, { lang: lc.ctx.locale }),
    listCohorts(deps, { principal: lc.person }),
    enrolmentsRepository(deps.db).list({ personId: lc.person.id }),
    listHeldCredentials(deps, { personId: lc.person.id }),
    renewalsOf(deps.db, lc.person.id),
  ]);
  const renewalIds = new Set(renewals.map((r) => r.id));
  const now = deps.clock.now().getTime();
  const holds = (code: string) =>
    held.some((b) => b.achievement.id?.endsWith(`/achievements/${code}`) && !b.revoked && (!b.validUntil || Date.parse(b.validUntil) > now));
  return {
    entries: entries.map((entry) => ({
      entry,
      cohorts: cohorts.filter((cohort) => cohort.programme.code === entry.code && cohort.endsOn >= today).sort((a, b) => a.startsOn.localeCompare(b.startsOn)),
      prerequisiteHeld: entry.prerequisite ? holds(entry.prerequisite.code) : true,
    })),
    enrolmentByCohort: new Map(enrolments.filter((e) => LIVE.includes(e.status) && !renewalIds.has(e.id)).map((e) => [e.cohort_id, e.id])),
  };
}

function percent(lc: LearnerContext, value: number): string {
  return new Intl.NumberFormat(LANGUAGE_TAGS[lc.ctx.locale], { style: 'percent' }).format(value / 100);
}

function CohortCard({ lc, cohort, entry, prerequisiteHeld, enrolmentId, error }: { lc: LearnerContext; cohort: Cohort; entry: CatalogueEntryView; prerequisiteHeld: boolean; enrolmentId?: string; error?: FieldError }) {
  const t = lc.ctx.m.pages.learn;
  const locale = lc.ctx.locale;
  const headingId = `cohort-${cohort.id}-title`;
  const upload = entry.prerequisite !== null && !prerequisiteHeld;
  return (
    <li class="card" id={`cohort-${cohort.id}`}>
      <h4 id={headingId}>{t.cohortDates(formatDate(locale, cohort.startsOn), formatDate(locale, cohort.endsOn))}</h4>
      <p>{cohort.seatsLeft > 0 ? t.seatsLeft(cohort.seatsLeft) : t.full}</p>
      {enrolmentId ? (
        <p>
          {t.enrolledAlready} <a href={`/learn/enrolments/${enrolmentId}`}>{t.seeEnrolment}</a>
        </p>
      ) : cohort.seatsLeft > 0 ? (
        <form method="post" action={`/learn/cohorts/${cohort.id}/enrolment`} enctype={upload ? 'multipart/form-data' : undefined} novalidate>
          <CsrfField token={lc.csrf} />
          {upload ? (
            <FileField
              id={`file-${cohort.id}`}
              name="prerequisite"
              label={t.prerequisiteFileLabel}
              hint={t.prerequisiteFileHint(maxSizeLabel())}
              accept=".json,.jwt,.jsonld,application/json,application/ld+json,application/jwt,text/plain"
              error={error?.field === `file-${cohort.id}` ? error.message : undefined}
            />
          ) : null}
          {error && error.field !== `file-${cohort.id}` ? <p class="field__error" id={`cohort-${cohort.id}-error`}>{error.message}</p> : null}
          <button type="submit" class="button" id={`enrol-${cohort.id}`} aria-describedby={`${headingId}${error && error.field !== `file-${cohort.id}` ? ` cohort-${cohort.id}-error` : ''}`}>
            {t.enrol}
          </button>
        </form>
      ) : null}
    </li>
  );
}

/** GET /learn/catalogue: programmes, what they ask, their open cohorts and the enrol buttons. */
export function CataloguePage({ lc, data, errors = [], notice }: { lc: LearnerContext; data: CatalogueData; errors?: FieldError[]; notice?: string }) {
  const t = lc.ctx.m.pages.learn;
  const locale = lc.ctx.locale;
  return (
    <LearnLayout lc={lc} title={t.catalogueTitle} section="catalogue" errors={errors} notice={notice}>
      <h1>{t.catalogueTitle}</h1>
      <p>{t.catalogueIntro}</p>
      {data.entries.map(({ entry, cohorts, prerequisiteHeld }) => (
        <Section id={`programme-${entry.code}`} title={entry.title}>
          <p>
            <span class="tag tag--info">{`${t.level}: ${t.levels[entry.level]}`}</span>
          </p>
          <p>{entry.description}</p>
          <ul class="plain-list">
            <li>{t.modulesSummary(entry.modules.length, formatNumber(locale, entry.totalModuleMinutes / 60))}</li>
            {entry.requiredWebinars > 0 ? <li>{t.webinarsSummary(entry.requiredWebinars)}</li> : null}
            {entry.fixedDurationWeeks ? <li>{t.fixedDuration(entry.fixedDurationWeeks)}</li> : null}
            <li>{t.assessmentSummary(percent(lc, entry.assessment.passMarkPercent), entry.assessment.maxAttempts)}</li>
            <li>{t.validity(formatNumber(locale, entry.validityMonths / 12))}</li>
          </ul>
          {entry.learningOutcomes.length ? (
            <details>
              <summary>{t.outcomesTitle}</summary>
              <ul class="plain-list">
                {entry.learningOutcomes.map((o) => (
                  <li>{o}</li>
                ))}
              </ul>
            </details>
          ) : null}
          {entry.prerequisite ? (
            <Notice tone="info">
              <h3>{t.prerequisiteTitle}</h3>
              <p>{t.prerequisite(entry.prerequisite.title ?? entry.prerequisite.code)}</p>
              <p>{prerequisiteHeld ? t.prerequisiteHeld : t.prerequisiteUpload}</p>
            </Notice>
          ) : null}
          <h3>{t.cohortsTitle}</h3>
          {cohorts.length === 0 ? <p>{t.noCohorts}</p> : null}
          <ul class="cards">
            {cohorts.map((cohort) => (
              <CohortCard
                lc={lc}
                cohort={cohort}
                entry={entry}
                prerequisiteHeld={prerequisiteHeld}
                enrolmentId={data.enrolmentByCohort.get(cohort.id)}
                error={errors.find((e) => e.field === `file-${cohort.id}` || e.field === `enrol-${cohort.id}`)}
              />
            ))}
          </ul>
        </Section>
      ))}
    </LearnLayout>
  );
}

export function renderCatalogue(c: Context<AppEnv>, lc: LearnerContext, data: CatalogueData, errors: FieldError[] = [], status: 200 | 400 | 403 | 404 | 409 | 413 | 422 | 429 = 200) {
  return renderPage(c, <CataloguePage lc={lc} data={data} errors={errors} />, status);
}
