import { sql, type Kysely } from 'kysely';

/**
 * Assessments (one per programme version and kind: the certifying test and the
 * renewal test), their question bank, learners' attempts and assessors' marks
 * on open answers. An attempt moves started -> submitted -> (awaiting_assessor
 * ->) marked, each move one conditional UPDATE, so it is never marked twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('assessments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('programme_version_id', 'uuid', (c) => c.notNull().references('programme_versions.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('certification','renewal')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','published')`))
    .addColumn('pass_mark_percent', 'integer', (c) => c.notNull().check(sql`pass_mark_percent between 1 and 100`))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().check(sql`max_attempts between 1 and 10`))
    // null: every question of the bank; otherwise each attempt draws this many at random.
    .addColumn('questions_per_attempt', 'integer', (c) => c.check(sql`questions_per_attempt between 1 and 200`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addUniqueConstraint('assessments_one_per_kind', ['programme_version_id', 'kind'])
    .execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('assessment_id', 'uuid', (c) => c.notNull().references('assessments.id'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 1`))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('single','multiple','open')`))
    .addColumn('prompt', 'jsonb', (c) => c.notNull())
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // The answer key: option ids. Never leaves the service except to admins.
    .addColumn('correct_option_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('points', 'integer', (c) => c.notNull().check(sql`points between 1 and 100`))
    .addUniqueConstraint('questions_position', ['assessment_id', 'position'])
    .execute();
  // Attempts refer to questions: once an assessment is published its bank is frozen, whatever the code does.
  await sql`
    create function questions_frozen() returns trigger language plpgsql as $$
    declare
      target uuid := case when tg_op = 'DELETE' then old.assessment_id else new.assessment_id end;
    begin
      if exists (select 1 from assessments a where a.id = target and a.status <> 'draft')
         or (tg_op = 'UPDATE' and exists (select 1 from assessments a where a.id = old.assessment_id and a.status <> 'draft')) then
        raise exception 'questions of a published assessment are immutable' using errcode = '42501';
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger questions_no_change before insert or update or delete on questions
    for each row execute function questions_frozen()`.execute(db);

  await db.schema
    .createTable('attempts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('enrolment_id', 'uuid', (c) => c.notNull().references('enrolments.id'))
    .addColumn('assessment_id', 'uuid', (c) => c.notNull().references('assessments.id'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number between 1 and 10`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('started').check(sql`status in ('started','submitted','awaiting_assessor','marked')`))
    // The questions drawn for this attempt, in the order shown.
    .addColumn('question_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('answers', 'jsonb')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('score_points', 'integer')
    .addColumn('max_points', 'integer')
    .addColumn('score_percent', sql`numeric(5,2)`)
    .addColumn('passed', 'boolean')
    .addColumn('marked_at', 'timestamptz')
    .addColumn('marked_by', 'uuid', (c) => c.references('people.id'))
    .addUniqueConstraint('attempts_number', ['enrolment_id', 'assessment_id', 'number'])
    .addCheckConstraint('attempts_submitted', sql`(status = 'started') = (submitted_at is null)`)
    .addCheckConstraint('attempts_marked', sql`(status = 'marked') = (passed is not null and score_percent is not null and marked_at is not null)`)
    .execute();
  // At most one open attempt per learner and assessment, even if two starts race.
  await sql`create unique index attempts_one_open on attempts (enrolment_id, assessment_id) where status = 'started'`.execute(db);
  await sql`create index attempts_awaiting_assessor on attempts (submitted_at) where status = 'awaiting_assessor'`.execute(db);

  await db.schema
    .createTable('open_answer_marks')
    .addColumn('attempt_id', 'uuid', (c) => c.notNull().references('attempts.id'))
    .addColumn('question_id', 'uuid', (c) => c.notNull().references('questions.id'))
    .addColumn('points', 'integer', (c) => c.notNull().check(sql`points >= 0`))
    .addColumn('assessor_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('comment', 'text')
    .addColumn('marked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('open_answer_marks_pkey', ['attempt_id', 'question_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('open_answer_marks').execute();
  await db.schema.dropTable('attempts').execute();
  await db.schema.dropTable('questions').execute();
  await sql`drop function if exists questions_frozen()`.execute(db);
  await db.schema.dropTable('assessments').execute();
}
