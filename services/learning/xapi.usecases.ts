import { randomUUID } from 'node:crypto';
import { certifyIfComplete } from '../certification/certification.usecases.ts';
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { AppError } from '../shared/errors.ts';
import { publicBaseUrl } from '../shared/urls.ts';
import { activateOnFirstProgress, PROGRESSING_STATUSES } from './enrolment-context.ts';
import { xapiErrors } from './learning.errors.ts';
import { learningRepository } from './learning.repository.ts';
import { COMPLETED_VERB, durationSeconds, mboxEmail, moduleIdFromIri, type XapiStatement } from './xapi.ts';

interface Resolved {
  statementId: string;
  enrolmentId: string;
  moduleId: string;
  secondsSpent: number;
  completedAt: Date;
}

type ErrorFactory = (typeof xapiErrors)[keyof typeof xapiErrors];

/** The error about one statement, pointing at its field (and its place in a batch) as a bad body's field errors do. */
function fail(factory: ErrorFactory, index: number | null, field: string, detail?: string): AppError {
  const path = index === null ? `body.${field}` : `body.${index}.${field}`;
  return factory(detail, { errors: [{ path, message: detail ?? 'Not accepted' }] });
}

async function learnerOf(trx: Executor, statement: XapiStatement, index: number | null) {
  const email = mboxEmail(statement.actor.mbox);
  if (!email || (statement.actor.objectType ?? 'Agent') !== 'Agent') throw fail(xapiErrors.unsupportedActor, index, 'actor', 'Give the learner as an Agent with mbox "mailto:<email>"');
  const person = await trx.selectFrom('people').select('id').where(sql`lower(email)`, '=', email).where('erased_at', 'is', null).executeTakeFirst();
  if (!person) throw fail(xapiErrors.unknownActor, index, 'actor.mbox', `No learner with the address ${email}`);
  return person;
}

/** The approved or active enrolment (locked) of the learner in a cohort that follows the module's programme version. */
async function enrolmentFor(trx: Executor, personId: string, programmeVersionId: string, index: number | null) {
  const enrolment = await trx
    .selectFrom('enrolments as e')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .select(['e.id', 'e.status'])
    .where('e.person_id', '=', personId)
    .where('c.programme_version_id', '=', programmeVersionId)
    .where('e.status', 'in', PROGRESSING_STATUSES)
    .orderBy('e.requested_at', 'desc')
    .forUpdate('e')
    .executeTakeFirst();
  if (!enrolment) throw fail(xapiErrors.noActiveEnrolment, index, 'actor', "The learner is not following this module's programme");
  return enrolment;
}

async function resolve(trx: Executor, baseUrl: string, statement: XapiStatement, index: number | null, now: Date): Promise<Resolved> {
  if (statement.verb.id !== COMPLETED_VERB) throw fail(xapiErrors.unsupportedVerb, index, 'verb.id', `Verb ${statement.verb.id} is not accepted`);
  const person = await learnerOf(trx, statement, index);
  const moduleId = moduleIdFromIri(baseUrl, statement.object.id);
  const module = moduleId && (statement.object.objectType ?? 'Activity') === 'Activity' ? await learningRepository(trx).findModule(moduleId) : undefined;
  if (!module) throw fail(xapiErrors.unknownModule, index, 'object.id', `Module IRIs look like ${baseUrl}/modules/<module id>; got ${statement.object.id}`);
  const enrolment = await enrolmentFor(trx, person.id, module.programme_version_id, index);
  const reported = statement.timestamp ? new Date(statement.timestamp) : now;
  return {
    statementId: statement.id?.toLowerCase() ?? randomUUID(),
    enrolmentId: enrolment.id,
    moduleId: module.id,
    secondsSpent: durationSeconds(statement.result?.duration),
    // A statement dated in the future is taken as happening now.
    completedAt: reported > now ? now : reported,
  };
}

/** Stores the statement id; false when it was stored before (same content), 409 when stored with other content. */
async function storeOnce(trx: Executor, clientId: string, r: Resolved, index: number | null): Promise<boolean> {
  const inserted = await trx
    .insertInto('xapi_statements')
    .values({ id: r.statementId, client_id: clientId, verb: COMPLETED_VERB, enrolment_id: r.enrolmentId, module_id: r.moduleId, seconds_spent: r.secondsSpent })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return true;
  const stored = await trx.selectFrom('xapi_statements').selectAll().where('id', '=', r.statementId).executeTakeFirstOrThrow();
  if (stored.enrolment_id !== r.enrolmentId || stored.module_id !== r.moduleId || stored.seconds_spent !== r.secondsSpent) {
    throw fail(xapiErrors.statementConflict, index, 'id', `Statement ${r.statementId} was stored with other content`);
  }
  return false;
}

/**
 * Records xAPI "completed" statements reported by an LMS (an API client with
 * the learning:report scope). A batch is all or nothing. A statement id seen
 * before counts once; a module completed before keeps its first completion and
 * time. The first progress on an approved enrolment makes it active.
 * Returns the statement ids, in order, as an LRS does.
 */
export async function recordStatements(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  input: { statements: XapiStatement | XapiStatement[]; clientId: string },
): Promise<string[]> {
  const batch = Array.isArray(input.statements) ? input.statements : [input.statements];
  const baseUrl = publicBaseUrl(deps.config);
  const actor = { kind: 'client' as const, id: input.clientId, scopes: [] };
  return deps.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const [i, statement] of batch.entries()) {
      const index = Array.isArray(input.statements) ? i : null;
      const resolved = await resolve(trx, baseUrl, statement, index, deps.clock.now());
      ids.push(resolved.statementId);
      if (!(await storeOnce(trx, input.clientId, resolved, index))) continue;
      const current = await trx.selectFrom('enrolments').select(['id', 'status']).where('id', '=', resolved.enrolmentId).executeTakeFirstOrThrow();
      await activateOnFirstProgress(trx, current, actor);
      await learningRepository(trx).complete({
        enrolmentId: resolved.enrolmentId,
        moduleId: resolved.moduleId,
        secondsSpent: resolved.secondsSpent,
        source: `lms:${input.clientId}`,
        completedAt: resolved.completedAt,
      });
      await certifyIfComplete(trx, resolved.enrolmentId, actor);
    }
    return ids;
  });
}
