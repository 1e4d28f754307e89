import { JOB_NAMES, type JobName } from '../services/queues.ts';
import type { JobProcessor } from './job.ts';
import { sendEmailJob } from './email/send-email.job.ts';
import { dispatchOutboxJob } from './maintenance/dispatch-outbox.job.ts';
import { webinarRemindersJob } from './learning/webinar-reminders.job.ts';
import { expiryNoticesJob, lapseCohortsJob, recoverStuckJob } from './maintenance/scheduled.jobs.ts';
import { issueCredentialJob } from './issuance/issue-credential.job.ts';
import { issueCredentialsJob } from './issuance/issue-credentials.job.ts';
import { markAttemptJob } from './marking/mark-attempt.job.ts';

/** Every job name of the queue registry with its processor; checked complete at start-up. */
export const processors: { [N in JobName]: JobProcessor<N> } = {
  'maintenance.dispatch-outbox': dispatchOutboxJob,
  'email.send': sendEmailJob,
  'maintenance.webinar-reminders': webinarRemindersJob,
  'marking.mark-attempt': markAttemptJob,
  'issuance.issue-credential': issueCredentialJob,
  'issuance.issue-credentials': issueCredentialsJob,
  'maintenance.recover-stuck': recoverStuckJob,
  'maintenance.lapse-cohorts': lapseCohortsJob,
  'maintenance.expiry-notices': expiryNoticesJob,
};

/** Throws when a job name of services/queues.ts has no processor (or the other way round). */
export function assertEveryJobHasProcessor(): void {
  const missing = JOB_NAMES.filter((name) => processors[name]?.name !== name);
  const extra = Object.keys(processors).filter((name) => !JOB_NAMES.includes(name as JobName));
  if (missing.length || extra.length) {
    throw new Error(`Job registry mismatch: without processor [${missing.join(', ')}], unknown [${extra.join(', ')}]`);
  }
}
