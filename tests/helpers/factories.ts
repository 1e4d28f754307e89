/**
 * Factories: each builds one row with sensible defaults and builds the parents
 * it needs when they are not given (`buildCohort` makes a published programme).
 * They write through Kysely or the module's own repository, never through HTTP.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../services/db/database.ts';
import type { Locale, Role } from '../../services/db/schema/foundation.ts';
import type { ProgrammeVersionStatus } from '../../services/db/schema/programmes.ts';
import { programmesRepository } from '../../services/programmes/programmes.repository.ts';
import type { ProgrammeVersionInput } from '../../services/programmes/programmes.schemas.ts';
import { signAccessToken, type Principal } from '../../services/shared/auth.ts';
import { testSecrets } from './deps.ts';

/** A short unique suffix, so factories can run many times in one database. */
export function unique(): string {
  return randomBytes(4).toString('hex');
}

export async function buildOrganisation(db: Db, overrides: { name?: string; kind?: 'municipality' | 'federal_service' | 'regional_service' | 'other' } = {}) {
  return db
    .insertInto('organisations')
    .values({ name: overrides.name ?? `Commune ${unique()}`, kind: overrides.kind ?? 'municipality' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildPerson(
  db: Db,
  overrides: { email?: string; displayName?: string; roles?: Role[]; organisationId?: string | null; managerId?: string | null; locale?: Locale } = {},
) {
  const suffix = unique();
  return db
    .insertInto('people')
    .values({
      email: overrides.email ?? `agent-${suffix}@example.be`,
      display_name: overrides.displayName ?? `Agent ${suffix}`,
      roles: overrides.roles ?? ['learner'],
      organisation_id: overrides.organisationId ?? null,
      manager_id: overrides.managerId ?? null,
      locale: overrides.locale,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const text = (label: string) => ({ fr: `${label} (fr)`, nl: `${label} (nl)`, de: `${label} (de)`, en: `${label} (en)` });

/** A valid version body for the admin API and for `buildProgramme`: a basic programme of `modules` × 2 h. */
export function programmeVersionInput(overrides: Partial<ProgrammeVersionInput> & { moduleCount?: number } = {}): ProgrammeVersionInput {
  const { moduleCount = 3, ...rest } = overrides;
  return {
    level: 'basic',
    title: text('Programme'),
    description: text('Description'),
    modules: Array.from({ length: moduleCount }, (_, i) => ({ code: `M${i + 1}`, title: text(`Module ${i + 1}`), durationMinutes: 120 })),
    requiredWebinars: 0,
    fixedDurationWeeks: null,
    prerequisiteProgrammeCode: null,
    validityMonths: 36,
    learningOutcomes: [text('Outcome')],
    digcompAlignment: [{ competence: '5.2', proficiencyLevel: 4 }],
    assessment: { passMarkPercent: 70, maxAttempts: 3 },
    ...rest,
  };
}

/** A programme with one version (published unless told otherwise). */
export async function buildProgramme(
  db: Db,
  overrides: { code?: string; status?: ProgrammeVersionStatus; version?: Partial<ProgrammeVersionInput> & { moduleCount?: number } } = {},
) {
  const repo = programmesRepository(db);
  const programme = await repo.insertProgramme(overrides.code ?? `programme-${unique()}`);
  const version = await repo.insertVersion(programme.id, 1, programmeVersionInput(overrides.version), overrides.status ?? 'published', new Date());
  return { programme, version };
}

/** A cohort; builds a published programme when no version is given. Dates default to a 30-day run from today. */
export async function buildCohort(
  db: Db,
  overrides: {
    programmeVersionId?: string;
    startsOn?: string;
    endsOn?: string;
    capacity?: number;
    seatsTaken?: number;
    organisationId?: string | null;
    facilitatorIds?: string[];
  } = {},
) {
  const programmeVersionId = overrides.programmeVersionId ?? (await buildProgramme(db)).version.id;
  const startsOn = overrides.startsOn ?? new Date().toISOString().slice(0, 10);
  const endsOn = overrides.endsOn ?? new Date(Date.parse(`${startsOn}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const cohort = await db
    .insertInto('cohorts')
    .values({
      programme_version_id: programmeVersionId,
      starts_on: startsOn,
      ends_on: endsOn,
      capacity: overrides.capacity ?? 20,
      seats_taken: overrides.seatsTaken ?? 0,
      organisation_id: overrides.organisationId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (overrides.facilitatorIds?.length) {
    await db.insertInto('cohort_facilitators').values(overrides.facilitatorIds.map((person_id) => ({ cohort_id: cohort.id, person_id }))).execute();
  }
  return cohort;
}

/** `Authorization` header of a session for a person (built, or just roles for a throwaway principal). */
export async function sessionHeaders(
  who: { id: string; roles: Role[]; organisation_id?: string | null } | Role[],
): Promise<Record<string, string>> {
  const principal: Principal = Array.isArray(who)
    ? { kind: 'person', id: crypto.randomUUID(), roles: who, organisationId: null }
    : { kind: 'person', id: who.id, roles: who.roles, organisationId: who.organisation_id ?? null };
  const token = await signAccessToken(testSecrets.sessionKey, principal, { ttlSeconds: 600, now: new Date() });
  return { authorization: `Bearer ${token}` };
}

/**
 * An enrolment row (approved unless told otherwise), written directly: the
 * enrolment use cases have their own tests. Builds the cohort and the learner when not given.
 */
export async function buildEnrolment(
  db: Db,
  overrides: { cohortId?: string; personId?: string; status?: import('../../services/db/schema/enrolments.ts').EnrolmentStatus; holdsSeat?: boolean } = {},
) {
  const cohortId = overrides.cohortId ?? (await buildCohort(db)).id;
  const personId = overrides.personId ?? (await buildPerson(db)).id;
  return db
    .insertInto('enrolments')
    .values({ cohort_id: cohortId, person_id: personId, status: overrides.status ?? 'approved', holds_seat: overrides.holdsSeat ?? false })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Learners whose enrolments were just decided certified: completed, a certification (score
 * 80 + i, one module of evidence), no credential yet: what issuance starts from.
 */
export async function buildCertifiedLearners(db: Db, cohortId: string, n: number, overrides: { displayName?: string } = {}) {
  const learners = [];
  for (let i = 0; i < n; i++) {
    const person = await buildPerson(db, { displayName: overrides.displayName, locale: (['fr', 'nl', 'de', 'en'] as const)[i % 4] });
    const enrolment = await buildEnrolment(db, { cohortId, personId: person.id, status: 'completed' });
    const certification = await db
      .insertInto('certifications')
      .values({ enrolment_id: enrolment.id, score_percent: 80 + i, evidence: JSON.stringify({ modules: [{ code: 'M1', completedAt: new Date().toISOString() }], webinars: [], attemptId: randomUUID() }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    learners.push({ person, enrolment, certificationId: certification.id });
  }
  return learners;
}

/** A webinar session of a cohort, written directly (so it may start in the past); builds its facilitator when not given. */
export async function buildWebinarSession(
  db: Db,
  overrides: { cohortId: string; facilitatorId?: string; topic?: number; title?: string; startsAt?: Date; durationMinutes?: number; capacity?: number; joinUrl?: string | null },
) {
  const facilitatorId = overrides.facilitatorId ?? (await buildPerson(db, { roles: ['facilitator'] })).id;
  return db
    .insertInto('webinar_sessions')
    .values({
      cohort_id: overrides.cohortId,
      topic: overrides.topic ?? 1,
      title: overrides.title ?? `Webinar ${unique()}`,
      language: 'fr',
      starts_at: overrides.startsAt ?? new Date(Date.now() + 3 * 86_400_000),
      duration_minutes: overrides.durationMinutes ?? 90,
      capacity: overrides.capacity ?? 8,
      facilitator_id: facilitatorId,
      join_url: overrides.joinUrl ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
