import { sendExpiryNotices } from '../../services/certification/expiry.usecases.ts';
import { lapseEndedCohorts } from '../../services/enrolments/enrolments.usecases.ts';
import { recoverStuckWork } from '../../services/maintenance/recovery.usecases.ts';
import type { JobProcessor } from '../job.ts';

/** Gives their job back to certifications, attempts and emails stuck after a crash or a Redis loss. */
export const recoverStuckJob: JobProcessor<'maintenance.recover-stuck'> = {
  name: 'maintenance.recover-stuck',
  process: (deps) => recoverStuckWork(deps),
};

/** Lapses the open enrolments of cohorts that have ended. */
export const lapseCohortsJob: JobProcessor<'maintenance.lapse-cohorts'> = {
  name: 'maintenance.lapse-cohorts',
  process: async (deps) => ({ lapsed: await lapseEndedCohorts(deps) }),
};

/** Sends the 90-day expiry notices. */
export const expiryNoticesJob: JobProcessor<'maintenance.expiry-notices'> = {
  name: 'maintenance.expiry-notices',
  process: async (deps) => ({ sent: await sendExpiryNotices(deps) }),
};
