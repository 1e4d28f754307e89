import { describe, expect, it } from 'vitest';
import { seedAssessments } from '../../services/assessments/assessments.seed.ts';
import { startAttempt, submitAttempt } from '../../services/assessments/attempts.usecases.ts';
import { markSubmittedAttempt } from '../../services/assessments/marking.usecases.ts';
import { sendExpiryNotices } from '../../services/certification/expiry.usecases.ts';
import { issueCertificationCredential } from '../../services/certification/issuance.usecases.ts';
import { openRenewal } from '../../services/certification/renewal.usecases.ts';
import { recoverStuckWork } from '../../services/maintenance/recovery.usecases.ts';
import { seedProgrammes } from '../../services/programmes/programmes.seed.ts';
import { changeCredentialStatus } from '../../services/status/status.usecases.ts';
import { verifyPresentedCredential } from '../../services/verification/verification.usecases.ts';
import { jobId } from '../../services/queues.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildPerson } from '../helpers/factories.ts';

// A clock the tests move: three years of a badge's life in a few milliseconds.
const clock = { at: Date.now(), now() { return new Date(this.at); } };
const deps = createTestDeps({ clock });
const DAY = 86_400_000;
await seedProgrammes(deps);
await seedAssessments(deps);
const basicVersion = await deps.db
  .selectFrom('programme_versions as v').innerJoin('programmes as p', 'p.id', 'v.programme_id')
  .select('v.id').where('p.code', '=', 'connectoo-basic').executeTakeFirstOrThrow();

/** A learner whose basic enrolment was just decided certified (the issuance worker not run yet). */
async function certifiedLearner() {
  const person = await buildPerson(deps.db);
  const cohort = await buildCohort(deps.db, { programmeVersionId: basicVersion.id });
  const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: person.id, status: 'completed' });
  const certification = await deps.db
    .insertInto('certifications')
    .values({ enrolment_id: enrolment.id, score_percent: 90, evidence: JSON.stringify({ modules: [{ code: 'B1', completedAt: new Date(clock.at).toISOString() }], webinars: [], attemptId: enrolment.id }), decided_at: new Date(clock.at) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { person, enrolment, certificationId: certification.id };
}

describe('issuance', () => {
  it('issues exactly one credential per certification, even when workers race', async () => {
    const { certificationId, enrolment } = await certifiedLearner();
    const results = await Promise.all([1, 2, 3, 4].map(() => issueCertificationCredential(deps, certificationId)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.credentialId)).size).toBe(1);
    const credentials = await deps.db.selectFrom('credentials').select('id').where('certification_id', '=', certificationId).execute();
    expect(credentials).toHaveLength(1);
    const status = await deps.db.selectFrom('enrolments').select('status').where('id', '=', enrolment.id).executeTakeFirstOrThrow();
    expect(status.status).toBe('certified');
    const emails = await deps.db.selectFrom('emails').select('template').where('template', '=', 'badge-issued').where('person_id', '=', enrolment.person_id).execute();
    expect(emails).toHaveLength(1);
  });

  it('gives a certification its job back when Redis lost it, and never issues twice afterwards', async () => {
    const { certificationId } = await certifiedLearner();
    const queue = deps.queues.issuance;
    expect(await queue.getJob(jobId('issuance.issue-credential', certificationId))).toBeUndefined();
    clock.at += 2 * 60_000; // past the grace period
    const recovered = await recoverStuckWork(deps);
    expect(recovered.issuance).toBeGreaterThanOrEqual(1);
    expect(await queue.getJob(jobId('issuance.issue-credential', certificationId))).toBeDefined();
    await issueCertificationCredential(deps, certificationId);
    const again = await recoverStuckWork(deps);
    const stillPending = await deps.db.selectFrom('certifications as ce').leftJoin('credentials as cr', 'cr.certification_id', 'ce.id').select('ce.id').where('cr.id', 'is', null).where('ce.id', '=', certificationId).execute();
    expect(stillPending).toEqual([]);
    expect(again.issuance).toBe(0);
  });
});

describe('expiry and renewal', () => {
  it('tells the holder once, 90 days before expiry, and not for a revoked badge', async () => {
    const a = await certifiedLearner();
    const b = await certifiedLearner();
    const badgeA = await issueCertificationCredential(deps, a.certificationId);
    const badgeB = await issueCertificationCredential(deps, b.certificationId);
    await changeCredentialStatus(deps, { credentialId: badgeB.credentialId, action: 'revoke', reason: 'issued in error', actor: { kind: 'system' } });
    expect(await sendExpiryNotices(deps)).toBe(0); // three years ahead: too early
    const saved = clock.at;
    clock.at += (3 * 365 - 60) * DAY;
    expect(await sendExpiryNotices(deps)).toBeGreaterThanOrEqual(1);
    expect(await sendExpiryNotices(deps)).toBe(0);
    const notices = await deps.db.selectFrom('emails').select(['person_id']).where('template', '=', 'expiry-notice').execute();
    expect(notices.map((n) => n.person_id)).toContain(a.person.id);
    expect(notices.map((n) => n.person_id)).not.toContain(b.person.id);
    clock.at = saved;
    expect(badgeA.created).toBe(true);
  });

  it('renews a badge within 90 days of expiry through the renewal assessment, linking the new badge to the old', async () => {
    const { person, certificationId } = await certifiedLearner();
    const old = await issueCertificationCredential(deps, certificationId);
    await expect(openRenewal(deps, { credentialId: old.credentialId, personId: person.id })).rejects.toMatchObject({ code: 'renewals.not_yet' });
    const saved = clock.at;
    clock.at += (3 * 365 - 30) * DAY;
    const principal = { kind: 'person' as const, id: person.id, roles: ['learner' as const], organisationId: null };
    const { enrolmentId } = await openRenewal(deps, { credentialId: old.credentialId, personId: person.id });
    await expect(openRenewal(deps, { credentialId: old.credentialId, personId: person.id })).rejects.toMatchObject({ code: 'renewals.already_open' });

    const attempt = await startAttempt(deps, { enrolmentId, principal });
    expect(attempt.kind).toBe('renewal');
    const key = await deps.db.selectFrom('questions').select(['id', 'correct_option_ids']).where('id', 'in', attempt.questions.map((q: { id: string }) => q.id)).execute();
    const answers = key.map((q) => ({ questionId: q.id, optionIds: q.correct_option_ids }));
    await submitAttempt(deps, { enrolmentId, attemptId: attempt.id, answers, principal });
    expect(await markSubmittedAttempt(deps, attempt.id)).toBe('marked');

    const renewal = await deps.db.selectFrom('certifications').select(['id', 'renews_credential_id']).where('enrolment_id', '=', enrolmentId).executeTakeFirstOrThrow();
    expect(renewal.renews_credential_id).toBe(old.credentialId);
    const fresh = await issueCertificationCredential(deps, renewal.id);
    const row = await deps.db.selectFrom('credentials').selectAll().where('id', '=', fresh.credentialId).executeTakeFirstOrThrow();
    expect(row.replaces_credential_id).toBe(old.credentialId);
    const evidence = row.document.evidence as Array<{ id?: string }>;
    expect(evidence.some((e) => e.id?.endsWith(`/credentials/${old.credentialId}`))).toBe(true);
    expect(new Date(row.valid_until!).getTime()).toBeGreaterThan(clock.at + 3 * 364 * DAY);
    const report = await verifyPresentedCredential(deps, row.document);
    expect(report.outcome).toBe('valid');
    clock.at = saved;
  });
});
