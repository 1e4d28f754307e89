import { defineRoute } from '../shared/routes.ts';
import {
  adminQuestionSchema,
  assessmentDetailSchema,
  assessmentListSchema,
  assessmentParams,
  createAssessmentBody,
  listAssessmentsQuery,
  questionInput,
  questionParams,
} from './assessments.schemas.ts';
import { addQuestion, createAssessment, getAssessment, listAssessments, publishAssessment, removeQuestion } from './assessments.usecases.ts';
import { attemptRoutes } from './attempts.routes.ts';

// The bank holds the answer key: administrators only.
const admin = { roles: ['admin'] } as const;

const adminRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/assessments',
    operationId: 'createAssessment',
    summary: 'Creates a draft assessment (certification or renewal) for a programme version',
    tags: ['Assessments'],
    access: admin,
    body: createAssessmentBody,
    responses: { 201: { description: 'The draft assessment', schema: assessmentDetailSchema } },
    handler: async ({ c, body, principal, deps }) => {
      const assessment = await createAssessment(deps, { ...body, actor: principal! });
      c.header('Location', `/api/v1/assessments/${assessment.id}`);
      return c.json(assessment, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/assessments',
    operationId: 'listAssessments',
    summary: 'Assessments, optionally of one programme version',
    tags: ['Assessments'],
    access: admin,
    query: listAssessmentsQuery,
    responses: { 200: { description: 'Assessments', schema: assessmentListSchema } },
    handler: async ({ c, query, deps }) => c.json({ assessments: await listAssessments(deps, query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/assessments/{assessmentId}',
    operationId: 'getAssessment',
    summary: 'One assessment with its question bank and answer key',
    tags: ['Assessments'],
    access: admin,
    params: assessmentParams,
    responses: { 200: { description: 'The assessment', schema: assessmentDetailSchema } },
    handler: async ({ c, params, deps }) => c.json(await getAssessment(deps, params)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/assessments/{assessmentId}/questions',
    operationId: 'addQuestion',
    summary: 'Adds a question to a draft assessment',
    tags: ['Assessments'],
    access: admin,
    params: assessmentParams,
    body: questionInput,
    responses: { 201: { description: 'The question', schema: adminQuestionSchema } },
    handler: async ({ c, params, body, principal, deps }) => c.json(await addQuestion(deps, { assessmentId: params.assessmentId, question: body, actor: principal! }), 201),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/assessments/{assessmentId}/questions/{questionId}',
    operationId: 'removeQuestion',
    summary: 'Removes a question from a draft assessment',
    tags: ['Assessments'],
    access: admin,
    params: questionParams,
    responses: { 204: { description: 'Removed' } },
    handler: async ({ c, params, principal, deps }) => {
      await removeQuestion(deps, { ...params, actor: principal! });
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/assessments/{assessmentId}/publish',
    operationId: 'publishAssessment',
    summary: 'Publishes a draft assessment: learners can take it, and its bank is frozen',
    tags: ['Assessments'],
    access: admin,
    params: assessmentParams,
    responses: { 200: { description: 'The published assessment', schema: assessmentDetailSchema } },
    handler: async ({ c, params, principal, deps }) => c.json(await publishAssessment(deps, { assessmentId: params.assessmentId, actor: principal! })),
  }),
];

/** Administration of assessments, learners' attempts and assessors' marking. */
export const assessmentRoutes = [...adminRoutes, ...attemptRoutes];
