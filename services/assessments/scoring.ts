import type { QuestionOption, QuestionType, SubmittedAnswer } from '../db/schema/assessments.ts';
import type { FieldError } from '../shared/errors.ts';

/** What scoring needs of a question: its type, worth and key. */
export interface KeyedQuestion {
  id: string;
  type: QuestionType;
  points: number;
  options: QuestionOption[];
  correct_option_ids: string[];
}

export interface Score {
  scorePoints: number;
  maxPoints: number;
  scorePercent: number;
}

/**
 * Points for a choice answer. Multiple choice is all-or-nothing (the exact set
 * of correct options): partial credit would reward ticking every box, and an
 * exact set is a rule a learner can predict from the instructions.
 */
export function choicePoints(question: KeyedQuestion, answer: SubmittedAnswer | undefined): number {
  if (!answer || !('optionIds' in answer)) return 0;
  const chosen = new Set(answer.optionIds);
  const correct = new Set(question.correct_option_ids);
  const exact = chosen.size === correct.size && [...chosen].every((id) => correct.has(id));
  return exact ? question.points : 0;
}

/** Open questions an assessor must mark: those answered. An open question left blank scores 0 without one. */
export function openQuestionsToMark(questions: KeyedQuestion[], answers: SubmittedAnswer[]): KeyedQuestion[] {
  const answered = new Set(answers.filter((a) => 'text' in a).map((a) => a.questionId));
  return questions.filter((q) => q.type === 'open' && answered.has(q.id));
}

/**
 * Percent with two decimals, rounded down: 69.996 % must not become a pass at 70 %.
 */
export function percentOf(points: number, max: number): number {
  return max === 0 ? 0 : Math.floor((points * 10_000) / max) / 100;
}

/** The final score of an attempt: choice answers against the key, open answers from the assessor's marks. */
export function finalScore(questions: KeyedQuestion[], answers: SubmittedAnswer[], openMarks: ReadonlyMap<string, number>): Score {
  const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
  let scorePoints = 0;
  let maxPoints = 0;
  for (const question of questions) {
    maxPoints += question.points;
    scorePoints += question.type === 'open' ? Math.min(openMarks.get(question.id) ?? 0, question.points) : choicePoints(question, byQuestion.get(question.id));
  }
  return { scorePoints, maxPoints, scorePercent: percentOf(scorePoints, maxPoints) };
}

function answerErrors(question: KeyedQuestion | undefined, answer: SubmittedAnswer, path: string): FieldError[] {
  if (!question) return [{ path: `${path}.questionId`, message: 'Not a question of this attempt' }];
  if ('text' in answer) return question.type === 'open' ? [] : [{ path: `${path}.text`, message: 'A choice question is answered with optionIds' }];
  if (question.type === 'open') return [{ path: `${path}.optionIds`, message: 'An open question is answered with text' }];
  const known = new Set(question.options.map((o) => o.id));
  const errors: FieldError[] = [];
  if (new Set(answer.optionIds).size !== answer.optionIds.length) errors.push({ path: `${path}.optionIds`, message: 'An option is chosen twice' });
  answer.optionIds.forEach((id, j) => {
    if (!known.has(id)) errors.push({ path: `${path}.optionIds.${j}`, message: `No option "${id}" in this question` });
  });
  if (question.type === 'single' && answer.optionIds.length > 1) errors.push({ path: `${path}.optionIds`, message: 'A single-choice question takes one option' });
  return errors;
}

/** Every way the answers do not fit the attempt's questions (unknown question or option, wrong kind, twice). */
export function validateAnswers(questions: KeyedQuestion[], answers: SubmittedAnswer[]): FieldError[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  return answers.flatMap((answer, i) => {
    const path = `body.answers.${i}`;
    if (seen.has(answer.questionId)) return [{ path: `${path}.questionId`, message: 'This question is answered twice' }];
    seen.add(answer.questionId);
    return answerErrors(byId.get(answer.questionId), answer, path);
  });
}
