import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './foundation.ts';
import type { LocalizedText } from './programmes.ts';

export const ASSESSMENT_KINDS = ['certification', 'renewal'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export type AssessmentStatus = 'draft' | 'published';
export const QUESTION_TYPES = ['single', 'multiple', 'open'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const ATTEMPT_STATUSES = ['started', 'submitted', 'awaiting_assessor', 'marked'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export interface QuestionOption {
  id: string;
  text: LocalizedText;
}

/** One answer as submitted: chosen option ids (single, multiple) or a text (open). */
export type SubmittedAnswer = { questionId: string; optionIds: string[] } | { questionId: string; text: string };

/** jsonb written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export interface AssessmentsTable {
  id: Generated<string>;
  programme_version_id: string;
  kind: AssessmentKind;
  status: ColumnType<AssessmentStatus, AssessmentStatus | undefined, AssessmentStatus>;
  pass_mark_percent: number;
  max_attempts: number;
  questions_per_attempt: number | null;
  created_at: CreatedAt;
  published_at: Timestamp | null;
}

export interface QuestionsTable {
  id: Generated<string>;
  assessment_id: string;
  position: number;
  type: QuestionType;
  prompt: Json<LocalizedText>;
  options: ColumnType<QuestionOption[], string | undefined, string>;
  correct_option_ids: ColumnType<string[], string | undefined, string>;
  points: number;
}

export interface AttemptsTable {
  id: Generated<string>;
  enrolment_id: string;
  assessment_id: string;
  number: number;
  status: ColumnType<AttemptStatus, AttemptStatus | undefined, AttemptStatus>;
  question_ids: ColumnType<string[], string[], never>;
  answers: ColumnType<SubmittedAnswer[] | null, never, string>;
  started_at: CreatedAt;
  submitted_at: Timestamp | null;
  score_points: number | null;
  max_points: number | null;
  /** numeric(5,2): pg hands it over as a string, so it is read as one. */
  score_percent: ColumnType<string | null, never, number>;
  passed: ColumnType<boolean | null, never, boolean>;
  marked_at: Timestamp | null;
  marked_by: string | null;
}

export interface OpenAnswerMarksTable {
  attempt_id: string;
  question_id: string;
  points: number;
  assessor_id: string;
  comment: string | null;
  marked_at: CreatedAt;
}
