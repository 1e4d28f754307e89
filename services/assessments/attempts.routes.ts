import { defineRoute } from '../shared/routes.ts';
import {
  attemptListSchema,
  attemptParams,
  attemptSchema,
  enrolmentParams,
  markingParams,
  markingQueueSchema,
  openMarksBody,
  submissionBody,
} from './assessments.schemas.ts';
import { getAttempt, listAttempts, startAttempt, submitAttempt } from './attempts.usecases.ts';
import { listMarkingQueue, recordOpenMarks } from './marking.usecases.ts';

// The learner whose enrolment it is; the use cases check the enrolment is theirs (403 otherwise).
const learner = { roles: ['learner'] } as const;
const assessor = { roles: ['assessor', 'admin'] } as const;

const learnerRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/enrolments/{enrolmentId}/attempts',
    operationId: 'startAttempt',
    summary: 'Starts the next attempt (the renewal test on a renewal enrolment, else the certifying test); answers with its questions, never the answer key',
    tags: ['Assessments'],
    access: learner,
    params: enrolmentParams,
    responses: { 201: { description: 'The attempt and its questions', schema: attemptSchema } },
    handler: async ({ c, params, principal, deps }) => {
      const attempt = await startAttempt(deps, { enrolmentId: params.enrolmentId, principal: principal! });
      c.header('Location', `/api/v1/enrolments/${params.enrolmentId}/attempts/${attempt.id}`);
      return c.json(attempt, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/enrolments/{enrolmentId}/attempts',
    operationId: 'listAttempts',
    summary: 'The attempts of an enrolment with their results and the attempts left',
    tags: ['Assessments'],
    access: learner,
    params: enrolmentParams,
    responses: { 200: { description: 'Attempts, oldest first', schema: attemptListSchema } },
    handler: async ({ c, params, principal, deps }) => c.json({ attempts: await listAttempts(deps, { enrolmentId: params.enrolmentId, principal: principal! }) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/enrolments/{enrolmentId}/attempts/{attemptId}',
    operationId: 'getAttempt',
    summary: 'One attempt: questions, the answers given, and the result once marked',
    tags: ['Assessments'],
    access: learner,
    params: attemptParams,
    responses: { 200: { description: 'The attempt', schema: attemptSchema } },
    handler: async ({ c, params, principal, deps }) => c.json(await getAttempt(deps, { ...params, principal: principal! })),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/enrolments/{enrolmentId}/attempts/{attemptId}/submission',
    operationId: 'submitAttempt',
    summary: 'Submits the answers of an attempt, once; marking follows in the background',
    tags: ['Assessments'],
    access: learner,
    params: attemptParams,
    body: submissionBody,
    responses: { 200: { description: 'The submitted attempt', schema: attemptSchema } },
    handler: async ({ c, params, body, principal, deps }) => c.json(await submitAttempt(deps, { ...params, answers: body.answers, principal: principal! })),
  }),
];

const assessorRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/marking-queue',
    operationId: 'listMarkingQueue',
    summary: 'Attempts waiting for an assessor, with their open answers (learner by display name only)',
    tags: ['Assessments'],
    access: assessor,
    responses: { 200: { description: 'Oldest first', schema: markingQueueSchema } },
    handler: async ({ c, deps }) => c.json({ attempts: await listMarkingQueue(deps) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/attempts/{attemptId}/open-marks',
    operationId: 'recordOpenMarks',
    summary: 'Marks open answers; the last one completes the score',
    tags: ['Assessments'],
    access: assessor,
    params: markingParams,
    body: openMarksBody,
    responses: { 200: { description: 'The attempt status and its result once complete' } },
    handler: async ({ c, params, body, principal, deps }) => c.json(await recordOpenMarks(deps, { attemptId: params.attemptId, marks: body.marks, actor: principal! })),
  }),
];

export const attemptRoutes = [...learnerRoutes, ...assessorRoutes];
