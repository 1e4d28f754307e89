import { UnrecoverableError } from 'bullmq';
import { CertificationNotFoundError, issueCertificationCredential } from '../../services/certification/issuance.usecases.ts';
import type { JobProcessor } from '../job.ts';

/**
 * Issues the badge of a certification. Safe to run any number of times: the use case
 * locks the certification and stops when its credential exists.
 */
export const issueCredentialJob: JobProcessor<'issuance.issue-credential'> = {
  name: 'issuance.issue-credential',
  async process(deps, { certificationId }) {
    try {
      return await issueCertificationCredential(deps, certificationId);
    } catch (error) {
      if (error instanceof CertificationNotFoundError) throw new UnrecoverableError(error.message);
      throw error;
    }
  },
};
