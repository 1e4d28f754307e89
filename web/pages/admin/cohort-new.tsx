import type { Context, Hono } from 'hono';
import { createCohortBody } from '../../../services/cohorts/cohorts.schemas.ts';
import { createCohort } from '../../../services/cohorts/cohorts.usecases.ts';
import { organisationsRepository } from '../../../services/identity/identity.repository.ts';
import { listProgrammes } from '../../../services/programmes/programmes.usecases.ts';
import { reportsRepository } from '../../../services/reports/reports.repository.ts';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { CheckboxGroupField, type FieldError } from '../components.tsx';
import { renderPage } from '../page.ts';
import { ADMIN, AdminPage, appErrorMessage, consoleAccess, CsrfField, formText, InputField, SelectField, trustedForm, type AdminPageContext } from './frame.tsx';

type CohortForm = Record<'programme' | 'startsOn' | 'endsOn' | 'capacity' | 'organisation', string> & { facilitators: string[] };

interface Choices {
  programmes: Array<{ code: string; title: string }>;
  organisations: Array<{ id: string; name: string }>;
  facilitators: Array<{ id: string; display_name: string }>;
}

const FIELD_IDS: Record<keyof CohortForm, string> = {
  programme: 'cohort-programme', startsOn: 'cohort-starts-on', endsOn: 'cohort-ends-on', capacity: 'cohort-capacity', organisation: 'cohort-organisation', facilitators: 'cohort-facilitators',
};

/** Which field a domain error of createCohort is about. */
const COHORT_ERROR_FIELDS: Record<string, keyof CohortForm> = {
  'cohorts.programme_not_found': 'programme',
  'cohorts.programme_version_not_published': 'programme',
  'cohorts.ends_on_required': 'endsOn',
  'cohorts.ends_on_mismatch': 'endsOn',
  'cohorts.ends_on_not_after_start': 'endsOn',
  'cohorts.organisation_not_found': 'organisation',
  'cohorts.invalid_facilitators': 'facilitators',
};

async function loadChoices(c: Context<AppEnv>, ctx: AdminPageContext): Promise<Choices> {
  const deps = c.get('deps');
  const [programmes, organisations, facilitators] = await Promise.all([listProgrammes(deps), organisationsRepository(deps.db).list(), reportsRepository(deps.db).facilitators()]);
  return {
    programmes: programmes.flatMap((p) => (p.published ? [{ code: p.code, title: p.published.title[ctx.locale] }] : [])),
    organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
    facilitators,
  };
}

function NewCohortPage({ ctx, choices, values, errors }: { ctx: AdminPageContext; choices: Choices; values: CohortForm; errors: Partial<Record<keyof CohortForm, string>> }) {
  const t = ctx.m.pages.admin.cohortNew;
  const summary: FieldError[] = Object.entries(errors).map(([name, message]) => ({ field: FIELD_IDS[name as keyof CohortForm], message: message! }));
  return (
    <AdminPage ctx={ctx} title={t.title} errors={summary}>
      <p>{t.intro}</p>
      {choices.programmes.length === 0 ? (
        <p>{t.noProgramme}</p>
      ) : (
        <form method="post" action="/admin/cohorts/new" novalidate>
          <CsrfField ctx={ctx} />
          <SelectField id={FIELD_IDS.programme} name="programme" label={t.programmeLabel} hint={t.programmeHint} value={values.programme} error={errors.programme}
            options={choices.programmes.map((p) => ({ value: p.code, label: `${p.code}: ${p.title}` }))} />
          <InputField id={FIELD_IDS.startsOn} name="startsOn" type="date" size="short" label={t.startsOnLabel} value={values.startsOn} error={errors.startsOn} />
          <InputField id={FIELD_IDS.endsOn} name="endsOn" type="date" size="short" label={t.endsOnLabel} hint={t.endsOnHint} value={values.endsOn} error={errors.endsOn} />
          <InputField id={FIELD_IDS.capacity} name="capacity" type="number" min={1} max={10_000} size="short" label={t.capacityLabel} value={values.capacity} error={errors.capacity} />
          <SelectField id={FIELD_IDS.organisation} name="organisation" label={t.organisationLabel} value={values.organisation} error={errors.organisation}
            options={[{ value: '', label: t.everyone }, ...choices.organisations.map((o) => ({ value: o.id, label: o.name }))]} />
          <CheckboxGroupField id={FIELD_IDS.facilitators} name="facilitators" label={t.facilitatorsLegend} hint={t.facilitatorsHint} error={errors.facilitators}
            options={choices.facilitators.map((f) => ({ value: f.id, label: f.display_name }))} checked={values.facilitators} empty={t.noFacilitators} />
          <button type="submit" class="button">{t.create}</button>
        </form>
      )}
    </AdminPage>
  );
}

/** Reads and checks the form against the API's own schema; the errors name the fields in the reader's language. */
function readCohortForm(ctx: AdminPageContext, body: Record<string, unknown>) {
  const t = ctx.m.pages.admin.cohortNew.invalid;
  const facilitators = ([] as unknown[]).concat(body.facilitators ?? []).filter((v): v is string => typeof v === 'string');
  const values: CohortForm = {
    programme: formText(body, 'programme'), startsOn: formText(body, 'startsOn'), endsOn: formText(body, 'endsOn'),
    capacity: formText(body, 'capacity'), organisation: formText(body, 'organisation'), facilitators,
  };
  const parsed = createCohortBody.safeParse({
    programmeCode: values.programme,
    startsOn: values.startsOn,
    ...(values.endsOn ? { endsOn: values.endsOn } : {}),
    capacity: /^\d+$/.test(values.capacity) ? Number(values.capacity) : Number.NaN,
    organisationId: values.organisation || null,
    facilitatorIds: facilitators,
  });
  if (parsed.success) return { values, errors: {}, input: parsed.data };
  const fields: Record<string, keyof CohortForm> = { programmeCode: 'programme', startsOn: 'startsOn', endsOn: 'endsOn', capacity: 'capacity', organisationId: 'organisation', facilitatorIds: 'facilitators' };
  const errors: Partial<Record<keyof CohortForm, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = fields[String(issue.path[0])] ?? 'programme';
    errors[field] ??= t[field];
  }
  return { values, errors };
}

/** GET/POST /admin/cohorts/new: an administrator opens a cohort of a published programme. */
export function newCohortPages(pages: Hono<AppEnv>): void {
  pages.get('/cohorts/new', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const choices = await loadChoices(c, ctx);
    const values: CohortForm = { programme: choices.programmes[0]?.code ?? '', startsOn: '', endsOn: '', capacity: '20', organisation: '', facilitators: [] };
    return renderPage(c, <NewCohortPage ctx={ctx} choices={choices} values={values} errors={{}} />);
  });

  pages.post('/cohorts/new', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const body = await trustedForm(c, ctx);
    if (body instanceof Response) return body;
    const form = readCohortForm(ctx, body);
    const again = async (errors: Partial<Record<keyof CohortForm, string>>, status: 409 | 422) =>
      renderPage(c, <NewCohortPage ctx={ctx} choices={await loadChoices(c, ctx)} values={form.values} errors={errors} />, status);
    if (!form.input) return again(form.errors, 422);
    let cohortId: string;
    try {
      cohortId = (await createCohort(c.get('deps'), { ...form.input, actor: ctx.person })).id;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return again({ [COHORT_ERROR_FIELDS[error.code] ?? 'programme']: appErrorMessage(ctx, error).message }, error.status === 409 ? 409 : 422);
    }
    return c.redirect(`/admin/cohorts/${cohortId}?created=1`, 303);
  });
}
