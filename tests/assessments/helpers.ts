/**
 * Assessment fixtures: a published assessment with a small bank, a learner
 * enrolled on its programme version, and answers built from the key.
 */
import type { Db } from '../../services/db/database.ts';
import type { AssessmentKind, SubmittedAnswer } from '../../services/db/schema/assessments.ts';
import type { EnrolmentStatus } from '../../services/db/schema/enrolments.ts';
import { assessmentsRepository } from '../../services/assessments/assessments.repository.ts';
import type { QuestionInput } from '../../services/assessments/assessments.schemas.ts';
import { buildCohort, buildEnrolment, buildPerson, buildProgramme, sessionHeaders } from '../helpers/factories.ts';

const text = (label: string) => ({ fr: `${label} (fr)`, nl: `${label} (nl)`, de: `${label} (de)`, en: `${label} (en)` });
const options = (...ids: string[]) => ids.map((id) => ({ id, text: text(`Option ${id}`) }));

export function singleQuestion(correct = 'a'): QuestionInput {
  return { type: 'single', prompt: text('Single'), options: options('a', 'b', 'c'), correctOptionIds: [correct], points: 1 };
}
export function multipleQuestion(correct = ['a', 'c']): QuestionInput {
  return { type: 'multiple', prompt: text('Multiple'), options: options('a', 'b', 'c', 'd'), correctOptionIds: correct, points: 1 };
}
export function openQuestion(points = 2): QuestionInput {
  return { type: 'open', prompt: text('Open'), options: [], correctOptionIds: [], points };
}

/** Five choice questions of one point each: 4/5 = 80 % passes at 70 %, 3/5 = 60 % fails. */
export const FIVE_CHOICE_QUESTIONS: QuestionInput[] = [singleQuestion('a'), multipleQuestion(['a', 'c']), singleQuestion('b'), singleQuestion('c'), multipleQuestion(['b'])];

/** A published assessment with its questions, on a new published programme unless a version is given. */
export async function buildAssessment(
  db: Db,
  overrides: { programmeVersionId?: string; kind?: AssessmentKind; passMarkPercent?: number; maxAttempts?: number; questionsPerAttempt?: number | null; questions?: QuestionInput[]; status?: 'draft' | 'published' } = {},
) {
  const programmeVersionId = overrides.programmeVersionId ?? (await buildProgramme(db)).version.id;
  const repo = assessmentsRepository(db);
  const { id } = await repo.insert({
    programmeVersionId,
    kind: overrides.kind ?? 'certification',
    passMarkPercent: overrides.passMarkPercent ?? 70,
    maxAttempts: overrides.maxAttempts ?? 3,
    questionsPerAttempt: overrides.questionsPerAttempt ?? null,
  });
  for (const question of overrides.questions ?? FIVE_CHOICE_QUESTIONS) await repo.insertQuestion(id, question);
  if ((overrides.status ?? 'published') === 'published') await repo.setStatus(id, 'published', new Date());
  return { id, programmeVersionId };
}

/** A learner enrolled (approved unless told otherwise) in a cohort whose version has the assessment. */
export async function enrolledLearner(
  db: Db,
  options: { questions?: QuestionInput[]; maxAttempts?: number; status?: EnrolmentStatus; programmeVersionId?: string } = {},
) {
  const assessment = options.programmeVersionId
    ? { id: '', programmeVersionId: options.programmeVersionId }
    : await buildAssessment(db, { questions: options.questions, maxAttempts: options.maxAttempts });
  const cohort = await buildCohort(db, { programmeVersionId: assessment.programmeVersionId });
  const learner = await buildPerson(db, { roles: ['learner'], locale: 'nl', displayName: 'Lotte Leerling' });
  const enrolment = await buildEnrolment(db, { cohortId: cohort.id, personId: learner.id, status: options.status ?? 'approved' });
  return { assessment, learner, enrolment, headers: await sessionHeaders(learner) };
}

/**
 * Answers for an attempt from the answer key: the first `correct` choice
 * questions right, the others wrong; open questions get a text.
 */
export async function answersFor(db: Db, questionIds: string[], correct: number): Promise<SubmittedAnswer[]> {
  const questions = await assessmentsRepository(db).questionsByIds(questionIds);
  let right = 0;
  return questions.map((q) => {
    if (q.type === 'open') return { questionId: q.id, text: 'I would greet the citizen, ask what they need, and let them do each step.' };
    if (right++ < correct) return { questionId: q.id, optionIds: q.correct_option_ids };
    const wrong = q.options.map((o) => o.id).find((id) => !q.correct_option_ids.includes(id))!;
    return { questionId: q.id, optionIds: [wrong] };
  });
}
