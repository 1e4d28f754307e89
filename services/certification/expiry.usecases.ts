
import type { Deps } from '../deps.ts';
import { queueEmail } from '../email/email.usecases.ts';
import { publicBaseUrl } from '../shared/urls.ts';

const NOTICE_DAYS = 90;

/**
 * Scheduled: tells each holder, once, that a badge expires within 90 days, with the
 * renewal link. Badges revoked or already renewed are left alone. Returns how many were sent.
 */
export async function sendExpiryNotices(deps: Pick<Deps, 'db' | 'config' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + NOTICE_DAYS * 86_400_000);
  const due = await deps.db
    .selectFrom('credentials as cr')
    .innerJoin('people as p', 'p.id', 'cr.holder_person_id')
    .select(['cr.id', 'cr.valid_until', 'cr.document', 'p.id as person_id', 'p.email', 'p.display_name', 'p.locale'])
    .where('cr.revoked_at', 'is', null)
    .where('cr.expiry_notified_at', 'is', null)
    .where('p.erased_at', 'is', null)
    .where('cr.valid_until', '>', now)
    .where('cr.valid_until', '<=', horizon)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('credentials as next').select('next.id').whereRef('next.replaces_credential_id', '=', 'cr.id'))))
    .limit(5_000)
    .execute();
  let sent = 0;
  for (const row of due) {
    await deps.db.transaction().execute(async (trx) => {
      // Conditional: a concurrent sweep that got here first has set the mark.
      const claimed = await trx.updateTable('credentials').set({ expiry_notified_at: now }).where('id', '=', row.id).where('expiry_notified_at', 'is', null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return;
      const achievement = (row.document.credentialSubject as { achievement?: { name?: string } })?.achievement?.name ?? 'Brevet';
      await queueEmail(trx, {
        to: row.email, locale: row.locale, personId: row.person_id, template: 'expiry-notice',
        data: { displayName: row.display_name, achievementName: achievement, credentialId: row.id, validUntil: new Date(row.valid_until!).toISOString(), renewalLink: `${publicBaseUrl(deps.config)}/learn/credentials/${row.id}/renewal` },
      });
      sent++;
    });
  }
  return sent;
}

