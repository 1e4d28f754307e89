import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import type { Deps } from '../deps.ts';
import { credentialErrors } from './credentials.errors.ts';

/** The badges a person holds, newest first, with what their holder needs to manage them. */
export async function listHeldCredentials({ db }: Pick<Deps, 'db'>, input: { personId: string }) {
  const rows = await db
    .selectFrom('credentials as cr')
    .leftJoin('credentials as next', 'next.replaces_credential_id', 'cr.id')
    .select(['cr.id', 'cr.vc_id', 'cr.document', 'cr.shared', 'cr.valid_from', 'cr.valid_until', 'cr.revoked_at', 'cr.issued_at', 'cr.replaces_credential_id', 'next.id as replaced_by'])
    .where('cr.holder_person_id', '=', input.personId)
    .orderBy('cr.issued_at', 'desc')
    .execute();
  return rows.map((r) => {
    const achievement = (r.document.credentialSubject as { achievement?: { id?: string; name?: string } } | undefined)?.achievement;
    return {
      id: r.id,
      vcId: r.vc_id,
      achievement: { id: achievement?.id ?? null, name: achievement?.name ?? null },
      shared: r.shared,
      issuedAt: new Date(r.issued_at).toISOString(),
      validUntil: r.valid_until ? new Date(r.valid_until).toISOString() : null,
      revoked: r.revoked_at !== null,
      replaces: r.replaces_credential_id,
      replacedBy: r.replaced_by,
    };
  });
}

/**
 * The holder's share switch: when on, anyone with the link may fetch the credential and
 * the public verification page shows the holder's name.
 */
export async function setCredentialSharing({ db }: Pick<Deps, 'db'>, input: { actor: Actor & { kind: 'person' }; credentialId: string; shared: boolean }) {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('credentials')
      .set({ shared: input.shared })
      .where('id', '=', input.credentialId)
      .where('holder_person_id', '=', input.actor.id)
      .returning(['id', 'shared'])
      .executeTakeFirst();
    if (!updated) throw credentialErrors.notFound();
    await recordAudit(trx, { actor: input.actor, action: input.shared ? 'credential.shared' : 'credential.unshared', subjectType: 'credential', subjectId: input.credentialId });
    return updated;
  });
}
