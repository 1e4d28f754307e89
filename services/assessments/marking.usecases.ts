import type { Deps } from '../deps.ts';
import { certifyIfComplete } from '../certification/certification.usecases.ts';
import type { Executor } from '../db/database.ts';
import type { AssessmentKind, AttemptStatus } from '../db/schema/assessments.ts';
import type { Locale } from '../db/schema/foundation.ts';
import type { LocalizedText } from '../db/schema/programmes.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { queueEmail } from '../email/email.usecases.ts';
import type { Principal } from '../shared/auth.ts';
import { assessmentErrors } from './assessments.errors.ts';
import { assessmentsRepository } from './assessments.repository.ts';
import type { OpenMarksInput } from './assessments.schemas.ts';
import { resultView } from './assessments.views.ts';
import { attemptsRepository, type AttemptRow } from './attempts.repository.ts';
import { finalScore, openQuestionsToMark, type Score } from './scoring.ts';

export type MarkingOutcome = 'marked' | 'awaiting_assessor' | 'already_marked' | 'not_submitted' | 'not_found';

interface ResultActor {
  kind: 'system' | 'person';
  id: string | null;
}

async function notifyLearner(trx: Executor, attempt: AttemptRow, score: Score, passed: boolean, attemptsLeft: number): Promise<void> {
  const row = await trx
    .selectFrom('people')
    .innerJoin('assessments', (join) => join.on('assessments.id', '=', attempt.assessment_id))
    .innerJoin('programme_versions', 'programme_versions.id', 'assessments.programme_version_id')
    .select(['people.email', 'people.display_name', 'people.locale', 'people.erased_at', 'programme_versions.title'])
    .where('people.id', '=', attempt.person_id)
    .executeTakeFirstOrThrow();
  // An erased learner has no address left to write to; the result stays on the attempt.
  if (row.erased_at) return;
  const locale = row.locale as Locale;
  await queueEmail(trx, {
    to: row.email,
    locale,
    personId: attempt.person_id,
    template: 'assessment-result',
    data: {
      displayName: row.display_name,
      programmeName: (row.title as LocalizedText)[locale],
      outcome: passed ? 'passed' : 'failed',
      score: score.scorePercent,
      maxScore: 100,
      passMark: attempt.pass_mark_percent,
      ...(passed ? {} : { attemptsLeft }),
    },
  });
}

/**
 * Records an attempt's final score, only if it is still in `from` (one
 * conditional UPDATE: a second marker, retry or assessor finds nothing to
 * change and returns false). The winner, in the same transaction, queues the
 * result email and, when the last attempt failed, moves the enrolment to
 * failed with its event.
 */
async function recordFinalResult(trx: Executor, attempt: AttemptRow, score: Score, options: { from: AttemptStatus; actor: ResultActor }): Promise<boolean> {
  const repo = attemptsRepository(trx);
  const passed = score.scorePercent >= attempt.pass_mark_percent;
  const markedBy = options.actor.kind === 'person' ? options.actor.id : null;
  if (!(await repo.recordResult(attempt.id, options.from, { ...score, passed, markedBy }))) return false;
  const used = (await repo.attemptsOf(attempt.enrolment_id, attempt.assessment_id)).length;
  const attemptsLeft = Math.max(0, attempt.max_attempts - used);
  await notifyLearner(trx, attempt, score, passed, attemptsLeft);
  // A pass may be the last missing requirement: the certification is decided in this transaction.
  if (passed) await certifyIfComplete(trx, attempt.enrolment_id, options.actor);
  if (!passed && attemptsLeft === 0) {
    await repo.failEnrolment(attempt.enrolment_id, options.actor, `All ${attempt.max_attempts} attempts at the ${attempt.kind} assessment failed`);
  }
  return true;
}

/**
 * Marks a submitted attempt: choice answers against the key. With answered
 * open questions it waits for an assessor instead. Idempotent: it re-reads the
 * attempt and acts only on status `submitted`, through a conditional UPDATE,
 * so retries and concurrent workers mark an attempt once.
 */
export async function markSubmittedAttempt({ db }: Pick<Deps, 'db'>, attemptId: string): Promise<MarkingOutcome> {
  return db.transaction().execute(async (trx) => {
    const repo = attemptsRepository(trx);
    const attempt = await repo.find(attemptId);
    if (!attempt) return 'not_found';
    if (attempt.status === 'started') return 'not_submitted';
    if (attempt.status !== 'submitted') return 'already_marked';
    const questions = await assessmentsRepository(trx).questionsByIds(attempt.question_ids);
    const answers = attempt.answers ?? [];
    if (openQuestionsToMark(questions, answers).length) {
      return (await repo.advance(attempt.id, 'submitted', 'awaiting_assessor')) ? 'awaiting_assessor' : 'already_marked';
    }
    const recorded = await recordFinalResult(trx, attempt, finalScore(questions, answers, new Map()), { from: 'submitted', actor: { kind: 'system', id: 'marking' } });
    return recorded ? 'marked' : 'already_marked';
  });
}

function checkMarks(marks: OpenMarksInput['marks'], toMark: Map<string, { points: number }>, alreadyMarked: Set<string>): void {
  const seen = new Set<string>();
  const errors = marks.flatMap((mark, i) => {
    const path = `body.marks.${i}`;
    const question = toMark.get(mark.questionId);
    if (!question) return [{ path: `${path}.questionId`, message: 'Not an answered open question of this attempt' }];
    if (seen.has(mark.questionId)) return [{ path: `${path}.questionId`, message: 'This question is marked twice' }];
    seen.add(mark.questionId);
    return mark.points > question.points ? [{ path: `${path}.points`, message: `At most ${question.points} points` }] : [];
  });
  if (errors.length) throw assessmentErrors.invalidMarks(undefined, { errors });
  const again = marks.filter((m) => alreadyMarked.has(m.questionId)).map((m) => m.questionId);
  if (again.length) throw assessmentErrors.questionAlreadyMarked(`Already marked: ${again.join(', ')}`, { extensions: { questionIds: again } });
}

/**
 * An assessor's marks on open answers. The attempt row is locked; once every
 * answered open question has a mark, the final score is recorded in the same
 * transaction (conditional on `awaiting_assessor`, so never twice), with the
 * same consequences as automatic marking. Audited.
 */
export async function recordOpenMarks({ db }: Pick<Deps, 'db'>, input: { attemptId: string; marks: OpenMarksInput['marks']; actor: Principal }) {
  const assessorId = input.actor.id;
  await db.transaction().execute(async (trx) => {
    const repo = attemptsRepository(trx);
    const attempt = await repo.lock(input.attemptId);
    if (!attempt) throw assessmentErrors.attemptNotFound(`No attempt ${input.attemptId}`);
    if (attempt.person_id === assessorId) throw assessmentErrors.ownAttempt();
    if (attempt.status !== 'awaiting_assessor') throw assessmentErrors.notAwaitingAssessor(`The attempt is ${attempt.status}`, { extensions: { attemptStatus: attempt.status } });
    const questions = await assessmentsRepository(trx).questionsByIds(attempt.question_ids);
    const answers = attempt.answers ?? [];
    const toMark = new Map(openQuestionsToMark(questions, answers).map((q) => [q.id, q]));
    const existing = await repo.marksOf(attempt.id);
    checkMarks(input.marks, toMark, new Set(existing.map((m) => m.question_id)));
    await repo.insertMarks(attempt.id, assessorId, input.marks);
    await recordAudit(trx, { actor: input.actor, action: 'attempt.open_marked', subjectType: 'attempt', subjectId: attempt.id, details: { marks: input.marks } });
    const points = new Map([...existing.map((m) => [m.question_id, m.points] as const), ...input.marks.map((m) => [m.questionId, m.points] as const)]);
    if ([...toMark.keys()].every((id) => points.has(id))) {
      await recordFinalResult(trx, attempt, finalScore(questions, answers, points), { from: 'awaiting_assessor', actor: { kind: 'person', id: assessorId } });
    }
  });
  const attempt = (await attemptsRepository(db).find(input.attemptId))!;
  return { attemptId: attempt.id, status: attempt.status, result: resultView(attempt) };
}

/**
 * Attempts waiting for an assessor, oldest first, with their answered open
 * questions not yet marked. The learner appears by display name only.
 */
export async function listMarkingQueue({ db }: Pick<Deps, 'db'>) {
  const rows = await attemptsRepository(db).awaitingAssessor(100);
  const questions = await assessmentsRepository(db).questionsByIds([...new Set(rows.flatMap((r) => r.question_ids))]);
  const marked = rows.length ? await db.selectFrom('open_answer_marks').select(['attempt_id', 'question_id']).where('attempt_id', 'in', rows.map((r) => r.id)).execute() : [];
  const done = new Set(marked.map((m) => `${m.attempt_id}/${m.question_id}`));
  return rows.map((row) => {
    const answers = row.answers ?? [];
    const own = questions.filter((q) => row.question_ids.includes(q.id));
    const openAnswers = openQuestionsToMark(own, answers)
      .filter((q) => !done.has(`${row.id}/${q.id}`))
      .map((q) => {
        const answer = answers.find((a) => a.questionId === q.id);
        return { questionId: q.id, prompt: own.find((o) => o.id === q.id)!.prompt, points: q.points, text: answer && 'text' in answer ? answer.text : '' };
      });
    return { attemptId: row.id, learnerDisplayName: row.display_name, programmeCode: row.programme_code, submittedAt: row.submitted_at!, openAnswers };
  });
}

/**
 * The enrolment's most recent passed attempt at its assessment of the given
 * kind (certification by default), or undefined. The certification decision
 * reads this: it is the evidence that the assessment requirement is met.
 */
export async function latestPassedAttempt(
  executor: Executor,
  enrolmentId: string,
  kind: AssessmentKind = 'certification',
): Promise<{ attemptId: string; scorePercent: number; markedAt: Date } | undefined> {
  const row = await executor
    .selectFrom('attempts')
    .innerJoin('assessments', 'assessments.id', 'attempts.assessment_id')
    .select(['attempts.id', 'attempts.score_percent', 'attempts.marked_at'])
    .where('attempts.enrolment_id', '=', enrolmentId)
    .where('assessments.kind', '=', kind)
    .where('attempts.status', '=', 'marked')
    .where('attempts.passed', '=', true)
    .orderBy('attempts.marked_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { attemptId: row.id, scorePercent: Number(row.score_percent), markedAt: row.marked_at! } : undefined;
}
