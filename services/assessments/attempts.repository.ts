import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { isUniqueViolation } from '../db/database.ts';
import type { AttemptStatus, SubmittedAnswer } from '../db/schema/assessments.ts';
import type { EnrolmentStatus } from '../db/schema/enrolments.ts';
import type { Score } from './scoring.ts';
import { assessmentErrors } from './assessments.errors.ts';

const attemptColumns = [
  'attempts.id',
  'attempts.enrolment_id',
  'attempts.assessment_id',
  'attempts.number',
  'attempts.status',
  'attempts.question_ids',
  'attempts.answers',
  'attempts.started_at',
  'attempts.submitted_at',
  'attempts.score_points',
  'attempts.max_points',
  'attempts.score_percent',
  'attempts.passed',
  'attempts.marked_at',
  'attempts.marked_by',
  'assessments.kind',
  'assessments.pass_mark_percent',
  'assessments.max_attempts',
  'enrolments.person_id',
] as const;

/** Attempts, the enrolment they belong to, and assessors' marks on open answers. */
export function attemptsRepository(db: Executor) {
  const withContext = () =>
    db
      .selectFrom('attempts')
      .innerJoin('assessments', 'assessments.id', 'attempts.assessment_id')
      .innerJoin('enrolments', 'enrolments.id', 'attempts.enrolment_id');

  return {
    /**
     * Locks the enrolment for the start of an attempt: two starts, or a start and a
     * state change (withdrawal, failure), run one after the other.
     */
    async lockEnrolment(enrolmentId: string) {
      return db
        .selectFrom('enrolments')
        .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
        .select(['enrolments.id', 'enrolments.person_id', 'enrolments.status', 'enrolments.renews_credential_id', 'cohorts.programme_version_id'])
        .where('enrolments.id', '=', enrolmentId)
        .forUpdate('enrolments')
        .executeTakeFirst();
    },

    async findEnrolment(enrolmentId: string) {
      return db.selectFrom('enrolments').select(['id', 'person_id', 'status']).where('id', '=', enrolmentId).executeTakeFirst();
    },

    /** Attempts of an enrolment at one assessment (or all of them), oldest first. */
    async attemptsOf(enrolmentId: string, assessmentId?: string) {
      let query = withContext().select(attemptColumns).where('attempts.enrolment_id', '=', enrolmentId);
      if (assessmentId) query = query.where('attempts.assessment_id', '=', assessmentId);
      return query.orderBy('attempts.started_at').orderBy('attempts.number').execute();
    },

    /** A new attempt; the unique indexes turn a lost race into `assessments.attempt_open`. */
    async insert(values: { enrolmentId: string; assessmentId: string; number: number; questionIds: string[] }) {
      try {
        return await db
          .insertInto('attempts')
          .values({ enrolment_id: values.enrolmentId, assessment_id: values.assessmentId, number: values.number, question_ids: values.questionIds })
          .returning('id')
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (isUniqueViolation(error, 'attempts_one_open') || isUniqueViolation(error, 'attempts_number')) throw assessmentErrors.attemptOpen();
        throw error;
      }
    },

    async find(attemptId: string) {
      return withContext().select(attemptColumns).where('attempts.id', '=', attemptId).executeTakeFirst();
    },

    /** Locks the attempt row (assessor marks), returning it as find does. */
    async lock(attemptId: string) {
      return withContext().select(attemptColumns).where('attempts.id', '=', attemptId).forUpdate('attempts').executeTakeFirst();
    },

    /**
     * Stores the answers if, and only if, the attempt is still open. A concurrent
     * submission waits on the row lock, re-reads the status and updates nothing.
     */
    async submit(attemptId: string, answers: SubmittedAnswer[]): Promise<boolean> {
      const row = await db
        .updateTable('attempts')
        .set({ status: 'submitted', answers: JSON.stringify(answers), submitted_at: sql<Date>`now()` })
        .where('id', '=', attemptId)
        .where('status', '=', 'started')
        .returning('id')
        .executeTakeFirst();
      return !!row;
    },

    /** Moves an attempt on from `from`; false when another worker or assessor moved it first. */
    async advance(attemptId: string, from: AttemptStatus, to: 'awaiting_assessor'): Promise<boolean> {
      const row = await db.updateTable('attempts').set({ status: to }).where('id', '=', attemptId).where('status', '=', from).returning('id').executeTakeFirst();
      return !!row;
    },

    /** Records the final result, only from the status the caller read (the guard against marking twice). */
    async recordResult(attemptId: string, from: AttemptStatus, result: Score & { passed: boolean; markedBy: string | null }): Promise<boolean> {
      const row = await db
        .updateTable('attempts')
        .set({
          status: 'marked',
          score_points: result.scorePoints,
          max_points: result.maxPoints,
          score_percent: result.scorePercent,
          passed: result.passed,
          marked_at: sql<Date>`now()`,
          marked_by: result.markedBy,
        })
        .where('id', '=', attemptId)
        .where('status', '=', from)
        .returning('id')
        .executeTakeFirst();
      return !!row;
    },

    async marksOf(attemptId: string) {
      return db.selectFrom('open_answer_marks').selectAll().where('attempt_id', '=', attemptId).execute();
    },

    async insertMarks(attemptId: string, assessorId: string, marks: Array<{ questionId: string; points: number; comment?: string }>) {
      try {
        await db
          .insertInto('open_answer_marks')
          .values(marks.map((m) => ({ attempt_id: attemptId, question_id: m.questionId, points: m.points, assessor_id: assessorId, comment: m.comment ?? null })))
          .execute();
      } catch (error) {
        if (isUniqueViolation(error, 'open_answer_marks_pkey')) throw assessmentErrors.questionAlreadyMarked();
        throw error;
      }
    },

    /** Attempts waiting for an assessor, oldest first, with the learner's display name only. */
    async awaitingAssessor(limit: number) {
      return withContext()
        .innerJoin('people', 'people.id', 'enrolments.person_id')
        .innerJoin('programme_versions', 'programme_versions.id', 'assessments.programme_version_id')
        .innerJoin('programmes', 'programmes.id', 'programme_versions.programme_id')
        .select(['attempts.id', 'attempts.question_ids', 'attempts.answers', 'attempts.submitted_at', 'people.display_name', 'programmes.code as programme_code'])
        .where('attempts.status', '=', 'awaiting_assessor')
        .orderBy('attempts.submitted_at')
        .limit(limit)
        .execute();
    },

    /**
     * Moves the enrolment to `failed` when every attempt is used up, with its event. Conditional
     * on a status that may fail, so a withdrawn or already failed enrolment is left alone.
     */
    async failEnrolment(enrolmentId: string, actor: { kind: string; id: string | null }, reason: string): Promise<boolean> {
      const failable: EnrolmentStatus[] = ['approved', 'active', 'completed'];
      const before = await db.selectFrom('enrolments').select('status').where('id', '=', enrolmentId).where('status', 'in', failable).forUpdate().executeTakeFirst();
      if (!before) return false;
      await db.updateTable('enrolments').set({ status: 'failed', updated_at: sql<Date>`now()` }).where('id', '=', enrolmentId).execute();
      await db
        .insertInto('enrolment_events')
        .values({ enrolment_id: enrolmentId, from_status: before.status, to_status: 'failed', actor_kind: actor.kind, actor_id: actor.id, reason })
        .execute();
      return true;
    },
  };
}

export type AttemptRow = NonNullable<Awaited<ReturnType<ReturnType<typeof attemptsRepository>['find']>>>;
