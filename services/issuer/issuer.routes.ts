import { z } from 'zod';
import { commonErrors } from '../shared/errors.ts';
import { defineRoute } from '../shared/routes.ts';
import { issuerKeysRepository } from './issuer.repository.ts';
import { activeSigningKey, issuerDidDocument, rotateIssuerKey } from './issuer.usecases.ts';

export const issuerRoutes = [
  defineRoute({
    method: 'get',
    path: '/.well-known/did.json',
    operationId: 'getDidDocument',
    summary: 'The issuer DID document (did:web): every key ever used, retired ones included',
    tags: ['Credentials'],
    access: 'public',
    responses: { 200: { description: 'DID document', schema: z.object({ id: z.string() }).loose() } },
    handler: async ({ c, deps }) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(await issuerDidDocument(deps));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/issuer',
    operationId: 'getIssuer',
    summary: 'The issuer identity and its keys (admins)',
    tags: ['Credentials'],
    access: { roles: ['admin'] },
    responses: {
      200: {
        description: 'Issuer',
        schema: z.object({
          did: z.string(),
          verificationMethod: z.string(),
          keys: z.array(z.object({ id: z.string(), publicKeyMultibase: z.string(), createdAt: z.string(), retiredAt: z.string().nullable() })),
        }),
      },
    },
    handler: async ({ c, deps }) => {
      const { key } = await activeSigningKey(deps);
      const keys = await issuerKeysRepository(deps.db).all();
      return c.json({
        did: key.controller,
        verificationMethod: key.verificationMethodId,
        keys: keys.map((k) => ({
          id: k.id,
          publicKeyMultibase: k.public_key_multibase,
          createdAt: new Date(k.created_at).toISOString(),
          retiredAt: k.retired_at ? new Date(k.retired_at).toISOString() : null,
        })),
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/issuer/key-rotations',
    operationId: 'rotateIssuerKey',
    summary: 'Add a new signing key and retire the current one (never deleted; old badges keep verifying)',
    tags: ['Credentials'],
    access: { roles: ['admin'] },
    responses: { 201: { description: 'The new key', schema: z.object({ keyId: z.string() }) } },
    handler: async ({ c, deps, principal }) => {
      if (!principal) throw commonErrors.unauthenticated();
      return c.json(await rotateIssuerKey(deps, principal), 201);
    },
  }),
];
