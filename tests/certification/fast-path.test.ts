import { describe, expect, it } from 'vitest';
import { configureFastPath, currentFastSigner } from '../../credentials/index.ts';
import { issueCertificationCredential } from '../../services/certification/issuance.usecases.ts';
import { warmCredentialFastPath } from '../../services/certification/fast-path.ts';
import { ensureIssuerKey } from '../../services/issuer/issuer.usecases.ts';
import { seedProgrammes } from '../../services/programmes/programmes.seed.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildPerson } from '../helpers/factories.ts';

const deps = createTestDeps();
await seedProgrammes(deps);
await ensureIssuerKey(deps);

describe('warmCredentialFastPath', () => {
  it('registers our keys and the badge shapes of every published programme, so the first issuance goes fast', async () => {
    // A fresh fast path (nothing learned from other files), as in a process that just started.
    const signer = configureFastPath({ enabled: true, sampleRate: 0 });
    const published = await deps.db.selectFrom('programme_versions').select('id').where('status', '=', 'published').execute();
    const warmed = await warmCredentialFastPath(deps);
    expect(warmed.keys).toBe(1);
    expect(warmed.shapes).toBe(4 * Math.min(published.length, 12));
    // What was read comes back for the signing threads, so they do not read it again.
    expect(warmed.warmUp?.keys).toHaveLength(1);
    expect(warmed.warmUp?.samples).toHaveLength(warmed.shapes);
    const shapesAfterWarmUp = signer.stats().shapes;
    expect(shapesAfterWarmUp).toBeGreaterThan(0);

    const cohort = await buildCohort(deps.db, { programmeVersionId: published[0]!.id });
    const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: (await buildPerson(deps.db)).id, status: 'completed' });
    const certification = await deps.db
      .insertInto('certifications')
      .values({ enrolment_id: enrolment.id, score_percent: 90, evidence: JSON.stringify({ modules: [{ code: 'B1', completedAt: new Date().toISOString() }], webinars: [], attemptId: enrolment.id }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = signer.stats();
    await issueCertificationCredential(deps, certification.id);
    const after = signer.stats();
    expect(currentFastSigner()).toBe(signer);
    expect(after.fast).toBe(before.fast + 1);
    // No new shape was learned: the warm-up had it.
    expect(after.shapes).toBe(shapesAfterWarmUp);
  });
});
