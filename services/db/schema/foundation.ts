import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A timestamp the database fills in (default now()). */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type Role = 'learner' | 'manager' | 'facilitator' | 'assessor' | 'admin';
export const ROLES: readonly Role[] = ['learner', 'manager', 'facilitator', 'assessor', 'admin'];
export type Locale = 'fr' | 'nl' | 'de' | 'en';

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  kind: 'municipality' | 'federal_service' | 'regional_service' | 'other';
  created_at: CreatedAt;
}

export interface PeopleTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  locale: ColumnType<Locale, Locale | undefined, Locale>;
  organisation_id: string | null;
  manager_id: string | null;
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  created_at: CreatedAt;
  erased_at: Timestamp | null;
}

export interface ApiClientsTable {
  id: string;
  name: string;
  secret_hash: string;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export interface IssuerKeysTable {
  id: string;
  public_key_multibase: string;
  sealed_secret_key: string;
  created_at: CreatedAt;
  retired_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_kind: 'person' | 'client' | 'system';
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface OutboxTable {
  id: Generated<string>;
  queue: string;
  job_name: string;
  job_id: string;
  payload: ColumnType<unknown, string, never>;
  delay_ms: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  dispatched_at: Timestamp | null;
}
