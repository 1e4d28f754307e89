import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Locale, Timestamp } from './foundation.ts';

/** 'learner' (the learner's own client) or 'lms:<api client id>' (an xAPI statement). */
export type ProgressSource = 'learner' | `lms:${string}`;

export interface ModuleProgressTable {
  id: Generated<string>;
  enrolment_id: string;
  module_id: string;
  started_at: CreatedAt;
  completed_at: Timestamp | null;
  seconds_spent: ColumnType<number, number | undefined, number>;
  source: ProgressSource;
  updated_at: CreatedAt;
}

export interface XapiStatementsTable {
  id: string;
  client_id: string;
  verb: string;
  enrolment_id: string;
  module_id: string;
  seconds_spent: number;
  stored_at: CreatedAt;
}

export interface WebinarSessionsTable {
  id: Generated<string>;
  cohort_id: string;
  topic: number;
  title: string;
  language: Locale;
  starts_at: Timestamp;
  duration_minutes: number;
  capacity: number;
  seats_taken: ColumnType<number, number | undefined, number>;
  facilitator_id: string;
  join_url: string | null;
  created_at: CreatedAt;
}

export interface WebinarBookingsTable {
  id: Generated<string>;
  session_id: string;
  enrolment_id: string;
  booked_at: CreatedAt;
  cancelled_at: Timestamp | null;
  attended: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  attendance_recorded_at: Timestamp | null;
  attendance_recorded_by: string | null;
  reminder_queued_at: Timestamp | null;
}
