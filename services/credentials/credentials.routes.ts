import { z } from 'zod';
import { defineRoute } from '../shared/routes.ts';
import { changeCredentialStatus } from '../status/status.usecases.ts';
import { commonErrors } from '../shared/errors.ts';
import { getCredential, issueCredential } from './credentials.usecases.ts';
import { credentialsRepository } from './credentials.repository.ts';
import { credentialErrors } from './credentials.errors.ts';

const statusRequest = z.object({ type: z.string(), statusPurpose: z.enum(['revocation', 'suspension']).optional() }).loose();
const statusChange = {
  action: z.enum(['revoke', 'suspend', 'unsuspend']),
  reason: z.string().trim().min(3, 'say why, in a few words').max(500),
};
const statusChangeResult = z.object({ credentialId: z.uuid(), revoked: z.boolean(), suspended: z.boolean() });

export const credentialRoutes = [
  defineRoute({
    method: 'post',
    path: '/credentials/issue',
    operationId: 'issueCredential',
    summary: 'Sign a VC 2.0 (or 1.1) credential with an eddsa-rdfc-2022 proof (VC-API)',
    description: 'The issuer must be this service\'s DID. `options.credentialStatus` adds BitstringStatusListEntry entries.',
    tags: ['VC-API'],
    access: { scopes: ['credentials:issue'] },
    body: z.object({
      credential: z.record(z.string(), z.unknown()),
      options: z.object({ credentialStatus: z.union([statusRequest, z.array(statusRequest)]).optional() }).loose().optional(),
    }),
    bodyTypes: ['application/json', 'application/ld+json'],
    responses: { 201: { description: 'The signed credential', schema: z.object({ verifiableCredential: z.record(z.string(), z.unknown()) }) } },
    handler: async ({ c, body, deps, principal }) => {
      const { id, verifiableCredential } = await issueCredential(deps, {
        credential: body.credential,
        options: body.options as Parameters<typeof issueCredential>[1]['options'],
        clientId: principal?.kind === 'client' ? principal.id : null,
      });
      c.header('Location', `/credentials/${id}`);
      return c.json({ verifiableCredential }, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/credentials/{credentialId}',
    operationId: 'getCredential',
    summary: 'A stored credential (JSON-LD, or the OB 3.0 JWT with Accept: application/jwt)',
    description: 'Public once its holder has shared it; otherwise only to its holder, the API client that issued it, or an admin.',
    tags: ['VC-API'],
    access: 'public',
    params: z.object({ credentialId: z.uuid() }),
    responses: { 200: { description: 'The credential', schema: z.record(z.string(), z.unknown()) } },
    handler: async ({ c, params, deps, principal }) => {
      const row = await getCredential(deps, { id: params.credentialId, principal });
      c.header('Cache-Control', 'private, no-cache');
      if ((c.req.header('accept') ?? '').includes('application/jwt')) {
        if (!row.jwt) throw credentialErrors.notFound('This credential has no JWT form');
        return c.body(row.jwt, 200, { 'content-type': 'application/jwt' });
      }
      return c.json(row.document);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/credentials/status',
    operationId: 'updateCredentialStatus',
    summary: 'Revoke, suspend or unsuspend a credential this client issued (VC-API)',
    tags: ['VC-API'],
    access: { scopes: ['credentials:status'] },
    body: z.strictObject({ credentialId: z.string().min(1), ...statusChange }),
    responses: { 200: { description: 'The new status', schema: statusChangeResult } },
    handler: async ({ c, body, deps, principal }) => {
      const repository = credentialsRepository(deps.db);
      const row = z.uuid().safeParse(body.credentialId).success ? await repository.byId(body.credentialId) : await repository.byVcId(body.credentialId);
      if (!row || principal?.kind !== 'client' || row.issued_by_client_id !== principal.id) throw credentialErrors.notFound();
      const result = await changeCredentialStatus(deps, { credentialId: row.id, action: body.action, reason: body.reason, actor: principal });
      return c.json({ credentialId: row.id, ...result });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/credentials/{credentialId}/status-changes',
    operationId: 'changeCredentialStatus',
    summary: 'Revoke, suspend or unsuspend a credential, with a reason (admins)',
    tags: ['Credentials'],
    access: { roles: ['admin'] },
    params: z.object({ credentialId: z.uuid() }),
    body: z.strictObject(statusChange),
    responses: { 200: { description: 'The new status', schema: statusChangeResult } },
    handler: async ({ c, params, body, deps, principal }) => {
      if (!principal) throw commonErrors.unauthenticated();
      const result = await changeCredentialStatus(deps, { credentialId: params.credentialId, action: body.action, reason: body.reason, actor: principal });
      return c.json({ credentialId: params.credentialId, ...result });
    },
  }),
];
