import { sql, type Kysely } from 'kysely';

/**
 * Passwordless sign-in: one-time tokens sent by email. Only a sha256 of each
 * token is stored; a token is spent by setting used_at in the statement that
 * checks it, so it works once even under concurrent exchanges.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index sign_in_tokens_person on sign_in_tokens (person_id, created_at)`.execute(db);
  // Managers list the people of their organisation.
  await sql`create index people_organisation on people (organisation_id) where organisation_id is not null`.execute(db);
  await sql`create index people_manager on people (manager_id) where manager_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists people_manager`.execute(db);
  await sql`drop index if exists people_organisation`.execute(db);
  await db.schema.dropTable('sign_in_tokens').execute();
}
