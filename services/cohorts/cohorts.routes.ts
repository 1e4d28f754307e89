import { ROLES } from '../db/schema/foundation.ts';
import { defineRoute } from '../shared/routes.ts';
import { cohortDetailSchema, cohortListSchema, cohortParams, createCohortBody, listCohortsQuery, updateCohortBody } from './cohorts.schemas.ts';
import { createCohort, getCohort, listCohorts, updateCohort } from './cohorts.usecases.ts';

const admin = { roles: ['admin'] } as const;
// Learners pick a cohort to enrol in, managers follow their agents': anyone signed in reads them,
// restricted to cohorts open to all or scoped to their organisation (staff see all).
const signedIn = { roles: ROLES };

export const cohortRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/cohorts',
    operationId: 'createCohort',
    summary: 'Opens a cohort of a published programme version (a fixed-duration programme computes endsOn)',
    tags: ['Cohorts'],
    access: admin,
    body: createCohortBody,
    responses: { 201: { description: 'The cohort', schema: cohortDetailSchema } },
    handler: async ({ c, body, principal, deps }) => {
      const cohort = await createCohort(deps, { ...body, actor: principal! });
      c.header('Location', `/api/v1/cohorts/${cohort.id}`);
      return c.json(cohort, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/cohorts',
    operationId: 'listCohorts',
    summary: 'Cohorts, by programme code, organisation, and upcoming (starting today or later)',
    tags: ['Cohorts'],
    access: signedIn,
    query: listCohortsQuery,
    responses: { 200: { description: 'Cohorts ordered by start date', schema: cohortListSchema } },
    handler: async ({ c, query, principal, deps }) =>
      c.json({
        cohorts: await listCohorts(deps, { programmeCode: query.programme, organisationId: query.organisation, upcoming: query.upcoming, principal: principal! }),
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/cohorts/{cohortId}',
    operationId: 'getCohort',
    summary: 'One cohort with seats taken and left, facilitators and requirements',
    tags: ['Cohorts'],
    access: signedIn,
    params: cohortParams,
    responses: { 200: { description: 'The cohort', schema: cohortDetailSchema } },
    handler: async ({ c, params, principal, deps }) => c.json(await getCohort(deps, { cohortId: params.cohortId, principal: principal! })),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/cohorts/{cohortId}',
    operationId: 'updateCohort',
    summary: 'Changes capacity (never below the seats taken) and/or facilitators',
    tags: ['Cohorts'],
    access: admin,
    params: cohortParams,
    body: updateCohortBody,
    responses: { 200: { description: 'The cohort', schema: cohortDetailSchema } },
    handler: async ({ c, params, body, principal, deps }) =>
      c.json(await updateCohort(deps, { cohortId: params.cohortId, capacity: body.capacity, facilitatorIds: body.facilitatorIds, actor: principal! })),
  }),
];
