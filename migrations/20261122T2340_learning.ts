import { sql, type Kysely } from 'kysely';

/**
 * Learning: module progress per enrolment (from the learner's client or an
 * LMS over xAPI, whose statement ids are kept so a statement counts once),
 * webinar sessions of a cohort (small groups, one topic each) and their
 * bookings, with attendance and the reminder sent once per booking.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('module_progress')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('enrolment_id', 'uuid', (c) => c.notNull().references('enrolments.id'))
    .addColumn('module_id', 'uuid', (c) => c.notNull().references('programme_modules.id'))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .addColumn('seconds_spent', 'integer', (c) => c.notNull().defaultTo(0).check(sql`seconds_spent between 0 and 604800`))
    // 'learner' (the learner's own client) or 'lms:<api client id>' (an xAPI statement).
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source = 'learner' or source like 'lms:%'`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('module_progress_once', ['enrolment_id', 'module_id'])
    .addCheckConstraint('module_progress_order', sql`completed_at is null or completed_at >= started_at`)
    .execute();

  await db.schema
    .createTable('xapi_statements')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_clients.id'))
    .addColumn('verb', 'text', (c) => c.notNull())
    .addColumn('enrolment_id', 'uuid', (c) => c.notNull().references('enrolments.id'))
    .addColumn('module_id', 'uuid', (c) => c.notNull().references('programme_modules.id'))
    .addColumn('seconds_spent', 'integer', (c) => c.notNull())
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('webinar_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id'))
    // Which of the programme's required webinars this session gives: 3 distinct topics = 3 webinars.
    .addColumn('topic', 'integer', (c) => c.notNull().check(sql`topic between 1 and 20`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 200`))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('fr','nl','de','en')`))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().check(sql`duration_minutes between 15 and 480`))
    // Small groups: the last line of defence, whatever the code does.
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity between 1 and 12`))
    .addColumn('seats_taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('facilitator_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('join_url', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('webinar_sessions_seats', sql`seats_taken between 0 and capacity`)
    .execute();
  await sql`create index webinar_sessions_cohort on webinar_sessions (cohort_id, starts_at)`.execute(db);
  await sql`create index webinar_sessions_starts_at on webinar_sessions (starts_at)`.execute(db);

  await db.schema
    .createTable('webinar_bookings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('webinar_sessions.id'))
    .addColumn('enrolment_id', 'uuid', (c) => c.notNull().references('enrolments.id'))
    .addColumn('booked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('attended', 'boolean')
    .addColumn('attendance_recorded_at', 'timestamptz')
    .addColumn('attendance_recorded_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('reminder_queued_at', 'timestamptz')
    .addCheckConstraint('webinar_bookings_attendance_live', sql`cancelled_at is null or attended is null`)
    .execute();
  // One live booking per enrolment and session; a cancelled one may be followed by a new booking.
  await sql`create unique index webinar_bookings_one_live on webinar_bookings (session_id, enrolment_id) where cancelled_at is null`.execute(db);
  await sql`create index webinar_bookings_enrolment on webinar_bookings (enrolment_id)`.execute(db);
  await sql`create index webinar_bookings_reminder_due on webinar_bookings (session_id) where cancelled_at is null and reminder_queued_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webinar_bookings').execute();
  await db.schema.dropTable('webinar_sessions').execute();
  await db.schema.dropTable('xapi_statements').execute();
  await db.schema.dropTable('module_progress').execute();
}
