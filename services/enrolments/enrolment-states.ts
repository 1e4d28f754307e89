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
  await moveEnrolments(executor, [enrolment], to, actor, reason);
}

/**
 * moveEnrolment for many enrolments (each locked by the caller, or reached only through a
 * locked row) going to the same status: the same rule for every one, checked before
 * anything is written, then one update and one multi-row insert of their events.
 */
export async function moveEnrolments(
  executor: Executor,
  enrolments: ReadonlyArray<{ id: string; status: EnrolmentStatus }>,
  to: EnrolmentStatus,
  actor: EventActor,
  reason?: string | null,
): Promise<void> {
  if (enrolments.length === 0) return;
  const illegal = enrolments.find((e) => !canMove(e.status, to));
  if (illegal) {
    throw enrolmentErrors.illegalTransition(`An enrolment that is ${illegal.status} cannot become ${to}`, {
      extensions: { from: illegal.status, to },
    });
  }
  await executor.updateTable('enrolments').set({ status: to, updated_at: new Date() }).where('id', 'in', enrolments.map((e) => e.id)).execute();
  await executor
    .insertInto('enrolment_events')
    .values(enrolments.map((e) => ({ enrolment_id: e.id, from_status: e.status, to_status: to, actor_kind: actor.kind, actor_id: actor.id ?? null, reason: reason ?? null })))
    .execute();
}
