import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { programmeVersionInput, sessionHeaders, unique } from '../helpers/factories.ts';
import { readJson } from '../helpers/http.ts';

const deps = createTestDeps();
const app = createApp(deps);
const adminHeaders = await sessionHeaders(['admin']);

function send(method: string, path: string, body?: unknown, headers: Record<string, string> = adminHeaders) {
  return app.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function auditActions(subjectId: string) {
  const rows = await deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', subjectId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

describe('admin programme routes: access', () => {
  const code = `access-${unique()}`;
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/api/v1/programmes'],
    ['POST', '/api/v1/programmes', { code, version: programmeVersionInput() }],
    ['GET', `/api/v1/programmes/${code}`],
    ['POST', `/api/v1/programmes/${code}/versions`, programmeVersionInput()],
    ['POST', `/api/v1/programmes/${code}/versions/2/publish`],
  ];

  it('answers anonymous callers 401 and learners, managers, facilitators 403, changing nothing', async () => {
    const others = await sessionHeaders(['learner', 'manager', 'facilitator', 'assessor']);
    for (const [method, path, body] of routes) {
      expect((await send(method, path, body, {})).status, `${method} ${path}`).toBe(401);
      const res = await send(method, path, body, others);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await readJson(res)).code).toBe('auth.forbidden');
    }
    expect(await deps.db.selectFrom('programmes').select('id').where('code', '=', code).executeTakeFirst()).toBeUndefined();
  });

  it('lets an admin through every route', async () => {
    const expected = [200, 201, 200, 201, 200];
    for (const [i, [method, path, body]] of routes.entries()) {
      expect((await send(method, path, body)).status, `${method} ${path}`).toBe(expected[i]);
    }
  });
});

describe('admin programme routes: versions', () => {
  it('creates a programme as a draft that the catalogue does not show, then publishes it (audited)', async () => {
    const code = `municipal-${unique()}`;
    const created = await send('POST', '/api/v1/programmes', { code, version: programmeVersionInput({ moduleCount: 4 }) });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/programmes/${code}`);
    const draft = await readJson(created);
    expect(draft).toMatchObject({ version: 1, status: 'draft', level: 'basic', publishedAt: null });
    expect(draft.modules.map((m: { code: string }) => m.code)).toEqual(['M1', 'M2', 'M3', 'M4']);
    expect(draft.digcompAlignment).toEqual([
      { framework: 'DigComp 2.2', competence: '5.2', name: 'Identifying needs and technological responses', url: expect.stringMatching(/^https:/), proficiencyLevel: 4 },
    ]);
    expect((await send('GET', `/api/v1/catalogue/${code}`, undefined, {})).status).toBe(404);

    const published = await send('POST', `/api/v1/programmes/${code}/versions/1/publish`);
    expect(published.status).toBe(200);
    expect(await readJson(published)).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
    expect((await send('GET', `/api/v1/catalogue/${code}`, undefined, {})).status).toBe(200);
    const programme = await deps.db.selectFrom('programmes').select('id').where('code', '=', code).executeTakeFirstOrThrow();
    expect(await auditActions(programme.id)).toEqual(['programme.created']);
    expect(await auditActions(draft.id)).toEqual(['programme_version.published']);
  });

  it('publishing a new version retires the previous one and keeps every version readable', async () => {
    const code = `versions-${unique()}`;
    await send('POST', '/api/v1/programmes', { code, version: programmeVersionInput() });
    await send('POST', `/api/v1/programmes/${code}/versions/1/publish`);
    const v2 = await send('POST', `/api/v1/programmes/${code}/versions`, programmeVersionInput({ moduleCount: 5, requiredWebinars: 2 }));
    expect(v2.status).toBe(201);
    expect(await readJson(v2)).toMatchObject({ version: 2, status: 'draft', requiredWebinars: 2 });
    // A draft changes nothing that is offered.
    expect((await readJson(await send('GET', `/api/v1/catalogue/${code}`, undefined, {}))).version).toBe(1);

    expect((await send('POST', `/api/v1/programmes/${code}/versions/2/publish`)).status).toBe(200);
    const detail = await readJson(await send('GET', `/api/v1/programmes/${code}`));
    expect(detail.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[1, 'retired'], [2, 'published']]);
    expect(detail.versions[0].modules).toHaveLength(3);
    expect(detail.published.version).toBe(2);
    const list = await readJson(await send('GET', '/api/v1/programmes'));
    const entry = list.programmes.find((p: { code: string }) => p.code === code);
    expect(entry.published.version).toBe(2);
    expect(entry.versions).toHaveLength(2);
  });

  it('refuses to publish a version twice or one that does not exist', async () => {
    const code = `twice-${unique()}`;
    await send('POST', '/api/v1/programmes', { code, version: programmeVersionInput() });
    await send('POST', `/api/v1/programmes/${code}/versions/1/publish`);
    const again = await send('POST', `/api/v1/programmes/${code}/versions/1/publish`);
    expect(again.status).toBe(409);
    expect((await readJson(again)).code).toBe('programmes.version_not_draft');
    expect((await readJson(await send('POST', `/api/v1/programmes/${code}/versions/9/publish`))).code).toBe('programmes.version_not_found');
    expect((await readJson(await send('POST', '/api/v1/programmes/nope-nope/versions', programmeVersionInput()))).code).toBe('programmes.not_found');
  });

  it('numbers versions added concurrently without a gap or a clash', async () => {
    const code = `concurrent-${unique()}`;
    await send('POST', '/api/v1/programmes', { code, version: programmeVersionInput() });
    const results = await Promise.all(Array.from({ length: 5 }, () => send('POST', `/api/v1/programmes/${code}/versions`, programmeVersionInput())));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const numbers = await Promise.all(results.map(async (r) => (await readJson(r)).version));
    expect(numbers.sort()).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('admin programme routes: bad input changes nothing', () => {
  it('lists every invalid field of a version body with its path', async () => {
    const code = `invalid-${unique()}`;
    const body = {
      code,
      version: {
        ...programmeVersionInput(),
        title: { fr: 'Titre', nl: 'Titel' },
        modules: [
          { code: 'M1', title: { fr: 'a', nl: 'b', de: 'c', en: 'd' }, durationMinutes: 120 },
          { code: 'M1', title: { fr: 'a', nl: 'b', de: 'c', en: 'd' }, durationMinutes: 0 },
        ],
        requiredWebinars: -1,
        digcompAlignment: [{ competence: '9.9', proficiencyLevel: 9 }],
        extra: true,
      },
    };
    const res = await send('POST', '/api/v1/programmes', body);
    expect(res.status).toBe(400);
    const problem = await readJson(res);
    expect(problem.code).toBe('request.invalid');
    const paths = problem.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.version.title.de',
        'body.version.title.en',
        'body.version.modules.1.durationMinutes',
        'body.version.requiredWebinars',
        'body.version.digcompAlignment.0.competence',
        'body.version.digcompAlignment.0.proficiencyLevel',
        'body.version',
      ]),
    );
    expect(await deps.db.selectFrom('programmes').select('id').where('code', '=', code).executeTakeFirst()).toBeUndefined();
  });

  it('names a duplicate module code', async () => {
    const version = programmeVersionInput();
    const res = await send('POST', '/api/v1/programmes', { code: `dup-${unique()}`, version: { ...version, modules: [version.modules[0], version.modules[0]] } });
    expect(res.status).toBe(400);
    expect((await readJson(res)).errors).toEqual([{ path: 'body.version.modules.1.code', message: 'Module code "M1" appears twice' }]);
  });

  it('refuses an unknown or circular prerequisite and a taken code', async () => {
    const code = `prereq-${unique()}`;
    const unknown = await send('POST', '/api/v1/programmes', { code, version: programmeVersionInput({ prerequisiteProgrammeCode: 'does-not-exist' }) });
    expect(unknown.status).toBe(422);
    expect((await readJson(unknown)).code).toBe('programmes.unknown_prerequisite');
    const self = await send('POST', '/api/v1/programmes', { code, version: programmeVersionInput({ prerequisiteProgrammeCode: code }) });
    expect((await readJson(self)).code).toBe('programmes.self_prerequisite');
    expect(await deps.db.selectFrom('programmes').select('id').where('code', '=', code).executeTakeFirst()).toBeUndefined();

    expect((await send('POST', '/api/v1/programmes', { code, version: programmeVersionInput() })).status).toBe(201);
    const taken = await send('POST', '/api/v1/programmes', { code, version: programmeVersionInput() });
    expect(taken.status).toBe(409);
    expect((await readJson(taken)).code).toBe('programmes.code_taken');
    const versions = await deps.db.selectFrom('programme_versions').innerJoin('programmes', 'programmes.id', 'programme_id').select('version').where('code', '=', code).execute();
    expect(versions).toHaveLength(1);
  });
});
