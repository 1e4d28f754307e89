import { UnrecoverableError } from 'bullmq';
import { markSubmittedAttempt } from '../../services/assessments/marking.usecases.ts';
import type { JobProcessor } from '../job.ts';

/**
 * Marks one submitted attempt. Safe to run any number of times, and by two
 * workers at once: the use case re-reads the attempt and moves it on with a
 * conditional UPDATE, so only one run records a result (and sends the email).
 * A missing or still-open attempt is a job no retry can fix.
 */
export const markAttemptJob: JobProcessor<'marking.mark-attempt'> = {
  name: 'marking.mark-attempt',
  async process(deps, { attemptId }) {
    const outcome = await markSubmittedAttempt(deps, attemptId);
    if (outcome === 'not_found') throw new UnrecoverableError(`No attempt ${attemptId}`);
    if (outcome === 'not_submitted') throw new UnrecoverableError(`Attempt ${attemptId} has not been submitted`);
    return { outcome };
  },
};
