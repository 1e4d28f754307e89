import type { Executor } from '../db/database.ts';
import type { Principal } from '../shared/auth.ts';

export type Actor = Principal | { kind: 'system'; id?: string };

export interface AuditEntry {
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log, in the caller's transaction so the entry exists exactly when the change does. */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor
    .insertInto('audit_events')
    .values({
      actor_kind: entry.actor.kind,
      actor_id: entry.actor.id ?? null,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
