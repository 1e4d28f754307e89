import type { Deps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { AssessmentKind } from '../db/schema/assessments.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import { programmesRepository } from '../programmes/programmes.repository.ts';
import { assessmentErrors } from './assessments.errors.ts';
import { assessmentsRepository } from './assessments.repository.ts';
import type { QuestionInput } from './assessments.schemas.ts';
import { adminQuestionView, assessmentView } from './assessments.views.ts';

async function loadDetail(db: Executor, assessmentId: string) {
  const repo = assessmentsRepository(db);
  const assessment = await repo.find(assessmentId);
  if (!assessment) throw assessmentErrors.notFound(`No assessment ${assessmentId}`);
  return { ...assessmentView(assessment), questions: (await repo.questionsOf(assessmentId)).map(adminQuestionView) };
}

/** Locks a draft assessment for a change to its bank; 404 when missing, 409 once published. */
async function lockDraft(trx: Executor, assessmentId: string) {
  const locked = await assessmentsRepository(trx).lock(assessmentId);
  if (!locked) throw assessmentErrors.notFound(`No assessment ${assessmentId}`);
  if (locked.status !== 'draft') throw assessmentErrors.notDraft(`The assessment is ${locked.status}`);
  return locked;
}

/**
 * Creates a draft assessment of a kind (certification or renewal) for a
 * programme version; pass mark and attempts default to the version's own
 * settings. One per version and kind (409). Audited.
 */
export async function createAssessment(
  { db }: Pick<Deps, 'db'>,
  input: { programmeVersionId: string; kind: AssessmentKind; passMarkPercent?: number; maxAttempts?: number; questionsPerAttempt?: number | null; actor: Actor },
) {
  const id = await db.transaction().execute(async (trx) => {
    const version = await programmesRepository(trx).findVersionById(input.programmeVersionId);
    if (!version) throw assessmentErrors.programmeVersionNotFound(`No programme version ${input.programmeVersionId}`);
    const { id } = await assessmentsRepository(trx).insert({
      programmeVersionId: version.id,
      kind: input.kind,
      passMarkPercent: input.passMarkPercent ?? version.pass_mark_percent,
      maxAttempts: input.maxAttempts ?? version.max_attempts,
      questionsPerAttempt: input.questionsPerAttempt ?? null,
    });
    await recordAudit(trx, { actor: input.actor, action: 'assessment.created', subjectType: 'assessment', subjectId: id, details: { programme: version.code, version: version.version, kind: input.kind } });
    return id;
  });
  return loadDetail(db, id);
}

/** One assessment with its whole bank, answer key included (administrators only). */
export async function getAssessment({ db }: Pick<Deps, 'db'>, input: { assessmentId: string }) {
  return loadDetail(db, input.assessmentId);
}

/** Assessments, optionally of one programme version, with their question counts. */
export async function listAssessments({ db }: Pick<Deps, 'db'>, input: { programmeVersionId?: string }) {
  return (await assessmentsRepository(db).list(input)).map(assessmentView);
}

/** Adds a question at the end of a draft assessment's bank. Audited. */
export async function addQuestion({ db }: Pick<Deps, 'db'>, input: { assessmentId: string; question: QuestionInput; actor: Actor }) {
  return db.transaction().execute(async (trx) => {
    await lockDraft(trx, input.assessmentId);
    const row = await assessmentsRepository(trx).insertQuestion(input.assessmentId, input.question);
    await recordAudit(trx, { actor: input.actor, action: 'assessment.question_added', subjectType: 'assessment', subjectId: input.assessmentId, details: { questionId: row.id, type: row.type } });
    return adminQuestionView(row);
  });
}

/** Removes a question from a draft assessment's bank. Audited. */
export async function removeQuestion({ db }: Pick<Deps, 'db'>, input: { assessmentId: string; questionId: string; actor: Actor }) {
  await db.transaction().execute(async (trx) => {
    await lockDraft(trx, input.assessmentId);
    if (!(await assessmentsRepository(trx).deleteQuestion(input.assessmentId, input.questionId))) {
      throw assessmentErrors.questionNotFound(`No question ${input.questionId} in assessment ${input.assessmentId}`);
    }
    await recordAudit(trx, { actor: input.actor, action: 'assessment.question_removed', subjectType: 'assessment', subjectId: input.assessmentId, details: { questionId: input.questionId } });
  });
}

/**
 * Publishes a draft: learners can start attempts, and the bank is frozen. It
 * needs questions, at least as many as an attempt draws (409). Audited.
 */
export async function publishAssessment({ db, clock }: Pick<Deps, 'db' | 'clock'>, input: { assessmentId: string; actor: Actor }) {
  await db.transaction().execute(async (trx) => {
    const locked = await lockDraft(trx, input.assessmentId);
    const repo = assessmentsRepository(trx);
    const count = (await repo.questionsOf(input.assessmentId)).length;
    if (count === 0) throw assessmentErrors.cannotPublish('The assessment has no question');
    if (locked.questions_per_attempt !== null && locked.questions_per_attempt > count) {
      throw assessmentErrors.cannotPublish(`An attempt draws ${locked.questions_per_attempt} questions; the bank has ${count}`);
    }
    await repo.setStatus(input.assessmentId, 'published', clock.now());
    await recordAudit(trx, { actor: input.actor, action: 'assessment.published', subjectType: 'assessment', subjectId: input.assessmentId, details: { questions: count } });
  });
  return loadDetail(db, input.assessmentId);
}
