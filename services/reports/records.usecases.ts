import type { Deps } from '../deps.ts';
import { reportsRepository, type CredentialListRow } from './reports.repository.ts';

export type CredentialState = 'active' | 'suspended' | 'revoked' | 'expired';

/** The state an administrator sees: revoked wins over suspended, suspended over expired. */
export function credentialState(row: Pick<CredentialListRow, 'revoked_at' | 'suspended' | 'valid_until'>, now: Date): CredentialState {
  if (row.revoked_at) return 'revoked';
  if (row.suspended) return 'suspended';
  if (row.valid_until && row.valid_until < now) return 'expired';
  return 'active';
}

function credentialView(row: CredentialListRow, now: Date) {
  return {
    id: row.id,
    vcId: row.vc_id,
    achievementName: row.achievement_name,
    holder: row.holder_name ? { displayName: row.holder_name, email: row.holder_email } : null,
    issuedAt: row.issued_at,
    validUntil: row.valid_until,
    revokedAt: row.revoked_at,
    state: credentialState(row, now),
    canRevoke: row.can_revoke && !row.revoked_at,
    canSuspend: row.can_suspend && !row.revoked_at && !row.suspended,
    canUnsuspend: row.can_suspend && !row.revoked_at && row.suspended,
  };
}

/** Issued credentials, newest first, found by holder name or credential id; one page of `pageSize` (+1 to tell if more follow). */
export async function listCredentials({ db, clock }: Pick<Deps, 'db' | 'clock'>, input: { search?: string; page: number; pageSize: number }) {
  const rows = await reportsRepository(db).credentials({ search: input.search, limit: input.pageSize + 1, offset: (input.page - 1) * input.pageSize });
  const now = clock.now();
  return { credentials: rows.slice(0, input.pageSize).map((row) => credentialView(row, now)), hasMore: rows.length > input.pageSize };
}

/** One credential with its current status and the history of its status changes (reasons, who, when); undefined when unknown. */
export async function credentialRecord({ db, clock }: Pick<Deps, 'db' | 'clock'>, credentialId: string) {
  const repo = reportsRepository(db);
  const [row] = await repo.credentials({ search: credentialId, limit: 1, offset: 0 });
  if (!row || row.id !== credentialId) return undefined;
  const changes = await repo.statusChanges(credentialId);
  return { ...credentialView(row, clock.now()), changes };
}

/** The audit log, newest first, optionally about one subject (its id or its type); one page (+1 to tell if more follow). */
export async function auditLog({ db }: Pick<Deps, 'db'>, input: { subject?: string; page: number; pageSize: number }) {
  const rows = await reportsRepository(db).auditEvents({ subject: input.subject, limit: input.pageSize + 1, offset: (input.page - 1) * input.pageSize });
  return {
    events: rows.slice(0, input.pageSize).map((row) => ({
      id: String(row.id),
      at: row.at,
      actor: { kind: row.actor_kind, id: row.actor_id, displayName: row.actor_name },
      action: row.action,
      subject: { type: row.subject_type, id: row.subject_id },
      details: row.details,
    })),
    hasMore: rows.length > input.pageSize,
  };
}

export type CredentialView = ReturnType<typeof credentialView>;
export type AuditEventView = Awaited<ReturnType<typeof auditLog>>['events'][number];
