import { CertificationNotFoundError, issueCertificationCredential, issueCertificationCredentials } from '../../services/certification/issuance.usecases.ts';
import type { JobProcessor } from '../job.ts';

/**
 * Issues the badges of many certifications in one transaction (the outbox dispatcher
 * merges pending 'issuance.issue-credential' rows into these). Safe to run any number of
 * times: the use case locks the certifications and skips those with a credential.
 *
 * When the batch fails, each certification is tried alone, so one that cannot be issued
 * (bad data) does not hold back the others; the job then fails naming the ones that did
 * not go through, and its retry (or the recovery sweep) tries them again.
 * Unknown ids are reported, not retried: a certification row is never deleted.
 */
export const issueCredentialsJob: JobProcessor<'issuance.issue-credentials'> = {
  name: 'issuance.issue-credentials',
  async process(deps, { certificationIds }) {
    try {
      const { issued, missing } = await issueCertificationCredentials(deps, certificationIds);
      if (missing.length) deps.logger.warn({ missing }, 'issuance batch names certifications that do not exist');
      return { issued: issued.filter((i) => i.created).length, existing: issued.filter((i) => !i.created).length, missing };
    } catch (batchError) {
      deps.logger.warn({ err: (batchError as Error).message, certifications: certificationIds.length }, 'issuance batch failed; issuing one by one');
      const failed: Array<{ certificationId: string; error: string }> = [];
      const missing: string[] = [];
      for (const certificationId of certificationIds) {
        await issueCertificationCredential(deps, certificationId).catch((error: Error) => {
          if (error instanceof CertificationNotFoundError) missing.push(certificationId);
          else failed.push({ certificationId, error: error.message });
        });
      }
      if (failed.length) {
        throw new Error(`${failed.length} of ${certificationIds.length} certifications not issued: ${failed.slice(0, 5).map((f) => `${f.certificationId} (${f.error})`).join('; ')}`);
      }
      return { oneByOne: certificationIds.length - missing.length, missing, batchError: (batchError as Error).message };
    }
  },
};
