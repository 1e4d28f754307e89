import { defineError } from '../shared/errors.ts';
import type { Deps } from '../deps.ts';
import { insertEnrolment } from '../enrolments/enrolments.usecases.ts';
import { isUniqueViolation } from '../db/database.ts';

export const renewalErrors = {
  notFound: defineError('renewals.credential_not_found', 404, 'No such credential of yours'),
  notYet: defineError('renewals.not_yet', 409, 'Renewal opens 90 days before the credential expires'),
  expired: defineError('renewals.expired', 409, 'The credential has expired: certify again through a cohort'),
  revoked: defineError('renewals.revoked', 409, 'A revoked credential cannot be renewed'),
  alreadyRenewing: defineError('renewals.already_open', 409, 'A renewal of this credential is already open'),
};

export const RENEWAL_WINDOW_DAYS = 90;

/**
 * Opens a renewal for a holder whose badge expires within 90 days: an enrolment in the
 * badge's programme whose only requirement is the renewal assessment. Passing it issues
 * a new badge that links to the one it replaces.
 */
export async function openRenewal(deps: Pick<Deps, 'db' | 'clock'>, input: { credentialId: string; personId: string }) {
  const credential = await deps.db
    .selectFrom('credentials as cr')
    .innerJoin('certifications as ce', 'ce.id', 'cr.certification_id')
    .innerJoin('enrolments as e', 'e.id', 'ce.enrolment_id')
    .select(['cr.id', 'cr.valid_until', 'cr.revoked_at', 'e.cohort_id'])
    .where('cr.id', '=', input.credentialId)
    .where('cr.holder_person_id', '=', input.personId)
    .executeTakeFirst();
  if (!credential) throw renewalErrors.notFound();
  if (credential.revoked_at) throw renewalErrors.revoked();
  const now = deps.clock.now().getTime();
  const expiresAt = credential.valid_until ? new Date(credential.valid_until).getTime() : Infinity;
  if (expiresAt <= now) throw renewalErrors.expired();
  if (expiresAt - now > RENEWAL_WINDOW_DAYS * 86_400_000) throw renewalErrors.notYet(`Renewal opens on ${new Date(expiresAt - RENEWAL_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10)}`);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const enrolment = await insertEnrolment(trx, { cohortId: credential.cohort_id, personId: input.personId, status: 'active', holdsSeat: false, prerequisite: null, renewsCredentialId: credential.id });
      await trx.insertInto('enrolment_events').values({ enrolment_id: enrolment.id, from_status: null, to_status: 'active', actor_kind: 'person', actor_id: input.personId, reason: 'renewal' }).execute();
      return { enrolmentId: enrolment.id, renewsCredentialId: credential.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'enrolments_one_renewal')) throw renewalErrors.alreadyRenewing();
    throw error;
  }
}
