import type { ColumnType, Generated } from 'kysely';
import type { Locale, Timestamp } from './foundation.ts';

export type EmailStatus = 'queued' | 'sent' | 'failed';

export interface EmailsTable {
  id: Generated<string>;
  to_address: string;
  locale: Locale;
  template: string;
  data: ColumnType<Record<string, unknown>, string, string>;
  /** Secret values (sign-in links), AES-256-GCM sealed; null once sent. */
  sealed_data: string | null;
  status: ColumnType<EmailStatus, EmailStatus | undefined, EmailStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  message_id: string | null;
  sending_until: Timestamp | null;
  person_id: string | null;
  created_at: Generated<Timestamp>;
  sent_at: Timestamp | null;
}
