import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { isUniqueViolation } from '../db/database.ts';
import type { AssessmentKind, AssessmentStatus } from '../db/schema/assessments.ts';
import { assessmentErrors } from './assessments.errors.ts';
import type { QuestionInput } from './assessments.schemas.ts';

const assessmentColumns = [
  'assessments.id',
  'assessments.programme_version_id',
  'assessments.kind',
  'assessments.status',
  'assessments.pass_mark_percent',
  'assessments.max_attempts',
  'assessments.questions_per_attempt',
  'assessments.created_at',
  'assessments.published_at',
] as const;

const questionColumns = ['id', 'assessment_id', 'position', 'type', 'prompt', 'options', 'correct_option_ids', 'points'] as const;

export interface NewAssessment {
  programmeVersionId: string;
  kind: AssessmentKind;
  passMarkPercent: number;
  maxAttempts: number;
  questionsPerAttempt: number | null;
}

/** Assessments and their question banks. */
export function assessmentsRepository(db: Executor) {
  const values = (a: NewAssessment) => ({
    programme_version_id: a.programmeVersionId,
    kind: a.kind,
    pass_mark_percent: a.passMarkPercent,
    max_attempts: a.maxAttempts,
    questions_per_attempt: a.questionsPerAttempt,
  });
  const withCount = () =>
    db
      .selectFrom('assessments')
      .select(assessmentColumns)
      .select((eb) => eb.selectFrom('questions').select(eb.fn.countAll<number>().as('n')).whereRef('questions.assessment_id', '=', 'assessments.id').as('question_count'));

  return {
    /** A draft assessment; a second one of the same kind on the version is `assessments.already_exists`. */
    async insert(assessment: NewAssessment) {
      try {
        return await db.insertInto('assessments').values(values(assessment)).returning('id').executeTakeFirstOrThrow();
      } catch (error) {
        if (isUniqueViolation(error, 'assessments_one_per_kind')) throw assessmentErrors.alreadyExists(`A ${assessment.kind} assessment exists for this version`);
        throw error;
      }
    },

    /** Inserts unless the version has one of this kind (concurrent seeds wait on the unique constraint, then skip). */
    async insertIfMissing(assessment: NewAssessment) {
      return db
        .insertInto('assessments')
        .values(values(assessment))
        .onConflict((oc) => oc.constraint('assessments_one_per_kind').doNothing())
        .returning('id')
        .executeTakeFirst();
    },

    async find(id: string) {
      return withCount().where('assessments.id', '=', id).executeTakeFirst();
    },

    /** Locks the assessment row: question changes and publication are serialised behind it. */
    async lock(id: string) {
      return db.selectFrom('assessments').select(['id', 'status', 'questions_per_attempt']).where('id', '=', id).forUpdate().executeTakeFirst();
    },

    async list(filters: { programmeVersionId?: string }) {
      let query = withCount();
      if (filters.programmeVersionId) query = query.where('assessments.programme_version_id', '=', filters.programmeVersionId);
      return query.orderBy('assessments.created_at').orderBy('assessments.id').limit(500).execute();
    },

    /** The published assessment of a kind for a programme version, if any. */
    async findPublished(programmeVersionId: string, kind: AssessmentKind) {
      return db
        .selectFrom('assessments')
        .select(assessmentColumns)
        .where('programme_version_id', '=', programmeVersionId)
        .where('kind', '=', kind)
        .where('status', '=', 'published')
        .executeTakeFirst();
    },

    async questionsOf(assessmentId: string) {
      return db.selectFrom('questions').select(questionColumns).where('assessment_id', '=', assessmentId).orderBy('position').execute();
    },

    /** The given questions, in bank order (the order an attempt shows them). */
    async questionsByIds(ids: string[]) {
      if (!ids.length) return [];
      return db.selectFrom('questions').select(questionColumns).where('id', 'in', ids).orderBy('position').execute();
    },

    async insertQuestion(assessmentId: string, question: QuestionInput) {
      return db
        .insertInto('questions')
        .values((eb) => ({
          assessment_id: assessmentId,
          position: eb
            .selectFrom('questions')
            .select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
            .where('assessment_id', '=', assessmentId),
          type: question.type,
          prompt: JSON.stringify(question.prompt),
          options: JSON.stringify(question.options),
          correct_option_ids: JSON.stringify(question.correctOptionIds),
          points: question.points,
        }))
        .returning(questionColumns)
        .executeTakeFirstOrThrow();
    },

    async deleteQuestion(assessmentId: string, questionId: string): Promise<boolean> {
      const result = await db.deleteFrom('questions').where('assessment_id', '=', assessmentId).where('id', '=', questionId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** Publishes a draft; the bank is frozen from here on (database trigger). */
    async setStatus(id: string, status: AssessmentStatus, now: Date) {
      await db.updateTable('assessments').set({ status, published_at: status === 'published' ? now : null }).where('id', '=', id).execute();
    },
  };
}

export type AssessmentRow = NonNullable<Awaited<ReturnType<ReturnType<typeof assessmentsRepository>['find']>>>;
export type QuestionRow = Awaited<ReturnType<ReturnType<typeof assessmentsRepository>['questionsOf']>>[number];
