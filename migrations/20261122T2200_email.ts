import { sql, type Kysely } from 'kysely';

/**
 * Outgoing email: one row per message, written in the transaction of the change
 * it reports, sent later by the email worker. The row outlives every SMTP
 * failure, so a message is never lost. Secret values (a sign-in link) are kept
 * sealed in `sealed_data` and wiped once sent.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('emails')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('fr','nl','de','en')`))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('sealed_data', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued').check(sql`status in ('queued','sent','failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    // A short lease taken by the worker that is sending, so two workers never send one email at once.
    .addColumn('sending_until', 'timestamptz')
    .addColumn('person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index emails_person on emails (person_id, created_at) where person_id is not null`.execute(db);
  await sql`create index emails_unsent on emails (created_at) where status <> 'sent'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('emails').execute();
}
