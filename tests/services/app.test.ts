import { describe, expect, it } from 'vitest';
import { readJson } from '../helpers/http.ts';
import { z } from 'zod';
import { apiRoutes, createApp } from '../../services/app.ts';
import { signAccessToken } from '../../services/shared/auth.ts';
import { defineRoute } from '../../services/shared/routes.ts';
import { createTestDeps, testSecrets } from '../helpers/deps.ts';

const deps = createTestDeps();

// Routes exercising the shared machinery (validation, access, errors) through the real app.
const probeRoutes = [
  defineRoute({
    method: 'post',
    path: '/probe/{id}',
    operationId: 'probe',
    summary: 'probe',
    tags: ['Test'],
    access: 'public',
    params: z.object({ id: z.uuid() }),
    body: z.strictObject({ name: z.string().min(1), count: z.number().int().positive() }),
    responses: { 200: { description: 'ok' } },
    handler: ({ c, params, body }) => c.json({ id: params.id, ...body }),
  }),
  defineRoute({
    method: 'get',
    path: '/probe-admin',
    operationId: 'probeAdmin',
    summary: 'admins only',
    tags: ['Test'],
    access: { roles: ['admin'] },
    responses: { 200: { description: 'ok' } },
    handler: ({ c, principal }) => c.json({ principal }),
  }),
  defineRoute({
    method: 'get',
    path: '/probe-crash',
    operationId: 'probeCrash',
    summary: 'throws',
    tags: ['Test'],
    access: 'public',
    responses: { 200: { description: 'never' } },
    handler: () => {
      throw new Error('secret internal detail');
    },
  }),
];
const app = createApp(deps, [...apiRoutes(), ...probeRoutes]);
const id = '2f1c7a3e-8f0b-4a51-9d55-0c7e2f1b9a10';

async function tokenFor(roles: Array<'learner' | 'admin'>) {
  return signAccessToken(testSecrets.sessionKey, { kind: 'person', id: 'p1', roles, organisationId: null }, { ttlSeconds: 600, now: new Date() });
}

describe('errors are RFC 9457 problem+json with stable codes', () => {
  it('answers an unknown route with 404 route.not_found', async () => {
    const res = await app.request('/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(res)).toMatchObject({ status: 404, code: 'route.not_found', instance: '/nowhere' });
  });

  it('lists every invalid field of a body', async () => {
    const res = await app.request(`/probe/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '', count: -1, extra: true }),
    });
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.code).toBe('request.invalid');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.count', 'body']));
  });

  it('validates path parameters', async () => {
    const res = await app.request('/probe/not-a-uuid', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a","count":1}' });
    expect(res.status).toBe(400);
    expect((await readJson(res)).errors[0].path).toBe('path.id');
  });

  it('answers malformed JSON with request.malformed_json', async () => {
    const res = await app.request(`/probe/${id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(res.status).toBe(400);
    expect((await readJson(res)).code).toBe('request.malformed_json');
  });

  it('answers a non-JSON body with 415', async () => {
    const res = await app.request(`/probe/${id}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect((await readJson(res)).code).toBe('request.unsupported_media_type');
  });

  it('accepts a valid request', async () => {
    const res = await app.request(`/probe/${id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a","count":2}' });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ id, name: 'a', count: 2 });
  });

  it('hides internals of an unexpected error behind a 500 with the request id', async () => {
    const res = await app.request('/probe-crash');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret internal detail');
    expect(JSON.parse(text).code).toBe('internal');
    expect(res.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
  });
});

describe('route access', () => {
  it('answers an anonymous caller 401', async () => {
    const res = await app.request('/probe-admin');
    expect(res.status).toBe(401);
    expect((await readJson(res)).code).toBe('auth.unauthenticated');
  });

  it('answers another role 403', async () => {
    const res = await app.request('/probe-admin', { headers: { authorization: `Bearer ${await tokenFor(['learner'])}` } });
    expect(res.status).toBe(403);
    expect((await readJson(res)).code).toBe('auth.forbidden');
  });

  it('lets the declared role through', async () => {
    const res = await app.request('/probe-admin', { headers: { authorization: `Bearer ${await tokenFor(['admin'])}` } });
    expect(res.status).toBe(200);
  });

  it('answers a forged or expired token 401', async () => {
    const forged = (await tokenFor(['admin'])).slice(0, -4) + 'AAAA';
    expect((await app.request('/probe-admin', { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    const expired = await signAccessToken(testSecrets.sessionKey, { kind: 'person', id: 'p1', roles: ['admin'], organisationId: null }, { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) });
    const res = await app.request('/probe-admin', { headers: { authorization: `Bearer ${expired}` } });
    expect(res.status).toBe(401);
    expect((await readJson(res)).detail).toMatch(/expired/);
  });
});

describe('API description', () => {
  it('serves an OpenAPI 3.1 document naming every route and its access rule', async () => {
    const res = await createApp(deps).request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await readJson(res);
    expect(doc.openapi).toBe('3.1.0');
    for (const route of apiRoutes()) {
      const op = doc.paths[route.path]?.[route.method];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op['x-access']).toEqual(route.access);
    }
    expect(doc.paths['/openapi.json'].get.operationId).toBe('getOpenApiDocument');
    expect(doc.components.schemas.Problem.properties.code).toBeDefined();
  });

  it('serves an HTML reference page built from the document', async () => {
    const res = await createApp(deps).request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const page = await res.text();
    expect(page).toContain('/health');
    expect(page).toContain('getHealth');
  });
});
