import { z } from 'zod';
import { commonErrors } from '../shared/errors.ts';
import { defineRoute } from '../shared/routes.ts';
import { idParams, organisationInput, organisationView, peopleQuery, personInput, personPatch, personView } from './identity.schemas.ts';
import { createOrganisation, createPerson, listOrganisations, listPeople, updatePerson } from './people.usecases.ts';

const admin = { roles: ['admin'] } as const;

export const peopleRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/organisations',
    operationId: 'createOrganisation',
    summary: 'Creates an organisation (a municipality, a federal service...)',
    tags: ['People'],
    access: admin,
    body: organisationInput,
    responses: { 201: { description: 'Created', schema: organisationView }, 409: { description: 'The name is taken (identity.organisation_exists)' } },
    handler: async ({ c, body, principal, deps }) => c.json(await createOrganisation(deps, { organisation: body, actor: principal! }), 201),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/organisations',
    operationId: 'listOrganisations',
    summary: 'Lists organisations',
    tags: ['People'],
    access: admin,
    responses: { 200: { description: 'The organisations', schema: z.object({ organisations: z.array(organisationView) }) } },
    handler: async ({ c, deps }) => c.json({ organisations: await listOrganisations(deps) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/people',
    operationId: 'createPerson',
    summary: 'Creates a person with their organisation, manager and roles',
    tags: ['People'],
    access: admin,
    body: personInput,
    responses: {
      201: { description: 'Created', schema: personView },
      409: { description: 'The address is taken (identity.email_taken)' },
      422: { description: 'Unknown organisation or manager' },
    },
    handler: async ({ c, body, principal, deps }) => c.json(await createPerson(deps, { person: body, actor: principal! }), 201),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/people',
    operationId: 'listPeople',
    summary: 'Lists people; a manager sees only their own organisation',
    tags: ['People'],
    access: { roles: ['admin', 'manager'] },
    query: peopleQuery,
    responses: {
      200: { description: 'The people', schema: z.object({ people: z.array(personView) }) },
      403: { description: 'A manager asked for another organisation (identity.outside_organisation)' },
    },
    handler: async ({ c, query, principal, deps }) => {
      if (principal?.kind !== 'person') throw commonErrors.forbidden();
      return c.json({ people: await listPeople(deps, { query, principal }) });
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/people/{id}',
    operationId: 'updatePerson',
    summary: "Changes a person's roles, manager, organisation, name or language",
    description: 'Takes effect at the next sign-in: sessions already given keep their roles until they expire (one hour).',
    tags: ['People'],
    access: admin,
    params: idParams,
    body: personPatch,
    responses: { 200: { description: 'Updated', schema: personView }, 404: { description: 'No such person' } },
    handler: async ({ c, params, body, principal, deps }) => c.json(await updatePerson(deps, { id: params.id, patch: body, actor: principal! })),
  }),
];
