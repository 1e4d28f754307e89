import type { Deps } from '../services/deps.ts';
import type { JobName, JobPayload } from '../services/queues.ts';

/** A processor takes the dependencies and a validated payload, never a BullMQ Job, so a test can call it directly. */
export interface JobProcessor<N extends JobName> {
  name: N;
  process(deps: Deps, payload: JobPayload<N>): Promise<unknown>;
}
