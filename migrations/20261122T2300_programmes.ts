import { sql, type Kysely } from 'kysely';

/**
 * Programmes, their immutable versions (the requirements: modules, webinars,
 * duration, prerequisite, assessment settings), cohorts bound to one version,
 * and cohort facilitators. A cohort's seats are counted on its row so that
 * taking the last seat is one conditional UPDATE.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programmes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().unique().check(sql`code ~ '^[a-z0-9][a-z0-9-]{1,62}$'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('programme_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('programme_id', 'uuid', (c) => c.notNull().references('programmes.id'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','published','retired')`))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('basic','expert')`))
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('description', 'jsonb', (c) => c.notNull())
    .addColumn('fixed_duration_weeks', 'integer', (c) => c.check(sql`fixed_duration_weeks between 1 and 104`))
    .addColumn('prerequisite_programme_code', 'text', (c) => c.references('programmes.code'))
    .addColumn('validity_months', 'integer', (c) => c.notNull().check(sql`validity_months between 1 and 120`))
    .addColumn('required_webinars', 'integer', (c) => c.notNull().defaultTo(0).check(sql`required_webinars between 0 and 20`))
    .addColumn('learning_outcomes', 'jsonb', (c) => c.notNull())
    .addColumn('digcomp_alignment', 'jsonb', (c) => c.notNull())
    .addColumn('pass_mark_percent', 'integer', (c) => c.notNull().check(sql`pass_mark_percent between 1 and 100`))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().check(sql`max_attempts between 1 and 10`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addColumn('retired_at', 'timestamptz')
    .addUniqueConstraint('programme_versions_number', ['programme_id', 'version'])
    .execute();
  // One published version per programme: the one new cohorts open on.
  await sql`create unique index programme_versions_one_published on programme_versions (programme_id) where status = 'published'`.execute(db);
  // A version's content is frozen once written: only its lifecycle columns move. Cohorts point at a
  // version, so this is what keeps a running cohort's requirements from changing under it.
  await sql`
    create function programme_versions_frozen() returns trigger language plpgsql as $$
    begin
      if (to_jsonb(new) - array['status','published_at','retired_at']) is distinct from
         (to_jsonb(old) - array['status','published_at','retired_at']) then
        raise exception 'programme versions are immutable; add a new version' using errcode = '42501';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger programme_versions_no_change before update on programme_versions
    for each row execute function programme_versions_frozen()`.execute(db);

  await db.schema
    .createTable('programme_modules')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('programme_version_id', 'uuid', (c) => c.notNull().references('programme_versions.id'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 1`))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().check(sql`duration_minutes between 1 and 1440`))
    .addUniqueConstraint('programme_modules_position', ['programme_version_id', 'position'])
    .addUniqueConstraint('programme_modules_code', ['programme_version_id', 'code'])
    .execute();
  await sql`
    create function programme_modules_frozen() returns trigger language plpgsql as $$
    begin
      raise exception 'programme modules are immutable; add a new programme version' using errcode = '42501';
    end $$`.execute(db);
  await sql`
    create trigger programme_modules_no_change before update or delete on programme_modules
    for each row execute function programme_modules_frozen()`.execute(db);

  await db.schema
    .createTable('cohorts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('programme_version_id', 'uuid', (c) => c.notNull().references('programme_versions.id'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity >= 1`))
    .addColumn('seats_taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('cohorts_dates', sql`ends_on > starts_on`)
    // The last line of defence: whatever the code does, a cohort is never over capacity.
    .addCheckConstraint('cohorts_seats', sql`seats_taken between 0 and capacity`)
    .execute();
  await sql`create index cohorts_programme_version on cohorts (programme_version_id, starts_on)`.execute(db);
  await sql`create index cohorts_organisation on cohorts (organisation_id, starts_on) where organisation_id is not null`.execute(db);

  await db.schema
    .createTable('cohort_facilitators')
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addPrimaryKeyConstraint('cohort_facilitators_pkey', ['cohort_id', 'person_id'])
    .execute();
  await sql`create index cohort_facilitators_person on cohort_facilitators (person_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cohort_facilitators').execute();
  await db.schema.dropTable('cohorts').execute();
  await db.schema.dropTable('programme_modules').execute();
  await sql`drop function if exists programme_modules_frozen()`.execute(db);
  await db.schema.dropTable('programme_versions').execute();
  await sql`drop function if exists programme_versions_frozen()`.execute(db);
  await db.schema.dropTable('programmes').execute();
}
