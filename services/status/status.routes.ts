import { z } from 'zod';
import { defineRoute, type RouteInput } from '../shared/routes.ts';
import { publishedStatusList } from './status.usecases.ts';

const listId = z.string().regex(/^(revocation|suspension)-\d+$/, 'a status list id such as revocation-1');

async function serveList({ c, deps, params }: RouteInput<{ listId: string; keyId?: string }, unknown, unknown>) {
  const { document, version, keyId } = await publishedStatusList(deps, { listId: params.listId, storedKeyId: params.keyId });
  const etag = `"${params.listId}.${keyId}.${version}"`;
  c.header('ETag', etag);
  // Verifiers may cache a list for a minute: a revocation is seen everywhere within that time.
  c.header('Cache-Control', 'public, max-age=60');
  if (c.req.header('if-none-match') === etag) return c.body(null, 304);
  return c.json(document);
}

const statusListResponse = { description: 'The signed BitstringStatusListCredential', schema: z.object({ type: z.array(z.string()) }).loose() };

export const statusRoutes = [
  defineRoute({
    method: 'get',
    path: '/status/{listId}',
    operationId: 'getStatusList',
    summary: 'A Bitstring Status List credential (did:web issuer)',
    tags: ['Credentials'],
    access: 'public',
    params: z.object({ listId }),
    responses: { 200: statusListResponse, 304: { description: 'Not modified' } },
    handler: serveList,
  }),
  defineRoute({
    method: 'get',
    path: '/status/{listId}/{keyId}',
    operationId: 'getStatusListOfKey',
    summary: 'A Bitstring Status List credential signed by one did:key issuer key',
    tags: ['Credentials'],
    access: 'public',
    params: z.object({ listId, keyId: z.string().regex(/^[\w-]{1,64}$/) }),
    responses: { 200: statusListResponse, 304: { description: 'Not modified' } },
    handler: serveList,
  }),
];
