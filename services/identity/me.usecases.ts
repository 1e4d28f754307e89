import { sql } from 'kysely';
import { recordAudit } from '../audit/audit.repository.ts';
import type { Executor } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { identityErrors } from './identity.errors.ts';
import { organisationsRepository, peopleRepository, signInTokensRepository } from './identity.repository.ts';
import { organisationView, personView } from './identity.views.ts';

/** The signed-in person as stored now (roles may have changed since the session began). */
export async function getMe({ db }: Pick<Deps, 'db'>, input: { personId: string }) {
  const person = await peopleRepository(db).findById(input.personId);
  if (!person || person.erased_at) throw identityErrors.personGone();
  return personView(person);
}

async function emailsOf(db: Executor, personId: string) {
  return db
    .selectFrom('emails')
    .select(['id', 'template', 'locale', 'to_address', 'data', 'status', 'created_at', 'sent_at'])
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .execute();
}

async function credentialsOf(db: Executor, personId: string) {
  return db
    .selectFrom('credentials')
    .select(['id', 'vc_id', 'issued_at', 'valid_from', 'valid_until', 'shared'])
    .where('holder_person_id', '=', personId)
    .orderBy('issued_at')
    .execute();
}

async function auditAbout(db: Executor, personId: string) {
  return db
    .selectFrom('audit_events')
    .select(['at', 'actor_kind', 'action', 'subject_type', 'subject_id', 'details'])
    .where((eb) => eb.or([eb.and([eb('subject_type', '=', 'person'), eb('subject_id', '=', personId)]), eb.and([eb('actor_kind', '=', 'person'), eb('actor_id', '=', personId)])]))
    .orderBy('at')
    .execute();
}

/**
 * Everything Brevet holds about the signed-in person, as one JSON document
 * (GDPR access and portability): profile, organisation, sign-in history,
 * emails sent, credentials held and the audit entries about or by them.
 */
export async function exportMyData({ db }: Pick<Deps, 'db'>, input: { personId: string }) {
  const person = await peopleRepository(db).findById(input.personId);
  if (!person || person.erased_at) throw identityErrors.personGone();
  const organisation = person.organisation_id ? await organisationsRepository(db).findById(person.organisation_id) : undefined;
  const [signIns, emails, credentials, audit, learning] = await Promise.all([
    signInTokensRepository(db).listForPerson(person.id),
    emailsOf(db, person.id),
    credentialsOf(db, person.id),
    auditAbout(db, person.id),
    learningOf(db, person.id),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    person: personView(person),
    organisation: organisation ? organisationView(organisation) : null,
    signIns,
    emails,
    credentials,
    audit,
    ...learning,
  };
}

/** Enrolments with their history, module progress, webinar bookings and assessment attempts. */
async function learningOf(db: Pick<Deps, 'db'>['db'], personId: string) {
  const enrolments = await db.selectFrom('enrolments').selectAll().where('person_id', '=', personId).orderBy('requested_at').execute();
  const ids = enrolments.map((e) => e.id);
  if (ids.length === 0) return { enrolments: [], enrolmentEvents: [], moduleProgress: [], webinarBookings: [], attempts: [] };
  const [enrolmentEvents, moduleProgress, webinarBookings, attempts] = await Promise.all([
    db.selectFrom('enrolment_events').select(['enrolment_id', 'from_status', 'to_status', 'reason', 'at']).where('enrolment_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('module_progress').selectAll().where('enrolment_id', 'in', ids).execute(),
    db.selectFrom('webinar_bookings').selectAll().where('enrolment_id', 'in', ids).execute(),
    db.selectFrom('attempts').select(['id', 'enrolment_id', 'number', 'status', 'started_at', 'submitted_at', 'answers', 'score_percent', 'passed', 'marked_at']).where('enrolment_id', 'in', ids).execute(),
  ]);
  return { enrolments, enrolmentEvents, moduleProgress, webinarBookings, attempts };
}

/**
 * Erases the signed-in person: their address and name become placeholders,
 * sign-in links and the personal content of their emails are removed, and
 * unsent emails are cancelled. Issued credentials stay verifiable: they carry
 * only a salted hash of the address, never the name.
 */
export async function eraseMe({ db }: Pick<Deps, 'db'>, input: { personId: string }) {
  await db.transaction().execute(async (trx) => {
    const person = await peopleRepository(trx).findById(input.personId);
    if (!person || person.erased_at) throw identityErrors.personGone();
    await peopleRepository(trx).erase(person.id);
    await signInTokensRepository(trx).deleteForPerson(person.id);
    await trx.updateTable('people').set({ manager_id: null }).where('manager_id', '=', person.id).execute();
    await trx
      .updateTable('emails')
      .set({
        to_address: 'erased@erased.invalid',
        data: '{}',
        sealed_data: null,
        status: sql`case when status = 'sent' then 'sent' else 'failed' end`,
        last_error: sql`case when status = 'sent' then last_error else 'recipient erased' end`,
      })
      .where('person_id', '=', person.id)
      .execute();
    await recordAudit(trx, { actor: { kind: 'person', id: person.id, roles: person.roles, organisationId: person.organisation_id }, action: 'person.erased', subjectType: 'person', subjectId: person.id });
  });
}
