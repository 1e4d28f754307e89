import type { Executor } from '../db/database.ts';
import type { EnrolmentStatus } from '../db/schema/enrolments.ts';
import { enrolmentErrors } from './enrolments.errors.ts';

/**
 * The enrolment life cycle: requested -> approved -> active -> completed -> certified,
 * with rejected, withdrawn, failed (attempts used up) and lapsed (cohort ended).
 */
const MOVES: Record<EnrolmentStatus, readonly EnrolmentStatus[]> = {
  requested: ['approved', 'rejected', 'withdrawn', 'lapsed'],
  approved: ['active', 'withdrawn', 'lapsed', 'completed', 'failed'],
  active: ['completed', 'withdrawn', 'lapsed', 'failed'],
  completed: ['certified'],
  certified: [],
  rejected: [],
  withdrawn: [],
  failed: [],
  lapsed: [],
};

/** Who moved an enrolment: only the kind and id are recorded. */
export interface EventActor {
  kind: 'person' | 'client' | 'system';
  id?: string | null;
}

/** Statuses in which a learner is still working toward certification. */
export const LIVE_STATUSES: readonly EnrolmentStatus[] = ['requested', 'approved', 'active'];

export function canMove(from: EnrolmentStatus, to: EnrolmentStatus): boolean {
  return MOVES[from].includes(to);
}

/**
 * Moves an enrolment (locked by the caller) to a new status and records who did it
 * and why. An illegal move is a 409 naming both states, never a silent no-op.
 */
export async function moveEnrolment(
  executor: Executor,
  enrolment: { id: string; status: EnrolmentStatus },
  to: EnrolmentStatus,
  actor: EventActor,
  reason?: string | null,
): Promise<void> {
  if (!canMove(enrolment.status, to)) {
    throw enrolmentErrors.illegalTransition(`An enrolment that is ${enrolment.status} cannot become ${to}`, {
      extensions: { from: enrolment.status, to },
    });
  }
  await executor.updateTable('enrolments').set({ status: to, updated_at: new Date() }).where('id', '=', enrolment.id).execute();
  await executor
    .insertInto('enrolment_events')
    .values({ enrolment_id: enrolment.id, from_status: enrolment.status, to_status: to, actor_kind: actor.kind, actor_id: actor.id ?? null, reason: reason ?? null })
    .execute();
}
