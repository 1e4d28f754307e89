import { type Kysely } from 'kysely';

/** When a holder was told that their badge expires within 90 days (told once per badge). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('credentials').addColumn('expiry_notified_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('credentials').dropColumn('expiry_notified_at').execute();
}
