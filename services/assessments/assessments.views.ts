import type { AssessmentRow, QuestionRow } from './assessments.repository.ts';
import type { AttemptRow } from './attempts.repository.ts';

/** A question as a learner sees it: never the answer key. */
export function learnerQuestionView(question: QuestionRow) {
  return { id: question.id, position: question.position, type: question.type, prompt: question.prompt, options: question.options, points: question.points };
}

/** A question as an administrator edits it, key included. */
export function adminQuestionView(question: QuestionRow) {
  return { ...learnerQuestionView(question), correctOptionIds: question.correct_option_ids };
}

export function assessmentView(assessment: AssessmentRow) {
  return {
    id: assessment.id,
    programmeVersionId: assessment.programme_version_id,
    kind: assessment.kind,
    status: assessment.status,
    passMarkPercent: assessment.pass_mark_percent,
    maxAttempts: assessment.max_attempts,
    questionsPerAttempt: assessment.questions_per_attempt,
    questionCount: Number(assessment.question_count ?? 0),
    createdAt: assessment.created_at,
    publishedAt: assessment.published_at,
  };
}

/** The result of a marked attempt; null until then (a pending or partial score is never shown). */
export function resultView(attempt: AttemptRow) {
  if (attempt.status !== 'marked') return null;
  return {
    scorePoints: attempt.score_points!,
    maxPoints: attempt.max_points!,
    scorePercent: Number(attempt.score_percent),
    passMarkPercent: attempt.pass_mark_percent,
    passed: attempt.passed!,
    markedAt: attempt.marked_at!,
  };
}

/** An attempt without its questions (lists). */
export function attemptSummaryView(attempt: AttemptRow, attemptsLeft: number) {
  return {
    id: attempt.id,
    enrolmentId: attempt.enrolment_id,
    assessmentId: attempt.assessment_id,
    kind: attempt.kind,
    number: attempt.number,
    status: attempt.status,
    startedAt: attempt.started_at,
    submittedAt: attempt.submitted_at,
    result: resultView(attempt),
    attemptsLeft,
  };
}

/** An attempt as its learner sees it: the questions drawn (no key), their own answers, the result once marked. */
export function attemptView(attempt: AttemptRow, questions: QuestionRow[], attemptsLeft: number) {
  return { ...attemptSummaryView(attempt, attemptsLeft), questions: questions.map(learnerQuestionView), answers: attempt.answers };
}
