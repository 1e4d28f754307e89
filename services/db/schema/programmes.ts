import type { ColumnType, Generated } from 'kysely';
import type { Locale, Timestamp } from './foundation.ts';

/** A text in each of the service's four languages. */
export type LocalizedText = Record<Locale, string>;
export type ProgrammeLevel = 'basic' | 'expert';
export type ProgrammeVersionStatus = 'draft' | 'published' | 'retired';

/** One DigComp 2.2 competence a programme is aligned to (becomes an OB 3.0 Alignment). */
export interface DigCompAlignment {
  framework: 'DigComp 2.2';
  competence: string;
  name: string;
  url: string;
  proficiencyLevel: number;
}

/** jsonb: read as the parsed value, written as JSON text, never updated (versions are immutable). */
type Json<T> = ColumnType<T, string, never>;
/** A calendar date, read and written as `YYYY-MM-DD` (see the DATE type parser in database.ts). */
export type CalendarDate = ColumnType<string, string, string>;

export interface ProgrammesTable {
  id: Generated<string>;
  code: string;
  created_at: Generated<Timestamp>;
}

export interface ProgrammeVersionsTable {
  id: Generated<string>;
  programme_id: string;
  version: number;
  status: ColumnType<ProgrammeVersionStatus, ProgrammeVersionStatus | undefined, ProgrammeVersionStatus>;
  level: ProgrammeLevel;
  title: Json<LocalizedText>;
  description: Json<LocalizedText>;
  fixed_duration_weeks: number | null;
  prerequisite_programme_code: string | null;
  validity_months: number;
  required_webinars: number;
  learning_outcomes: Json<LocalizedText[]>;
  digcomp_alignment: Json<DigCompAlignment[]>;
  pass_mark_percent: number;
  max_attempts: number;
  created_at: Generated<Timestamp>;
  published_at: Timestamp | null;
  retired_at: Timestamp | null;
}

export interface ProgrammeModulesTable {
  id: Generated<string>;
  programme_version_id: string;
  position: number;
  code: string;
  title: Json<LocalizedText>;
  duration_minutes: number;
}

export interface CohortsTable {
  id: Generated<string>;
  programme_version_id: string;
  starts_on: CalendarDate;
  ends_on: CalendarDate;
  capacity: number;
  seats_taken: ColumnType<number, number | undefined, number>;
  organisation_id: string | null;
  created_at: Generated<Timestamp>;
}

export interface CohortFacilitatorsTable {
  cohort_id: string;
  person_id: string;
}
