import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { Locale } from '../db/schema/foundation.ts';

export interface StoredEmail {
  id: string;
  to: string;
  locale: Locale;
  template: string;
  data: Record<string, unknown>;
  sealedData: string | null;
  personId: string | null;
}

/** Stored outgoing emails. */
export function emailsRepository(db: Executor) {
  /** Many emails in one multi-row insert. */
  async function insertMany(emails: readonly StoredEmail[]) {
    if (emails.length === 0) return;
    await db
      .insertInto('emails')
      .values(emails.map((email) => ({
        id: email.id,
        to_address: email.to,
        locale: email.locale,
        template: email.template,
        data: JSON.stringify(email.data),
        sealed_data: email.sealedData,
        person_id: email.personId,
      })))
      .execute();
  }
  return {
    async insert(email: StoredEmail) {
      await insertMany([email]);
    },
    insertMany,
    /**
     * Takes the sending lease of a queued email; undefined when it is sent,
     * failed for good, unknown, or leased by another worker. No transaction
     * stays open during SMTP.
     */
    async claimForSending(id: string, leaseSeconds: number) {
      return db
        .updateTable('emails')
        .set({ sending_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .where((eb) => eb.or([eb('sending_until', 'is', null), eb('sending_until', '<', sql<Date>`now()`)]))
        .returningAll()
        .executeTakeFirst();
    },
    async findById(id: string) {
      return db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async markSent(id: string, messageId: string | null) {
      await db
        .updateTable('emails')
        .set({
          status: 'sent',
          sent_at: sql<Date>`now()`,
          sealed_data: null,
          message_id: messageId,
          attempts: sql<number>`attempts + 1`,
          last_error: null,
          sending_until: null,
        })
        .where('id', '=', id)
        .execute();
    },
    async recordFailure(id: string, error: string, final: boolean) {
      await db
        .updateTable('emails')
        .set({
          attempts: sql<number>`attempts + 1`,
          last_error: error.slice(0, 2000),
          sending_until: null,
          ...(final ? { status: 'failed' as const } : {}),
        })
        .where('id', '=', id)
        .execute();
    },
  };
}
