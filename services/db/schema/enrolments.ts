import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './foundation.ts';

export const ENROLMENT_STATUSES = ['requested', 'approved', 'active', 'completed', 'certified', 'rejected', 'withdrawn', 'failed', 'lapsed'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export interface PrerequisiteRecord {
  credentialId: string | null;
  outcome: 'valid';
  checkedAt: string;
  source: 'held' | 'uploaded';
}

export interface EnrolmentsTable {
  id: Generated<string>;
  cohort_id: string;
  person_id: string;
  status: EnrolmentStatus;
  holds_seat: ColumnType<boolean, boolean | undefined, boolean>;
  prerequisite: ColumnType<PrerequisiteRecord | null, string | null | undefined, string | null>;
  renews_credential_id: ColumnType<string | null, string | null | undefined, string | null>;
  requested_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface EnrolmentEventsTable {
  id: Generated<string>;
  enrolment_id: string;
  from_status: EnrolmentStatus | null;
  to_status: EnrolmentStatus;
  actor_kind: string;
  actor_id: string | null;
  reason: string | null;
  at: CreatedAt;
}

export interface CertificationEvidence {
  modules: Array<{ code: string; completedAt: string }>;
  webinars: Array<{ sessionId: string; title: string; attendedOn: string }>;
  attemptId: string;
  /** Set on a renewal: the credential this certification replaces. */
  renews?: string;
}

export interface CertificationsTable {
  id: Generated<string>;
  enrolment_id: string;
  score_percent: ColumnType<number, number | string, never>;
  evidence: ColumnType<CertificationEvidence, string, never>;
  decided_at: CreatedAt;
  renews_credential_id: ColumnType<string | null, string | null | undefined, never>;
}

export type { Timestamp };
