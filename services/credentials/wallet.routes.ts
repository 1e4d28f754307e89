import { z } from 'zod';
import { commonErrors } from '../shared/errors.ts';
import type { Principal } from '../shared/auth.ts';
import { defineRoute } from '../shared/routes.ts';
import { listHeldCredentials, setCredentialSharing } from './wallet.usecases.ts';

const ALL_ROLES = ['learner', 'manager', 'facilitator', 'assessor', 'admin'] as const;

function person(principal: Principal | null): Extract<Principal, { kind: 'person' }> {
  if (principal?.kind !== 'person') throw commonErrors.unauthenticated();
  return principal;
}

export const walletRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/me/credentials',
    operationId: 'listMyCredentials',
    summary: 'The badges I hold, with their verification and download links',
    tags: ['Credentials'],
    access: { roles: ALL_ROLES },
    responses: { 200: { description: 'Held badges', schema: z.object({ credentials: z.array(z.object({ id: z.uuid(), shared: z.boolean() }).loose()) }) } },
    handler: async ({ c, deps, principal }) => c.json({ credentials: await listHeldCredentials(deps, { personId: person(principal).id }) }),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/me/credentials/{credentialId}',
    operationId: 'shareMyCredential',
    summary: 'Turn public sharing of one of my badges on or off',
    tags: ['Credentials'],
    access: { roles: ALL_ROLES },
    params: z.object({ credentialId: z.uuid() }),
    body: z.strictObject({ shared: z.boolean() }),
    responses: { 200: { description: 'The new setting', schema: z.object({ id: z.uuid(), shared: z.boolean() }) } },
    handler: async ({ c, params, body, deps, principal }) =>
      c.json(await setCredentialSharing(deps, { actor: person(principal), credentialId: params.credentialId, shared: body.shared })),
  }),
];
