import { sql, type Kysely } from 'kysely';

/**
 * Enrolments (one learner in one cohort) with every state change on record,
 * and certifications (the decision that a learner passed, with its evidence),
 * which the issuance worker turns into exactly one credential each.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('enrolments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('requested','approved','active','completed','certified','rejected','withdrawn','failed','lapsed')`),
    )
    .addColumn('holds_seat', 'boolean', (c) => c.notNull().defaultTo(false))
    // The prerequisite credential presented (expert level): its id and the verifier's outcome at enrolment.
    .addColumn('prerequisite', 'jsonb')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A renewal enrolment: the holder of this credential takes the renewal assessment (no cohort work).
    .addColumn('renews_credential_id', 'uuid', (c) => c.references('credentials.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One live enrolment per learner and cohort; a rejected or withdrawn one may be followed by a new request.
  await sql`create unique index enrolments_one_live on enrolments (cohort_id, person_id)
    where status not in ('rejected','withdrawn') and renews_credential_id is null`.execute(db);
  await sql`create unique index enrolments_one_renewal on enrolments (renews_credential_id)
    where status not in ('rejected','withdrawn','failed') and renews_credential_id is not null`.execute(db);
  await sql`create index enrolments_person on enrolments (person_id)`.execute(db);
  await sql`create index enrolments_cohort_status on enrolments (cohort_id, status)`.execute(db);

  await db.schema
    .createTable('enrolment_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('enrolment_id', 'uuid', (c) => c.notNull().references('enrolments.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index enrolment_events_enrolment on enrolment_events (enrolment_id, at)`.execute(db);

  await db.schema
    .createTable('certifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('enrolment_id', 'uuid', (c) => c.notNull().unique().references('enrolments.id'))
    .addColumn('score_percent', sql`numeric(5,2)`, (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('renews_credential_id', 'uuid', (c) => c.references('credentials.id'))
    .execute();
  await db.schema.alterTable('credentials').addColumn('certification_id', 'uuid', (c) => c.unique().references('certifications.id')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('credentials').dropColumn('certification_id').execute();
  await db.schema.dropTable('certifications').execute();
  await db.schema.dropTable('enrolment_events').execute();
  await db.schema.dropTable('enrolments').execute();
}
