import { recordAudit } from '../audit/audit.repository.ts';
import type { Deps } from '../deps.ts';
import { peopleRepository } from './identity.repository.ts';

export type BootstrapOutcome = 'disabled' | 'created' | 'promoted' | 'unchanged';

/**
 * Makes sure the person named by BOOTSTRAP_ADMIN_EMAIL exists and is an
 * administrator, so a new installation has someone who can sign in and create
 * the others. Does nothing when the variable is unset; safe to run at every start.
 */
export async function ensureBootstrapAdmin({ db, config }: Pick<Deps, 'db' | 'config'>): Promise<BootstrapOutcome> {
  const email = config.BOOTSTRAP_ADMIN_EMAIL;
  if (!email) return 'disabled';
  return db.transaction().execute(async (trx) => {
    const people = peopleRepository(trx);
    const existing = await people.findActiveByEmail(email);
    const actor = { kind: 'system' as const, id: 'bootstrap' };
    if (existing?.roles.includes('admin')) return 'unchanged';
    if (existing) {
      await people.update(existing.id, { roles: [...existing.roles, 'admin'] });
      await recordAudit(trx, { actor, action: 'person.updated', subjectType: 'person', subjectId: existing.id, details: { before: { roles: existing.roles }, after: { roles: [...existing.roles, 'admin'] } } });
      return 'promoted';
    }
    const created = await people.insert({ email, displayName: email.split('@')[0]!, locale: 'fr', organisationId: null, managerId: null, roles: ['admin'] });
    await recordAudit(trx, { actor, action: 'person.created', subjectType: 'person', subjectId: created.id, details: { roles: ['admin'], bootstrap: true } });
    return 'created';
  });
}
