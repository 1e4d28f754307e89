import type { Deps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { Principal } from '../shared/auth.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import { programmesRepository } from '../programmes/programmes.repository.ts';
import { findPublishedVersion } from '../programmes/programmes.usecases.ts';
import { addDays, todayInBrussels } from './cohort-dates.ts';
import { cohortErrors } from './cohorts.errors.ts';
import { cohortsRepository, type CohortFilters } from './cohorts.repository.ts';
import type { CreateCohortInput } from './cohorts.schemas.ts';
import { cohortView, requirementsView, type CohortRequirements } from './cohorts.views.ts';

type CohortsRepo = ReturnType<typeof cohortsRepository>;

/** The published version a new cohort binds to, share-locked so a concurrent publish cannot retire it first. */
async function resolveVersion(trx: Executor, input: Pick<CreateCohortInput, 'programmeCode' | 'programmeVersionId'>) {
  const programmes = programmesRepository(trx);
  let version;
  if (input.programmeCode !== undefined) {
    version = await findPublishedVersion(trx, input.programmeCode);
    if (!version && !(await programmes.findProgramme(input.programmeCode))) throw cohortErrors.programmeNotFound(`No programme "${input.programmeCode}"`);
    if (!version) throw cohortErrors.programmeNotPublished(`"${input.programmeCode}" has no published version`);
  } else {
    version = await programmes.findVersionById(input.programmeVersionId!);
    if (!version) throw cohortErrors.programmeNotFound(`No programme version ${input.programmeVersionId}`);
  }
  const locked = await cohortsRepository(trx).lockVersionForCohort(version.id);
  if (locked?.status !== 'published') throw cohortErrors.programmeNotPublished(`Version ${version.version} of "${version.code}" is ${locked?.status ?? 'gone'}`);
  return version;
}

/** A fixed-duration programme sets the end date; any other needs one given, after the start. */
export function resolveEndsOn(fixedDurationWeeks: number | null, startsOn: string, endsOn: string | undefined): string {
  if (fixedDurationWeeks !== null) {
    const computed = addDays(startsOn, fixedDurationWeeks * 7);
    if (endsOn !== undefined && endsOn !== computed) {
      throw cohortErrors.endsOnMismatch(`This programme lasts ${fixedDurationWeeks} weeks: a cohort starting ${startsOn} ends ${computed}`, { extensions: { expectedEndsOn: computed } });
    }
    return computed;
  }
  if (endsOn === undefined) throw cohortErrors.endsOnRequired();
  if (endsOn <= startsOn) throw cohortErrors.endsOnNotAfterStart(`${endsOn} is not after ${startsOn}`);
  return endsOn;
}

async function checkFacilitators(repo: CohortsRepo, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const valid = new Set(await repo.facilitatorIdsAmong(unique));
  const invalid = unique.filter((id) => !valid.has(id));
  if (invalid.length) throw cohortErrors.invalidFacilitators(`Not facilitators: ${invalid.join(', ')}`, { extensions: { invalidIds: invalid } });
  return unique;
}

/** Staff see every cohort; anyone else sees cohorts open to all and those of their own organisation. */
function visibility(principal: Principal): CohortFilters['visibleTo'] {
  if (principal.kind === 'person' && principal.roles.some((r) => r === 'admin' || r === 'facilitator' || r === 'assessor')) return undefined;
  return { organisationId: principal.kind === 'person' ? principal.organisationId : null };
}

async function loadDetail(db: Executor, cohortId: string, principal: Principal | null) {
  const repo = cohortsRepository(db);
  const row = await repo.find(cohortId);
  const visibleTo = principal ? visibility(principal) : undefined;
  if (!row || (visibleTo && row.organisation_id !== null && row.organisation_id !== visibleTo.organisationId)) {
    throw cohortErrors.notFound(`No cohort ${cohortId}`);
  }
  return { ...cohortView(row, await repo.facilitatorsOf([row.id])), requirements: await getCohortRequirements(db, row.id) };
}

/**
 * Opens a cohort of a programme's published version. Expert-style programmes
 * with a fixed duration get their end date computed; facilitators must hold
 * the facilitator role. Audited.
 */
export async function createCohort({ db }: Pick<Deps, 'db'>, input: CreateCohortInput & { actor: Actor }) {
  const cohortId = await db.transaction().execute(async (trx) => {
    const repo = cohortsRepository(trx);
    const version = await resolveVersion(trx, input);
    const endsOn = resolveEndsOn(version.fixed_duration_weeks, input.startsOn, input.endsOn);
    const organisationId = input.organisationId ?? null;
    if (organisationId && !(await repo.organisationExists(organisationId))) throw cohortErrors.organisationNotFound(`No organisation ${organisationId}`);
    const facilitatorIds = await checkFacilitators(repo, input.facilitatorIds);
    const { id } = await repo.insert({ programmeVersionId: version.id, startsOn: input.startsOn, endsOn, capacity: input.capacity, organisationId });
    await repo.replaceFacilitators(id, facilitatorIds);
    await recordAudit(trx, {
      actor: input.actor,
      action: 'cohort.created',
      subjectType: 'cohort',
      subjectId: id,
      details: { programme: version.code, version: version.version, startsOn: input.startsOn, endsOn, capacity: input.capacity, organisationId, facilitatorIds },
    });
    return id;
  });
  return loadDetail(db, cohortId, null);
}

/** One cohort with seats, facilitators and requirements; 404 when it does not exist or is not visible to the caller. */
export async function getCohort({ db }: Pick<Deps, 'db'>, input: { cohortId: string; principal: Principal }) {
  return loadDetail(db, input.cohortId, input.principal);
}

/** Cohorts by programme, organisation, and whether they start today or later (Brussels time). */
export async function listCohorts(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  input: { programmeCode?: string; organisationId?: string; upcoming?: boolean; principal: Principal },
) {
  const repo = cohortsRepository(db);
  const rows = await repo.list({
    programmeCode: input.programmeCode,
    organisationId: input.organisationId,
    startsOnOrAfter: input.upcoming ? todayInBrussels(clock.now()) : undefined,
    visibleTo: visibility(input.principal),
  });
  const facilitators = await repo.facilitatorsOf(rows.map((r) => r.id));
  return rows.map((r) => cohortView(r, facilitators));
}

/**
 * Changes a cohort's capacity and/or facilitators. The row is locked first, so
 * no seat can be taken between the check and the change: the capacity never
 * drops below the seats taken (409). Audited.
 */
export async function updateCohort(
  { db }: Pick<Deps, 'db'>,
  input: { cohortId: string; capacity?: number; facilitatorIds?: string[]; actor: Actor },
) {
  await db.transaction().execute(async (trx) => {
    const repo = cohortsRepository(trx);
    const current = await repo.lock(input.cohortId);
    if (!current) throw cohortErrors.notFound(`No cohort ${input.cohortId}`);
    const details: Record<string, unknown> = {};
    if (input.capacity !== undefined) {
      if (input.capacity < current.seats_taken) {
        throw cohortErrors.capacityBelowSeatsTaken(`${current.seats_taken} seats are taken`, { extensions: { seatsTaken: current.seats_taken } });
      }
      await repo.setCapacity(input.cohortId, input.capacity);
      details.capacity = { from: current.capacity, to: input.capacity };
    }
    if (input.facilitatorIds !== undefined) {
      details.facilitatorIds = await checkFacilitators(repo, input.facilitatorIds);
      await repo.replaceFacilitators(input.cohortId, details.facilitatorIds as string[]);
    }
    await recordAudit(trx, { actor: input.actor, action: 'cohort.updated', subjectType: 'cohort', subjectId: input.cohortId, details });
  });
  return loadDetail(db, input.cohortId, null);
}

/**
 * What a learner of this cohort must do to be certified: the modules,
 * webinars, prerequisite and assessment settings of the programme version the
 * cohort was opened on. Later versions of the programme never change it.
 */
export async function getCohortRequirements(db: Executor, cohortId: string): Promise<CohortRequirements> {
  const cohort = await cohortsRepository(db).find(cohortId);
  if (!cohort) throw cohortErrors.notFound(`No cohort ${cohortId}`);
  const programmes = programmesRepository(db);
  const version = (await programmes.findVersionById(cohort.programme_version_id))!;
  return requirementsView(version, await programmes.modulesOf([version.id]));
}
