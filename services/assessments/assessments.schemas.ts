import { z } from 'zod';
import { ASSESSMENT_KINDS, ATTEMPT_STATUSES, QUESTION_TYPES } from '../db/schema/assessments.ts';
import { localizedText, programmeCode } from '../programmes/programmes.schemas.ts';

const optionId = z.string().regex(/^[a-z0-9]{1,16}$/, 'Lower-case letters and digits, 1 to 16 characters');

/**
 * A question of the bank. Single choice has exactly one correct option,
 * multiple choice at least one; an open question has no options and is marked
 * by an assessor out of its points.
 */
export const questionInput = z
  .strictObject({
    type: z.enum(QUESTION_TYPES),
    prompt: localizedText(2000),
    options: z.array(z.strictObject({ id: optionId, text: localizedText(500) })).max(12).default([]),
    correctOptionIds: z.array(optionId).max(12).default([]),
    points: z.number().int().min(1).max(100).default(1),
  })
  .superRefine((q, ctx) => {
    const ids = new Set(q.options.map((o) => o.id));
    if (ids.size !== q.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Option ids must be unique' });
    if (q.type === 'open') {
      if (q.options.length || q.correctOptionIds.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'An open question has no options' });
      return;
    }
    if (q.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'A choice question needs at least two options' });
    const correct = new Set(q.correctOptionIds);
    if (correct.size !== q.correctOptionIds.length) ctx.addIssue({ code: 'custom', path: ['correctOptionIds'], message: 'Correct option ids must be unique' });
    if ([...correct].some((id) => !ids.has(id))) ctx.addIssue({ code: 'custom', path: ['correctOptionIds'], message: 'Every correct option id must be one of the options' });
    if (q.type === 'single' && correct.size !== 1) ctx.addIssue({ code: 'custom', path: ['correctOptionIds'], message: 'A single-choice question has exactly one correct option' });
    if (q.type === 'multiple' && correct.size < 1) ctx.addIssue({ code: 'custom', path: ['correctOptionIds'], message: 'A multiple-choice question has at least one correct option' });
  });

export type QuestionInput = z.infer<typeof questionInput>;

export const createAssessmentBody = z.strictObject({
  programmeVersionId: z.uuid(),
  kind: z.enum(ASSESSMENT_KINDS),
  /** Defaults to the programme version's assessment settings. */
  passMarkPercent: z.number().int().min(1).max(100).optional(),
  maxAttempts: z.number().int().min(1).max(10).optional(),
  questionsPerAttempt: z.number().int().min(1).max(200).nullable().optional(),
});

export const listAssessmentsQuery = z.strictObject({ programmeVersionId: z.uuid().optional() });
export const assessmentParams = z.strictObject({ assessmentId: z.uuid() });
export const questionParams = z.strictObject({ assessmentId: z.uuid(), questionId: z.uuid() });
export const enrolmentParams = z.strictObject({ enrolmentId: z.uuid() });
export const attemptParams = z.strictObject({ enrolmentId: z.uuid(), attemptId: z.uuid() });
export const markingParams = z.strictObject({ attemptId: z.uuid() });

export const submissionBody = z.strictObject({
  answers: z
    .array(
      z.union([
        z.strictObject({ questionId: z.uuid(), optionIds: z.array(optionId).min(1).max(12) }),
        z.strictObject({ questionId: z.uuid(), text: z.string().trim().min(1).max(5000) }),
      ]),
    )
    .max(200),
});
export type SubmissionInput = z.infer<typeof submissionBody>;

export const openMarksBody = z.strictObject({
  marks: z
    .array(z.strictObject({ questionId: z.uuid(), points: z.number().int().min(0).max(100), comment: z.string().trim().min(1).max(2000).optional() }))
    .min(1)
    .max(50),
});
export type OpenMarksInput = z.infer<typeof openMarksBody>;

/** The seed file: per programme, its certification assessment and a renewal test drawn from the same bank. */
export const assessmentSeedFile = z.strictObject({
  assessments: z.array(
    z.strictObject({
      programmeCode,
      kind: z.enum(ASSESSMENT_KINDS),
      passMarkPercent: z.number().int().min(1).max(100),
      maxAttempts: z.number().int().min(1).max(10),
      questionsPerAttempt: z.number().int().min(1).max(200).nullable(),
      questions: z.array(questionInput).max(200).optional(),
      /** Reuse the choice questions of this kind's assessment of the same programme (renewal: auto-marked only). */
      choiceQuestionsOf: z.enum(ASSESSMENT_KINDS).optional(),
    }),
  ),
});

// ---- responses (OpenAPI) ----
const localizedOut = z.object({ fr: z.string(), nl: z.string(), de: z.string(), en: z.string() });
const optionOut = z.object({ id: z.string(), text: localizedOut });

export const learnerQuestionSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  type: z.enum(QUESTION_TYPES),
  prompt: localizedOut,
  options: z.array(optionOut),
  points: z.number().int(),
});

export const adminQuestionSchema = learnerQuestionSchema.extend({ correctOptionIds: z.array(z.string()) });

export const assessmentSchema = z.object({
  id: z.uuid(),
  programmeVersionId: z.uuid(),
  kind: z.enum(ASSESSMENT_KINDS),
  status: z.enum(['draft', 'published']),
  passMarkPercent: z.number().int(),
  maxAttempts: z.number().int(),
  questionsPerAttempt: z.number().int().nullable(),
  questionCount: z.number().int(),
  createdAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().nullable(),
});
export const assessmentDetailSchema = assessmentSchema.extend({ questions: z.array(adminQuestionSchema) });
export const assessmentListSchema = z.object({ assessments: z.array(assessmentSchema) });

export const attemptSchema = z.object({
  id: z.uuid(),
  enrolmentId: z.uuid(),
  assessmentId: z.uuid(),
  kind: z.enum(ASSESSMENT_KINDS),
  number: z.number().int(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: z.iso.datetime(),
  submittedAt: z.iso.datetime().nullable(),
  questions: z.array(learnerQuestionSchema),
  answers: z.array(z.record(z.string(), z.unknown())).nullable(),
  result: z
    .object({ scorePoints: z.number().int(), maxPoints: z.number().int(), scorePercent: z.number(), passMarkPercent: z.number().int(), passed: z.boolean(), markedAt: z.iso.datetime() })
    .nullable(),
  attemptsLeft: z.number().int(),
});
export const attemptListSchema = z.object({ attempts: z.array(attemptSchema.omit({ questions: true, answers: true })) });

export const markingQueueSchema = z.object({
  attempts: z.array(
    z.object({
      attemptId: z.uuid(),
      learnerDisplayName: z.string(),
      programmeCode: z.string(),
      submittedAt: z.iso.datetime(),
      openAnswers: z.array(z.object({ questionId: z.uuid(), prompt: localizedOut, points: z.number().int(), text: z.string() })),
    }),
  ),
});
