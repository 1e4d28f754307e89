import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './foundation.ts';

export type StatusPurpose = 'revocation' | 'suspension';

export interface CredentialsTable {
  id: string;
  vc_id: string | null;
  issuer_key_id: string;
  document: ColumnType<Record<string, unknown>, string, string>;
  jwt: string | null;
  holder_person_id: string | null;
  issued_by_client_id: string | null;
  replaces_credential_id: string | null;
  shared: ColumnType<boolean, boolean | undefined, boolean>;
  valid_from: Timestamp | null;
  valid_until: Timestamp | null;
  issued_at: CreatedAt;
  revoked_at: Timestamp | null;
  certification_id: ColumnType<string | null, string | null | undefined, string | null>;
  expiry_notified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface StatusListsTable {
  id: string;
  purpose: StatusPurpose;
  list_number: number;
  length: number;
  version: ColumnType<number, number | undefined, number>;
}

export interface StatusListPublicationsTable {
  list_id: string;
  key_id: string;
  version: number;
  document: ColumnType<Record<string, unknown>, string, string>;
  published_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CredentialStatusesTable {
  credential_id: string;
  purpose: StatusPurpose;
  list_id: string;
  list_index: number;
  value: ColumnType<boolean, boolean | undefined, boolean>;
  changed_at: Timestamp | null;
}

export interface StatusChangesTable {
  id: Generated<string>;
  credential_id: string;
  action: 'revoke' | 'suspend' | 'unsuspend';
  reason: string;
  actor_kind: string;
  actor_id: string | null;
  at: CreatedAt;
}
