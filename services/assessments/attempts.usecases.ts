import { randomInt } from 'node:crypto';
import type { Deps } from '../deps.ts';
import type { Executor } from '../db/database.ts';
import type { AssessmentKind } from '../db/schema/assessments.ts';
import type { EnrolmentStatus } from '../db/schema/enrolments.ts';
import type { Principal } from '../shared/auth.ts';
import { addToOutbox } from '../shared/outbox.ts';
import { assessmentErrors } from './assessments.errors.ts';
import { assessmentsRepository, type QuestionRow } from './assessments.repository.ts';
import type { SubmissionInput } from './assessments.schemas.ts';
import { attemptSummaryView, attemptView } from './assessments.views.ts';
import { attemptsRepository, type AttemptRow } from './attempts.repository.ts';
import { validateAnswers } from './scoring.ts';

/** Enrolments whose learner may start an attempt; a passed assessment is refused separately. */
const STARTABLE: readonly EnrolmentStatus[] = ['approved', 'active', 'completed'];

function assertOwner(enrolment: { person_id: string } | undefined, principal: Principal, enrolmentId: string): asserts enrolment {
  if (!enrolment) throw assessmentErrors.enrolmentNotFound(`No enrolment ${enrolmentId}`);
  if (principal.kind !== 'person' || enrolment.person_id !== principal.id) throw assessmentErrors.notYourEnrolment();
}

/** Refuses a new attempt while one is open or unmarked, once passed, or when the attempts are used up. */
function checkPreviousAttempts(previous: AttemptRow[], maxAttempts: number): void {
  if (previous.some((a) => a.passed === true)) throw assessmentErrors.alreadyPassed();
  const open = previous.find((a) => a.status === 'started');
  if (open) throw assessmentErrors.attemptOpen(`Attempt ${open.number} is open`, { extensions: { attemptId: open.id } });
  if (previous.some((a) => a.status === 'submitted' || a.status === 'awaiting_assessor')) throw assessmentErrors.resultPending();
  if (previous.length >= maxAttempts) throw assessmentErrors.noAttemptsLeft(`All ${maxAttempts} attempts have been used`, { extensions: { maxAttempts } });
}

/** The questions of an attempt: the whole bank, or a random draw of `perAttempt` (shown in bank order). */
export function drawQuestions(bank: QuestionRow[], perAttempt: number | null): string[] {
  if (perAttempt === null || perAttempt >= bank.length) return bank.map((q) => q.id);
  const pool = [...bank];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const drawn = new Set(pool.slice(0, perAttempt).map((q) => q.id));
  return bank.filter((q) => drawn.has(q.id)).map((q) => q.id);
}

function attemptsLeft(attempts: AttemptRow[], assessmentId: string, maxAttempts: number): number {
  return Math.max(0, maxAttempts - attempts.filter((a) => a.assessment_id === assessmentId).length);
}

async function loadAttempt(db: Executor, attemptId: string) {
  const attempt = (await attemptsRepository(db).find(attemptId))!;
  const questions = await assessmentsRepository(db).questionsByIds(attempt.question_ids);
  const all = await attemptsRepository(db).attemptsOf(attempt.enrolment_id, attempt.assessment_id);
  return attemptView(attempt, questions, attemptsLeft(all, attempt.assessment_id, attempt.max_attempts));
}

/**
 * Starts the next attempt of the enrolment's assessment of the given kind and
 * returns its questions without the answer key. The enrolment row is locked,
 * so two starts (or a start and a withdrawal) run one after the other; the
 * unique indexes on attempts back that up. Refused (409) when the enrolment
 * does not allow it, an attempt is open or unmarked, the assessment is passed,
 * or every attempt is used. The kind follows the enrolment unless given: a
 * renewal enrolment (opened by the certification module, which holds the
 * 90-day rule) takes the renewal assessment, any other the certifying one.
 */
export async function startAttempt({ db }: Pick<Deps, 'db'>, input: { enrolmentId: string; kind?: AssessmentKind; principal: Principal }) {
  const attemptId = await db.transaction().execute(async (trx) => {
    const attempts = attemptsRepository(trx);
    const enrolment = await attempts.lockEnrolment(input.enrolmentId);
    assertOwner(enrolment, input.principal, input.enrolmentId);
    if (!STARTABLE.includes(enrolment.status)) {
      throw assessmentErrors.enrolmentNotEligible(`The enrolment is ${enrolment.status}`, { extensions: { enrolmentStatus: enrolment.status } });
    }
    const kind = input.kind ?? (enrolment.renews_credential_id ? 'renewal' : 'certification');
    const assessments = assessmentsRepository(trx);
    const assessment = await assessments.findPublished(enrolment.programme_version_id, kind);
    if (!assessment) throw assessmentErrors.noAssessment(`No published ${kind} assessment for this programme version`);
    const previous = await attempts.attemptsOf(enrolment.id, assessment.id);
    checkPreviousAttempts(previous, assessment.max_attempts);
    const questionIds = drawQuestions(await assessments.questionsOf(assessment.id), assessment.questions_per_attempt);
    const { id } = await attempts.insert({ enrolmentId: enrolment.id, assessmentId: assessment.id, number: previous.length + 1, questionIds });
    return id;
  });
  return loadAttempt(db, attemptId);
}

/**
 * Submits an attempt's answers, once. The answers are checked against the
 * attempt's questions (422, nothing stored); the status moves from started to
 * submitted in one conditional UPDATE, so of two concurrent submissions one
 * wins and the other is `assessments.already_submitted`. The marking job is
 * written to the outbox in the same transaction.
 */
export async function submitAttempt(
  deps: Pick<Deps, 'db' | 'queues' | 'logger'>,
  input: { enrolmentId: string; attemptId: string; answers: SubmissionInput['answers']; principal: Principal },
) {
  await deps.db.transaction().execute(async (trx) => {
    const attempts = attemptsRepository(trx);
    const attempt = await attempts.find(input.attemptId);
    if (!attempt || attempt.enrolment_id !== input.enrolmentId) throw assessmentErrors.attemptNotFound(`No attempt ${input.attemptId} in this enrolment`);
    assertOwner(attempt, input.principal, input.enrolmentId);
    if (attempt.status !== 'started') throw assessmentErrors.alreadySubmitted();
    const questions = await assessmentsRepository(trx).questionsByIds(attempt.question_ids);
    const errors = validateAnswers(questions, input.answers);
    if (errors.length) throw assessmentErrors.invalidAnswers(undefined, { errors });
    if (!(await attempts.submit(attempt.id, input.answers))) throw assessmentErrors.alreadySubmitted();
    await addToOutbox(trx, 'marking.mark-attempt', { attemptId: attempt.id }, { key: attempt.id });
  });
  return loadAttempt(deps.db, input.attemptId);
}

/** One attempt of the caller's enrolment: questions without the key, their answers, the result once marked. */
export async function getAttempt({ db }: Pick<Deps, 'db'>, input: { enrolmentId: string; attemptId: string; principal: Principal }) {
  const attempt = await attemptsRepository(db).find(input.attemptId);
  if (!attempt || attempt.enrolment_id !== input.enrolmentId) throw assessmentErrors.attemptNotFound(`No attempt ${input.attemptId} in this enrolment`);
  assertOwner(attempt, input.principal, input.enrolmentId);
  return loadAttempt(db, attempt.id);
}

/** The caller's attempts in one enrolment, every assessment kind, oldest first. */
export async function listAttempts({ db }: Pick<Deps, 'db'>, input: { enrolmentId: string; principal: Principal }) {
  const repo = attemptsRepository(db);
  assertOwner(await repo.findEnrolment(input.enrolmentId), input.principal, input.enrolmentId);
  const all = await repo.attemptsOf(input.enrolmentId);
  return all.map((a) => attemptSummaryView(a, attemptsLeft(all, a.assessment_id, a.max_attempts)));
}
