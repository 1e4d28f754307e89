import { dispatchOutbox } from '../../services/shared/outbox.ts';
import type { JobProcessor } from '../job.ts';

/**
 * Moves outbox rows to their queues. Runs every few seconds, so a job written
 * while Redis was away (or whose after-commit dispatch was cut short by a crash)
 * still reaches its queue.
 */
export const dispatchOutboxJob: JobProcessor<'maintenance.dispatch-outbox'> = {
  name: 'maintenance.dispatch-outbox',
  async process(deps) {
    let moved = 0;
    for (let batch = await dispatchOutbox(deps.db, deps.queues); batch > 0; batch = await dispatchOutbox(deps.db, deps.queues)) {
      moved += batch;
    }
    return { moved };
  },
};
