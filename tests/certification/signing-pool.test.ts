import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { badgeConfig, signCertificationBadges, type SigningInput } from '../../services/certification/badge-signing.ts';
import type { BadgeFacts } from '../../services/certification/badge.ts';
import { issueCertificationCredentials } from '../../services/certification/issuance.usecases.ts';
import { signingPoolFor, startSigningPool } from '../../services/certification/signing-pool.ts';
import { documentLoaderFor } from '../../services/credentials/document-loader.ts';
import { activeSigningKey, ensureIssuerKey } from '../../services/issuer/issuer.usecases.ts';
import { statusEntriesFor } from '../../services/status/status.usecases.ts';
import { startWorkers } from '../../workers/main.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCertifiedLearners, buildCohort } from '../helpers/factories.ts';

const deps = createTestDeps({ config: { ISSUANCE_SIGNING_THREADS: '1' } });
await ensureIssuerKey(deps);
const cohort = await buildCohort(deps.db, { capacity: 100 });
const closePool = await startSigningPool(deps);
afterAll(() => closePool());

/** Learners just certified in this file's cohort (tests/helpers/factories.ts). */
const certifiedLearners = (n: number, overrides: { displayName?: string } = {}) => buildCertifiedLearners(deps.db, cohort.id, n, overrides);

async function writtenFor(learners: Awaited<ReturnType<typeof certifiedLearners>>) {
  const credentials = await deps.db.selectFrom('credentials').select('id').where('certification_id', 'in', learners.map((l) => l.certificationId)).execute();
  const slots = credentials.length ? await deps.db.selectFrom('credential_statuses').select('credential_id').where('credential_id', 'in', credentials.map((c) => c.id)).execute() : [];
  const enrolments = await deps.db.selectFrom('enrolments').select('status').where('id', 'in', learners.map((l) => l.enrolment.id)).execute();
  const emails = await deps.db.selectFrom('emails').select('id').where('template', '=', 'badge-issued').where('person_id', 'in', learners.map((l) => l.person.id)).execute();
  return { credentials: credentials.length, slots: slots.length, certified: enrolments.filter((e) => e.status === 'certified').length, emails: emails.length };
}

async function sampleInput(n: number): Promise<SigningInput> {
  const { key, storedId } = await activeSigningKey(deps);
  const issuedAt = new Date('2026-03-01T09:30:00.123Z');
  const badges: BadgeFacts[] = Array.from({ length: n }, (_, i) => ({
    credentialUuid: randomUUID(),
    issuerDid: key.controller,
    issuerName: 'Brevet',
    issuedAt,
    validityMonths: 36,
    learner: { email: `learner-${i}@example.be`, locale: (['fr', 'nl', 'de', 'en'] as const)[i % 4]! },
    programme: {
      code: 'DIGI-1', level: 'basic', title: { fr: 'Titre', nl: 'Titel', de: 'Titel', en: 'Title' }, description: { fr: 'D', nl: 'D', de: 'D', en: 'D' },
      modules: 3, webinars: i % 2, passMark: 70, weeks: null, alignment: [{ framework: 'DigComp 2.2', competence: '5.2', name: 'Protecting devices', url: 'https://example.be/digcomp/5.2', proficiencyLevel: 4 }],
    },
    scorePercent: 70 + i,
    evidence: {
      modules: [{ code: 'M1', completedAt: issuedAt.toISOString() }],
      webinars: i % 2 ? [{ sessionId: randomUUID(), title: 'Webinar', attendedOn: '2026-02-01' }] : [],
      attemptId: randomUUID(),
      ...(i % 3 === 0 ? { renews: randomUUID() } : {}),
    },
    status: statusEntriesFor(deps, [{ purpose: 'suspension', listId: 'suspension-1', index: i }], storedId)[0]!,
    recipientSalt: `salt-of-learner-${i}`,
  }));
  return { config: badgeConfig(deps.config), badges, created: new Date('2026-03-01T09:30:01Z') };
}

describe('the signing pool', () => {
  it('signs the same bytes as the event loop, for the same facts and created date', async () => {
    const input = await sampleInput(6);
    const { key } = await activeSigningKey(deps);
    const pool = signingPoolFor(deps)!;
    const before = pool.fastPathStats().fast;
    const inThread = await pool.sign(input, key);
    const inProcess = await signCertificationBadges(input, key, documentLoaderFor(deps));
    expect(inThread).toHaveLength(6);
    expect(inThread).toEqual(inProcess);
    expect(new Set(inThread.map((b) => b.documentJson)).size).toBe(6);
    // The thread reports its fast path: all six Data Integrity proofs were made on it.
    expect(pool.fastPathStats().fast - before).toBe(6);
    expect(pool.fastPathStats().mismatches).toBe(0);
  });

  it('fails a batch the thread cannot sign, and keeps the thread', async () => {
    const pool = signingPoolFor(deps)!;
    const [thread] = pool.workers;
    const input = await sampleInput(1);
    const { key } = await activeSigningKey(deps);
    // Another issuer than the key's: refused by the signing library, in the thread.
    await expect(pool.sign({ ...input, badges: [{ ...input.badges[0]!, issuerDid: 'did:web:elsewhere.example' }] }, key)).rejects.toThrow(/Signing thread/);
    expect(pool.workers).toEqual([thread]);
    expect(await pool.sign(input, key)).toHaveLength(1);
  });

  it('fails the batch with nothing written when the thread dies, and the retry issues each badge once', async () => {
    const pool = signingPoolFor(deps)!;
    const [thread] = pool.workers;
    // The thread dies with the batch in hand.
    thread!.postMessage = () => void thread!.terminate();
    const learners = await certifiedLearners(4);
    const ids = learners.map((l) => l.certificationId);
    await expect(issueCertificationCredentials(deps, ids)).rejects.toThrow(/Signing thread exited/);
    expect(await writtenFor(learners)).toEqual({ credentials: 0, slots: 0, certified: 0, emails: 0 });

    // The retry (BullMQ's, for the job) gets a new thread and issues the batch once.
    const retry = await issueCertificationCredentials(deps, ids);
    expect(retry.issued.filter((i) => i.created)).toHaveLength(4);
    expect(pool.workers).toHaveLength(1);
    expect(pool.workers[0]).not.toBe(thread);
    expect(await writtenFor(learners)).toEqual({ credentials: 4, slots: 4, certified: 4, emails: 4 });
    const again = await issueCertificationCredentials(deps, ids);
    expect(again.issued.every((i) => !i.created)).toBe(true);
    expect(await writtenFor(learners)).toEqual({ credentials: 4, slots: 4, certified: 4, emails: 4 });
  });
});

describe('the issuance workers', () => {
  it('start the signing threads warmed and end them when they close', async () => {
    const workerDeps = createTestDeps({ config: { ISSUANCE_SIGNING_THREADS: '2' } });
    const running = await startWorkers(workerDeps, ['issuance']);
    const threads = signingPoolFor(workerDeps)!.workers;
    expect(threads).toHaveLength(2);
    const exited = threads.map((thread) => once(thread, 'exit'));
    await running.close();
    await Promise.all(exited);
    expect(threads.every((thread) => thread.threadId === -1)).toBe(true);
    expect(signingPoolFor(workerDeps)).toBeUndefined();
  });

  it('start none when ISSUANCE_SIGNING_THREADS is 0', async () => {
    const workerDeps = createTestDeps({ config: { ISSUANCE_SIGNING_THREADS: '0' } });
    const running = await startWorkers(workerDeps, ['issuance']);
    expect(signingPoolFor(workerDeps)).toBeUndefined();
    await running.close();
  });
});
