import type { Deps } from '../../services/deps.ts';
import type { JobPayload } from '../../services/queues.ts';
import { queueWebinarReminders } from '../../services/webinars/webinar-emails.ts';
import type { JobProcessor } from '../job.ts';

type Name = 'maintenance.webinar-reminders';

/**
 * Queues the 'webinar-reminder' email of every live booking whose session
 * starts within 24 hours, once per booking (the booking is claimed in the
 * transaction that queues its email); the worker dispatches the outbox after every job.
 * Repeats every few minutes (workers/main.ts), so a missed run is caught up.
 */
export const webinarRemindersJob = {
  name: 'maintenance.webinar-reminders' as const,
  async process(deps: Deps, _payload: JobPayload<Name>) {
    let reminded = 0;
    for (let batch = await queueWebinarReminders(deps); batch > 0; batch = await queueWebinarReminders(deps)) reminded += batch;
    return { reminded };
  },
  // `satisfies` rather than a type annotation keeps the result type, which tests read.
} satisfies JobProcessor<Name>;
