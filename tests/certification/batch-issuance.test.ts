import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueCertificationCredential, issueCertificationCredentials } from '../../services/certification/issuance.usecases.ts';
import { runJob } from '../../workers/main.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCertifiedLearners, buildCohort } from '../helpers/factories.ts';

const deps = createTestDeps();
const cohort = await buildCohort(deps.db, { capacity: 100 });

/** Learners just certified in this file's cohort (tests/helpers/factories.ts). */
const certifiedLearners = (n: number, overrides: { displayName?: string } = {}) => buildCertifiedLearners(deps.db, cohort.id, n, overrides);

/** Everything issuance wrote for these certifications, to check that each happened exactly once. */
async function issuedState(learners: Awaited<ReturnType<typeof certifiedLearners>>) {
  const certificationIds = learners.map((l) => l.certificationId);
  const enrolmentIds = learners.map((l) => l.enrolment.id);
  const personIds = learners.map((l) => l.person.id);
  const credentials = await deps.db.selectFrom('credentials').select(['id', 'certification_id', 'document', 'jwt']).where('certification_id', 'in', certificationIds).execute();
  const slots = credentials.length
    ? await deps.db.selectFrom('credential_statuses').select(['credential_id', 'list_id', 'list_index']).where('credential_id', 'in', credentials.map((c) => c.id)).execute()
    : [];
  const enrolments = await deps.db.selectFrom('enrolments').select(['id', 'status']).where('id', 'in', enrolmentIds).execute();
  const events = await deps.db.selectFrom('enrolment_events').selectAll().where('enrolment_id', 'in', enrolmentIds).where('to_status', '=', 'certified').execute();
  const emails = await deps.db.selectFrom('emails').select(['id', 'person_id', 'data']).where('template', '=', 'badge-issued').where('person_id', 'in', personIds).execute();
  const emailJobs = emails.length
    ? await deps.db.selectFrom('outbox').select('job_id').where('job_id', 'in', emails.map((e) => `email.send__${e.id}`)).execute()
    : [];
  return { credentials, slots, enrolments, events, emails, emailJobs };
}

describe('batch issuance', () => {
  it('issues each certification exactly once when two batches with overlapping ids race', async () => {
    const learners = await certifiedLearners(12);
    const ids = learners.map((l) => l.certificationId);
    // Overlapping, in different orders: the locks are taken in id order, so neither deadlocks.
    const [first, second] = await Promise.all([
      issueCertificationCredentials(deps, ids.slice(0, 8)),
      issueCertificationCredentials(deps, [...ids.slice(4)].reverse()),
    ]);
    const created = [...first.issued, ...second.issued].filter((i) => i.created);
    expect(created.map((i) => i.certificationId).sort()).toEqual([...ids].sort());
    const state = await issuedState(learners);
    expect(state.credentials).toHaveLength(12);
    // The overlap saw the other batch's credentials rather than making its own.
    const byCertification = new Map(state.credentials.map((c) => [c.certification_id, c.id]));
    for (const result of [...first.issued, ...second.issued]) expect(result.credentialId).toBe(byCertification.get(result.certificationId));
    expect(state.slots).toHaveLength(12);
    expect(new Set(state.slots.map((s) => `${s.list_id}/${s.list_index}`)).size).toBe(12);
    expect(state.enrolments.every((e) => e.status === 'certified')).toBe(true);
    expect(state.events).toHaveLength(12);
    expect(state.emails).toHaveLength(12);
    expect(state.emailJobs).toHaveLength(12);
  });

  it('signs each badge with its own status index and sends its email to its holder', async () => {
    const learners = await certifiedLearners(3);
    await issueCertificationCredentials(deps, learners.map((l) => l.certificationId));
    const state = await issuedState(learners);
    for (const credential of state.credentials) {
      const slot = state.slots.find((s) => s.credential_id === credential.id)!;
      const status = credential.document.credentialStatus as { statusListIndex: string; statusListCredential: string };
      expect(status.statusListIndex).toBe(String(slot.list_index));
      expect(status.statusListCredential).toContain(`/status/${slot.list_id}`);
      expect(credential.jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const learner = learners.find((l) => l.certificationId === credential.certification_id)!;
      const email = state.emails.find((e) => e.person_id === learner.person.id)!;
      expect(email.data.credentialId).toBe(credential.id);
      expect(email.data.displayName).toBe(learner.person.display_name);
    }
    const events = state.events.map((e) => ({ from: e.from_status, kind: e.actor_kind, id: e.actor_id }));
    expect(events).toEqual(Array(3).fill({ from: 'completed', kind: 'system', id: 'issuance' }));
  });

  it('skips certifications already issued: no second credential, status slot, enrolment move or email', async () => {
    const [done, fresh] = await certifiedLearners(2);
    const single = await issueCertificationCredential(deps, done!.certificationId);
    const batch = await issueCertificationCredentials(deps, [done!.certificationId, fresh!.certificationId]);
    expect(batch.issued).toContainEqual({ certificationId: done!.certificationId, credentialId: single.credentialId, created: false });
    expect(batch.issued.find((i) => i.certificationId === fresh!.certificationId)?.created).toBe(true);
    const again = await issueCertificationCredentials(deps, [done!.certificationId, fresh!.certificationId]);
    expect(again.issued.every((i) => !i.created)).toBe(true);
    const state = await issuedState([done!, fresh!]);
    expect(state.credentials).toHaveLength(2);
    expect(state.slots).toHaveLength(2);
    expect(state.events).toHaveLength(2);
    expect(state.emails).toHaveLength(2);
  });

  it('issues the others of a batch that names an unknown certification, and reports the unknown one', async () => {
    const learners = await certifiedLearners(2);
    const unknown = randomUUID();
    const result = await issueCertificationCredentials(deps, [learners[0]!.certificationId, unknown, learners[1]!.certificationId]);
    expect(result.missing).toEqual([unknown]);
    expect(result.issued.filter((i) => i.created)).toHaveLength(2);
    expect((await issuedState(learners)).credentials).toHaveLength(2);
    // The single-certification job keeps refusing an unknown id for good.
    await expect(issueCertificationCredential(deps, unknown)).rejects.toThrow(/No certification/);
  });
});

describe('the issue-credentials job', () => {
  it('issues the rest of a batch one by one when one certification cannot be issued, then fails naming it', async () => {
    const good = await certifiedLearners(3);
    // A blank name cannot go into the badge email (its template needs a name): this one cannot be issued.
    const [bad] = await certifiedLearners(1, { displayName: '   ' });
    const ids = [good[0]!.certificationId, bad!.certificationId, good[1]!.certificationId, good[2]!.certificationId];
    await expect(runJob(deps, { name: 'issuance.issue-credentials', data: { certificationIds: ids }, id: 'batch-with-bad-data' }))
      .rejects.toThrow(new RegExp(`1 of 4 certifications not issued: ${bad!.certificationId}`));
    const state = await issuedState(good);
    expect(state.credentials).toHaveLength(3);
    expect(state.emails).toHaveLength(3);
    expect((await issuedState([bad!])).credentials).toEqual([]);
    const badEnrolment = await deps.db.selectFrom('enrolments').select('status').where('id', '=', bad!.enrolment.id).executeTakeFirstOrThrow();
    expect(badEnrolment.status).toBe('completed');
  });

  it('finishes a batch whose only problem is an unknown id, reporting it', async () => {
    const learners = await certifiedLearners(2);
    const unknown = randomUUID();
    const result = await runJob(deps, { name: 'issuance.issue-credentials', data: { certificationIds: [unknown, ...learners.map((l) => l.certificationId)] }, id: 'batch-with-unknown' });
    expect(result).toEqual({ issued: 2, existing: 0, missing: [unknown] });
  });

  it('refuses a batch payload that is empty or names something other than certification ids', async () => {
    await expect(runJob(deps, { name: 'issuance.issue-credentials', data: { certificationIds: [] }, id: 'empty' })).rejects.toThrow(/invalid payload/);
    await expect(runJob(deps, { name: 'issuance.issue-credentials', data: { certificationIds: ['nope'] }, id: 'not-ids' })).rejects.toThrow(/invalid payload/);
  });
});
