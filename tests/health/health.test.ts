import { describe, expect, it } from 'vitest';
import { readJson } from '../helpers/http.ts';
import { createApp } from '../../services/app.ts';
import { createTestDeps } from '../helpers/deps.ts';

describe('GET /health', () => {
  it('answers 200 with PostgreSQL and Redis both ok', async () => {
    const app = createApp(createTestDeps());
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.status).toBe('ok');
    expect(body.checks.postgres.status).toBe('ok');
    expect(body.checks.redis.status).toBe('ok');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 503 naming PostgreSQL when it is unreachable', async () => {
    const app = createApp(createTestDeps({ databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere' }));
    const res = await app.request('/health');
    expect(res.status).toBe(503);
    const body = await readJson(res);
    expect(body.status).toBe('degraded');
    expect(body.checks.postgres).toEqual({ status: 'down', error: 'connection refused' });
    expect(body.checks.redis.status).toBe('ok');
  });

  it('answers 503 naming Redis when it is unreachable', async () => {
    const app = createApp(createTestDeps({ redisUrl: 'redis://127.0.0.1:1' }));
    const res = await app.request('/health');
    expect(res.status).toBe(503);
    const body = await readJson(res);
    expect(body.checks.redis.status).toBe('down');
    expect(body.checks.redis.error).toMatch(/connection refused|no answer|max retries|Connection is closed/i);
    expect(body.checks.postgres.status).toBe('ok');
  });

  it('never leaks a connection string in the reason', async () => {
    const app = createApp(createTestDeps({ databaseUrl: 'postgres://postgres:hunter2@127.0.0.1:1/nowhere' }));
    const text = await (await app.request('/health')).text();
    expect(text).not.toContain('hunter2');
  });
});
