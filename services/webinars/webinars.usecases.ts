import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { Principal } from '../shared/auth.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { todayInBrussels } from '../cohorts/cohort-dates.ts';
import { webinarErrors } from './webinars.errors.ts';
import { webinarsRepository } from './webinars.repository.ts';
import type { CreateSessionInput } from './webinars.schemas.ts';
import { rosterView, sessionView } from './webinars.views.ts';

type Person = Extract<Principal, { kind: 'person' }>;

const isAdmin = (p: Principal) => p.kind === 'person' && p.roles.includes('admin');

async function cohortWithRequirements(db: Executor, cohortId: string) {
  const cohort = await db
    .selectFrom('cohorts as c')
    .innerJoin('programme_versions as v', 'v.id', 'c.programme_version_id')
    .select(['c.id', 'c.starts_on', 'c.ends_on', 'v.required_webinars'])
    .where('c.id', '=', cohortId)
    .executeTakeFirst();
  if (!cohort) throw webinarErrors.cohortNotFound(`No cohort ${cohortId}`);
  return cohort;
}

async function checkFacilitator(db: Executor, personId: string): Promise<void> {
  const row = await db
    .selectFrom('people')
    .select('id')
    .where('id', '=', personId)
    .where('erased_at', 'is', null)
    .where(sql<boolean>`'facilitator' = any(roles)`)
    .executeTakeFirst();
  if (!row) throw webinarErrors.invalidFacilitator(`${personId} is not a facilitator`);
}

/** The session's date must fall within the cohort's days, and its topic among the programme's webinars. */
function checkPlacement(cohort: Awaited<ReturnType<typeof cohortWithRequirements>>, input: CreateSessionInput, now: Date): Date {
  if (input.topic > cohort.required_webinars) {
    throw webinarErrors.invalidTopic(`This cohort's programme requires ${cohort.required_webinars} webinars: topics 1 to ${cohort.required_webinars}`, {
      extensions: { requiredWebinars: cohort.required_webinars },
    });
  }
  const startsAt = new Date(input.startsAt);
  if (startsAt <= now) throw webinarErrors.startsInPast(`${input.startsAt} is not in the future`);
  const day = todayInBrussels(startsAt);
  if (day < cohort.starts_on || day > cohort.ends_on) throw webinarErrors.outsideCohortDates(`The cohort runs from ${cohort.starts_on} to ${cohort.ends_on}`);
  return startsAt;
}

/**
 * Schedules a webinar session for a cohort: a facilitator of the cohort or an
 * administrator; the session's facilitator holds the facilitator role
 * (default: the caller). Small groups: the capacity is at most 12. Audited.
 */
export async function createSession({ db, clock }: Pick<Deps, 'db' | 'clock'>, input: CreateSessionInput & { cohortId: string; actor: Person }) {
  const sessionId = await db.transaction().execute(async (trx) => {
    const cohort = await cohortWithRequirements(trx, input.cohortId);
    const repo = webinarsRepository(trx);
    if (!isAdmin(input.actor) && !(await repo.isCohortFacilitator(cohort.id, input.actor.id))) throw webinarErrors.notCohortFacilitator();
    const startsAt = checkPlacement(cohort, input, clock.now());
    const facilitatorId = input.facilitatorId ?? input.actor.id;
    await checkFacilitator(trx, facilitatorId);
    const { id } = await repo.insertSession({ ...input, startsAt, facilitatorId, joinUrl: input.joinUrl ?? null });
    await recordAudit(trx, {
      actor: input.actor,
      action: 'webinar_session.created',
      subjectType: 'webinar_session',
      subjectId: id,
      details: { cohortId: cohort.id, topic: input.topic, startsAt: startsAt.toISOString(), capacity: input.capacity, facilitatorId },
    });
    return id;
  });
  return sessionView((await webinarsRepository(db).findSession(sessionId))!);
}

/**
 * The sessions of a cohort, with seats left. Staff (admin, facilitator) see any
 * cohort's; a learner only those of a cohort they are enrolled in, each with
 * their own live booking.
 */
export async function listSessions({ db }: Pick<Deps, 'db'>, input: { cohortId: string; principal: Person }) {
  await cohortWithRequirements(db, input.cohortId);
  const repo = webinarsRepository(db);
  const sessions = await repo.sessionsOfCohort(input.cohortId);
  if (input.principal.roles.some((r) => r === 'admin' || r === 'facilitator')) return sessions.map((s) => sessionView(s));
  const enrolment = await db
    .selectFrom('enrolments')
    .select('id')
    .where('cohort_id', '=', input.cohortId)
    .where('person_id', '=', input.principal.id)
    .where('status', 'not in', ['rejected', 'withdrawn'])
    .executeTakeFirst();
  if (!enrolment) throw webinarErrors.notInCohort();
  const bookings = await repo.bookingsOfEnrolment(enrolment.id, sessions.map((s) => s.id));
  return sessions.map((s) => sessionView(s, bookings.find((b) => b.session_id === s.id) ?? null));
}

/** The session and its live bookings with learners' names: for its facilitator and administrators. */
export async function getRoster({ db }: Pick<Deps, 'db'>, input: { sessionId: string; principal: Person }) {
  const repo = webinarsRepository(db);
  const session = await repo.findSession(input.sessionId);
  if (!session) throw webinarErrors.sessionNotFound(`No session ${input.sessionId}`);
  if (!isAdmin(input.principal) && session.facilitator_id !== input.principal.id) throw webinarErrors.notSessionFacilitator();
  return rosterView(session, await repo.roster(session.id));
}

export { isAdmin, type Person };
