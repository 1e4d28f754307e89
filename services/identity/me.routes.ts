import { z } from 'zod';
import { ROLES } from '../db/schema/foundation.ts';
import type { Principal } from '../shared/auth.ts';
import { defineRoute } from '../shared/routes.ts';
import { personView } from './identity.schemas.ts';
import { eraseMe, exportMyData, getMe } from './me.usecases.ts';

/** Any signed-in person, whatever their roles. */
const anyPerson = { roles: ROLES };

function personId(principal: Principal | null): string {
  // authorize() has let only people through; this narrows the type.
  if (principal?.kind !== 'person') throw new Error('A person route was reached without a person');
  return principal.id;
}

export const meRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    summary: 'The signed-in person',
    tags: ['People'],
    access: anyPerson,
    responses: { 200: { description: 'The person', schema: personView } },
    handler: async ({ c, principal, deps }) => c.json(await getMe(deps, { personId: personId(principal) })),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/me/export',
    operationId: 'exportMyData',
    summary: 'Everything Brevet holds about the signed-in person, as JSON (access and portability)',
    tags: ['People'],
    access: anyPerson,
    responses: { 200: { description: 'The export', schema: z.object({ person: personView }).passthrough() } },
    handler: async ({ c, principal, deps }) => {
      const data = await exportMyData(deps, { personId: personId(principal) });
      c.header('Cache-Control', 'no-store');
      c.header('Content-Disposition', 'attachment; filename="brevet-export.json"');
      return c.json(data);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/me',
    operationId: 'eraseMe',
    summary: 'Erases the signed-in person (issued credentials stay verifiable)',
    tags: ['People'],
    access: anyPerson,
    responses: { 204: { description: 'Erased' } },
    handler: async ({ c, principal, deps }) => {
      await eraseMe(deps, { personId: personId(principal) });
      return c.body(null, 204);
    },
  }),
];
