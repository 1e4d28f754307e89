import { hashRecipientEmail, issuerIdOf, type VerificationReport } from '../../credentials/index.ts';
import type { PrerequisiteRecord } from '../db/schema/enrolments.ts';
import type { Deps } from '../deps.ts';
import { achievementIdFor } from '../certification/achievement.ts';
import { isOwnIssuerDid } from '../issuer/issuer.usecases.ts';
import type { FieldError } from '../shared/errors.ts';
import { verifyPresentedCredential } from '../verification/verification.usecases.ts';
import { enrolmentErrors } from './enrolments.errors.ts';

type PrerequisiteDeps = Pick<Deps, 'db' | 'config' | 'secrets' | 'clock'>;

function failingChecks(report: VerificationReport): FieldError[] {
  return report.checks
    .filter((c) => c.status === 'failed' || c.status === 'could_not_check')
    .map((c) => ({ path: c.name, message: c.detail ?? c.status }));
}

/** Whether a verified credential certifies `programmeCode` for this learner, issued by us. */
async function certifiesLearner(deps: PrerequisiteDeps, report: VerificationReport, programmeCode: string, email: string): Promise<FieldError[]> {
  const credential = report.credential ?? {};
  const subject = credential.credentialSubject as { achievement?: { id?: unknown }; identifier?: unknown } | undefined;
  const problems: FieldError[] = [];
  const issuer = issuerIdOf(credential);
  if (!issuer || !(await isOwnIssuerDid(deps, issuer))) problems.push({ path: 'issuer', message: 'not issued by this service' });
  if (subject?.achievement?.id !== achievementIdFor(deps.config, programmeCode)) {
    problems.push({ path: 'achievement', message: `not a ${programmeCode} credential` });
  }
  const identifiers = ([] as unknown[]).concat(subject?.identifier ?? []) as Array<{ identityHash?: string; salt?: string }>;
  const matches = identifiers.some((id) => typeof id.salt === 'string' && id.identityHash === hashRecipientEmail(email, id.salt));
  if (!matches) problems.push({ path: 'recipient', message: 'issued to someone else' });
  return problems;
}

/**
 * The expert-level rule: the learner holds a credential of the prerequisite programme
 * that verifies NOW (signature, not revoked or suspended, not expired), checked by the
 * same verifier the public uses. Either a credential held here, or one uploaded.
 * Refused with the failing checks otherwise.
 */
export async function checkPrerequisite(
  deps: PrerequisiteDeps,
  input: { personId: string; email: string; programmeCode: string; uploaded?: unknown },
): Promise<PrerequisiteRecord> {
  const checkedAt = deps.clock.now().toISOString();
  if (input.uploaded !== undefined) {
    const report = await verifyPresentedCredential(deps, input.uploaded);
    const problems = report.outcome === 'valid' ? await certifiesLearner(deps, report, input.programmeCode, input.email) : failingChecks(report);
    if (problems.length) throw enrolmentErrors.prerequisiteNotMet(`The uploaded credential does not prove ${input.programmeCode}`, { errors: problems });
    const id = report.credential?.id;
    return { credentialId: typeof id === 'string' ? id : null, outcome: 'valid', checkedAt, source: 'uploaded' };
  }
  const held = await deps.db
    .selectFrom('credentials as cr')
    .innerJoin('certifications as ce', 'ce.id', 'cr.certification_id')
    .innerJoin('enrolments as e', 'e.id', 'ce.enrolment_id')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('programme_versions as v', 'v.id', 'c.programme_version_id')
    .innerJoin('programmes as p', 'p.id', 'v.programme_id')
    .select(['cr.id', 'cr.document'])
    .where('cr.holder_person_id', '=', input.personId)
    .where('p.code', '=', input.programmeCode)
    .orderBy('cr.issued_at', 'desc')
    .execute();
  let last: FieldError[] = [{ path: 'credential', message: `no ${input.programmeCode} credential is held here; upload one` }];
  for (const row of held) {
    const report = await verifyPresentedCredential(deps, row.document);
    if (report.outcome === 'valid') return { credentialId: row.id, outcome: 'valid', checkedAt, source: 'held' };
    last = failingChecks(report);
  }
  throw enrolmentErrors.prerequisiteNotMet(`No ${input.programmeCode} credential of this learner verifies now`, { errors: last });
}
