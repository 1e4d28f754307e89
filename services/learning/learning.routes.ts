import { defineRoute } from '../shared/routes.ts';
import { completeModuleBody, enrolmentModuleParams, enrolmentParams, moduleProgressSchema, progressSchema, statementIdsSchema } from './learning.schemas.ts';
import { completeModule, getProgress, startModule } from './progress.usecases.ts';
import { XAPI_VERSION, xapiStatementsBody } from './xapi.ts';
import { recordStatements } from './xapi.usecases.ts';

const learner = { roles: ['learner'] } as const;

export const learningRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/enrolments/{enrolmentId}/modules/{moduleId}/start',
    operationId: 'startModule',
    summary: 'The learner starts a module of their enrolment (the first progress makes an approved enrolment active)',
    tags: ['Learning'],
    access: learner,
    params: enrolmentModuleParams,
    responses: { 200: { description: 'The module progress', schema: moduleProgressSchema } },
    handler: async ({ c, params, principal, deps }) => c.json(await startModule(deps, { ...params, principal: principal! })),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/enrolments/{enrolmentId}/modules/{moduleId}/complete',
    operationId: 'completeModule',
    summary: 'The learner completes a module with the time spent; completing again keeps the first completion',
    tags: ['Learning'],
    access: learner,
    params: enrolmentModuleParams,
    body: completeModuleBody,
    responses: { 200: { description: 'The module progress', schema: moduleProgressSchema } },
    handler: async ({ c, params, body, principal, deps }) =>
      c.json(await completeModule(deps, { ...params, secondsSpent: body.secondsSpent, principal: principal! })),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/enrolments/{enrolmentId}/progress',
    operationId: 'getEnrolmentProgress',
    summary: 'Modules and webinars done and left, and the cohort deadline (the learner, their manager, the cohort facilitators, admins)',
    tags: ['Learning'],
    access: { roles: ['learner', 'manager', 'facilitator', 'admin'] },
    params: enrolmentParams,
    responses: { 200: { description: 'Progress per requirement', schema: progressSchema } },
    handler: async ({ c, params, principal, deps }) => c.json(await getProgress(deps, { enrolmentId: params.enrolmentId, principal: principal! })),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/xapi/statements',
    operationId: 'postXapiStatements',
    summary: 'An LMS reports module completions as xAPI 1.0.3 "completed" statements (one or a batch)',
    description:
      'actor.mbox is "mailto:<learner email>"; verb.id is http://adlnet.gov/expapi/verbs/completed; object.id is the module IRI ' +
      '<public base URL>/modules/<module id> (ids from the cohort requirements); result.duration (ISO 8601, e.g. PT2H) is the time spent. ' +
      'A batch is all or nothing; a statement id sent again counts once. Answers the statement ids, in order.',
    tags: ['Learning'],
    access: { scopes: ['learning:report'] },
    body: xapiStatementsBody,
    responses: { 200: { description: 'The statement ids', schema: statementIdsSchema } },
    handler: async ({ c, body, principal, deps }) => {
      const ids = await recordStatements(deps, { statements: body, clientId: principal!.id });
      c.header('X-Experience-API-Version', XAPI_VERSION);
      return c.json(ids);
    },
  }),
];
