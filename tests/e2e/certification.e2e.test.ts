import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { verifyCredential as verifierCoreVerify } from '@digitalcredentials/verifier-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAchievementCredential, verifyCredential } from '../../credentials/index.ts';
import { apiRoutes, createApp } from '../../services/app.ts';
import { seedAssessments } from '../../services/assessments/assessments.seed.ts';
import { createApi } from '../../services/demo/api-client.ts';
import { runDemo, type DemoResult } from '../../services/demo/scenario.ts';
import { mailboxRoutes } from '../../services/email/mailbox.routes.ts';
import { startSmtpSink, type SmtpSink } from '../../services/email/smtp-sink.ts';
import { freePort } from '../../services/embedded.ts';
import { ensureBootstrapAdmin } from '../../services/identity/seed.ts';
import { ensureIssuerKey } from '../../services/issuer/issuer.usecases.ts';
import { seedProgrammes } from '../../services/programmes/programmes.seed.ts';
import { startWorkers, type RunningWorkers } from '../../workers/main.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { readJson } from '../helpers/http.ts';

/**
 * The service's main job, end to end, through the HTTP API and the real workers:
 * sign-in by emailed link, enrolment, modules, webinars, assessment, marking,
 * certification, issuance, the badge email, and public verification of both badges.
 */
const ADMIN = 'admin@e2e.brevet.test';
const port = await freePort();
const sink: SmtpSink = await startSmtpSink();
const deps = createTestDeps({ config: { PORT: String(port), HOST: '127.0.0.1', BOOTSTRAP_ADMIN_EMAIL: ADMIN, SMTP_URL: sink.url } });
const base = `http://127.0.0.1:${port}`;
let server: ReturnType<typeof serve>;
let workers: RunningWorkers;
let result: DemoResult;
const log: string[] = [];

beforeAll(async () => {
  await ensureBootstrapAdmin(deps);
  await ensureIssuerKey(deps);
  await seedProgrammes(deps);
  await seedAssessments(deps);
  server = serve({ fetch: createApp(deps, [...apiRoutes(), ...mailboxRoutes(sink)]).fetch, hostname: '127.0.0.1', port });
  workers = await startWorkers(deps);
  result = await runDemo(createApi(base), { adminEmail: ADMIN, log: (line) => log.push(line) });
}, 180_000);

afterAll(async () => {
  await workers?.close();
  await new Promise((resolve) => server?.close(resolve));
  await sink.close();
});

async function verify(credential: unknown) {
  const res = await fetch(`${base}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifiableCredential: credential }) });
  return { status: res.status, body: await readJson(res) };
}

describe('a learner from sign-in to a basic and an expert badge', () => {
  it('refuses the expert enrolment before the basic badge exists, naming the failing check', () => {
    expect(result.expertRefusal).toMatchObject({ status: 422, code: 'enrolments.prerequisite_not_met' });
  });

  it('issues two shared badges that anyone can fetch and that verify as valid', async () => {
    for (const badge of [result.basic, result.expert]) {
      expect(badge.verifyUrl).toBe(`${base}/verify/${badge.credentialId}`);
      const res = await fetch(badge.credentialUrl);
      expect(res.status).toBe(200);
      const credential = await readJson(res);
      expect(validateAchievementCredential(credential)).toEqual([]);
      const verified = await verify(credential);
      expect(verified.status).toBe(200);
      expect(verified.body.outcome).toBe('valid');
    }
  });

  it('describes the achievement, the score and the evidence in the badge', async () => {
    const expert = await readJson(await fetch(result.expert.credentialUrl));
    const subject = expert.credentialSubject;
    expect(subject.achievement.id).toBe(`${base}/achievements/connectoo-expert`);
    expect(subject.achievement.achievementType).toBe('Certification');
    expect(subject.achievement.alignment.length).toBeGreaterThan(0);
    expect(Number(subject.result[0].value)).toBeGreaterThanOrEqual(70);
    expect(expert.evidence.map((e: { name: string }) => e.name).join(' ')).toMatch(/Modules/);
    expect(expert.evidence).toHaveLength(2);
    expect(expert.validUntil.slice(0, 4)).toBe(String(new Date().getFullYear() + 3));
    expect(expert.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' });
  });

  it('offers the OB 3.0 JWT form, which verifies too', async () => {
    const res = await fetch(result.basic.credentialUrl, { headers: { accept: 'application/jwt' } });
    expect(res.headers.get('content-type')).toBe('application/jwt');
    const jwt = await res.text();
    const verified = await verify(jwt);
    expect(verified.body.format).toBe('jwt');
    expect(verified.status).toBe(200);
  });

  it('emails the badge with its verification link, in the learner\'s language', () => {
    const emails = sink.messages().filter((m) => m.text.includes(`/verify/${result.basic.credentialId}`));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.language).toBe('fr');
  });

  it('records one credential per certification and every step of the enrolments', async () => {
    const certifications = await deps.db.selectFrom('certifications').leftJoin('credentials', 'credentials.certification_id', 'certifications.id').select(['certifications.id', 'credentials.id as credential_id']).execute();
    expect(certifications).toHaveLength(2);
    expect(certifications.every((c) => c.credential_id)).toBe(true);
    const statuses = await deps.db.selectFrom('enrolments').select('status').execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['certified', 'certified']);
  });

  it('passes an independent verifier (@digitalcredentials/verifier-core, offline)', async () => {
    const credential = await readJson(await fetch(result.expert.credentialUrl));
    const realFetch = globalThis.fetch;
    const schema = readFileSync(new URL('../../credentials/schemas/ob_v3p0_achievementcredential_schema.json', import.meta.url), 'utf8');
    // Only our service on loopback is reachable; the OB schema it names is served from the copy we ship.
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.endsWith('/ob_v3p0_achievementcredential_schema.json')) return Promise.resolve(new Response(schema, { headers: { 'content-type': 'application/json' } }));
      if (url.startsWith(base)) return realFetch(input, init);
      return Promise.reject(new TypeError(`network disabled in tests: ${url}`));
    }) as typeof fetch;
    try {
      const outcome = (await verifierCoreVerify({ credential, knownDIDRegistries: [] } as never)) as { errors?: unknown; log?: Array<{ id: string; valid?: boolean }> };
      expect(outcome.errors).toBeUndefined();
      expect(outcome.log?.find((e) => e.id === 'valid_signature')?.valid).toBe(true);
      // Our badges carry their one status entry with purpose suspension (OB 3.0 allows one).
      expect(outcome.log?.find((e) => e.id === 'suspension_status')?.valid).toBe(true);
      expect(outcome.log?.find((e) => e.id === 'expiration')?.valid).toBe(true);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('shows a revocation at once to every verifier', async () => {
    const credential = await readJson(await fetch(result.basic.credentialUrl));
    const admin = await deps.db.selectFrom('people').select('id').where('email', '=', ADMIN).executeTakeFirstOrThrow();
    const { signAccessToken } = await import('../../services/shared/auth.ts');
    const token = await signAccessToken(deps.secrets.sessionKey, { kind: 'person', id: admin.id, roles: ['admin'], organisationId: null }, { ttlSeconds: 60, now: new Date() });
    const res = await fetch(`${base}/api/v1/credentials/${result.basic.credentialId}/status-changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'revoke', reason: 'end-to-end test' }),
    });
    expect(res.status).toBe(200);
    const verified = await verify(credential);
    expect(verified.status).toBe(400);
    expect(verified.body.checks.find((c: { name: string }) => c.name === 'not_revoked').status).toBe('failed');
    // an independent reading of the status list (no issuer records) sees the bit set too
    const independent = await verifyCredential(credential, { loadStatusListCredential: async (url) => readJson(await fetch(url)) });
    expect(independent.outcome).toBe('invalid');
  });
});
