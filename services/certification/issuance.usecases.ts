import { randomUUID } from 'node:crypto';
import { signCredentialDataIntegrity, signCredentialJwt } from '../../credentials/index.ts';
import { documentLoaderFor } from '../credentials/document-loader.ts';
import { credentialsRepository } from '../credentials/credentials.repository.ts';
import type { Executor } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { queueEmail } from '../email/email.usecases.ts';
import { moveEnrolment } from '../enrolments/enrolment-states.ts';
import { activeSigningKey } from '../issuer/issuer.usecases.ts';
import { recordStatusSlots, reserveStatusSlots, statusEntriesFor } from '../status/status.usecases.ts';
import { buildCertificationBadge } from './badge.ts';

type IssuanceDeps = Pick<Deps, 'db' | 'config' | 'secrets' | 'clock'>;

export class CertificationNotFoundError extends Error {
  override readonly name = 'CertificationNotFoundError';
}

/** Everything a badge says, read in one query from the certification. */
async function certificationFacts(executor: Executor, certificationId: string) {
  return executor
    .selectFrom('certifications as ce')
    .innerJoin('enrolments as e', 'e.id', 'ce.enrolment_id')
    .innerJoin('people as l', 'l.id', 'e.person_id')
    .innerJoin('cohorts as c', 'c.id', 'e.cohort_id')
    .innerJoin('programme_versions as v', 'v.id', 'c.programme_version_id')
    .innerJoin('programmes as p', 'p.id', 'v.programme_id')
    .select((eb) => [
      'ce.id', 'ce.score_percent', 'ce.evidence', 'ce.renews_credential_id', 'e.id as enrolment_id', 'e.status as enrolment_status',
      'l.id as person_id', 'l.email', 'l.display_name', 'l.locale', 'p.code', 'v.level', 'v.title', 'v.description',
      'v.validity_months', 'v.required_webinars', 'v.pass_mark_percent', 'v.fixed_duration_weeks', 'v.digcomp_alignment',
      eb.selectFrom('programme_modules as m').select((m) => m.fn.countAll<number>().as('n')).whereRef('m.programme_version_id', '=', 'v.id').as('module_count'),
    ])
    .where('ce.id', '=', certificationId)
    .executeTakeFirst();
}

/**
 * Builds, signs and stores the badge of a certification, exactly once: the
 * certification row is locked, an existing credential ends the work, and the unique
 * certification_id makes a second credential impossible even across processes. The
 * enrolment becomes certified and the badge email is queued in the same transaction.
 */
export async function issueCertificationCredential(deps: IssuanceDeps, certificationId: string): Promise<{ credentialId: string; created: boolean }> {
  const { key, storedId } = await activeSigningKey(deps);
  const lists = knownStatusLists(deps);
  const result = await deps.db.transaction().execute(async (trx) => {
    // Two statements on purpose: the credential check must take its snapshot after the lock is granted
    // (a join in the locking statement would not see a credential committed by the holder of the lock).
    const locked = await trx.selectFrom('certifications').select('id').where('id', '=', certificationId).forUpdate().executeTakeFirst();
    if (!locked) throw new CertificationNotFoundError(`No certification ${certificationId}`);
    const existing = await trx.selectFrom('credentials').select('id').where('certification_id', '=', certificationId).executeTakeFirst();
    if (existing) return { credentialId: existing.id, created: false };
    const facts = (await certificationFacts(trx, certificationId))!;
    const [slot] = await reserveStatusSlots(trx, ['suspension'], lists);
    const credentialUuid = randomUUID();
    const issuedAt = deps.clock.now();
    const unsigned = buildCertificationBadge(deps.config, {
      credentialUuid,
      issuerDid: key.controller,
      issuerName: deps.config.ISSUER_NAME,
      issuedAt,
      validityMonths: facts.validity_months,
      learner: { email: facts.email, locale: facts.locale },
      programme: {
        code: facts.code, level: facts.level, title: facts.title, description: facts.description, modules: Number(facts.module_count),
        webinars: facts.required_webinars, passMark: facts.pass_mark_percent, weeks: facts.fixed_duration_weeks, alignment: facts.digcomp_alignment,
      },
      scorePercent: Number(facts.score_percent),
      evidence: facts.evidence,
      status: statusEntriesFor(deps, [slot!], storedId)[0]!,
    });
    const document = await signCredentialDataIntegrity(unsigned, key, { documentLoader: documentLoaderFor(deps) });
    const jwt = await signCredentialJwt(unsigned, key);
    await credentialsRepository(trx).insert({
      id: credentialUuid, vcId: unsigned.id, issuerKeyId: storedId, document, jwt, holderPersonId: facts.person_id,
      replacesCredentialId: facts.renews_credential_id, validFrom: unsigned.validFrom, validUntil: unsigned.validUntil ?? null, certificationId,
    });
    await recordStatusSlots(trx, credentialUuid, [slot!]);
    if (facts.enrolment_status === 'completed') {
      await moveEnrolment(trx, { id: facts.enrolment_id, status: 'completed' }, 'certified', { kind: 'system', id: 'issuance' });
    }
    await queueEmail(trx, {
      to: facts.email, locale: facts.locale, personId: facts.person_id, template: 'badge-issued',
      data: { displayName: facts.display_name, achievementName: facts.title[facts.locale], credentialId: credentialUuid, validUntil: unsigned.validUntil },
    });
    return { credentialId: credentialUuid, created: true, listId: slot!.listId };
  });
  // Known to exist only once committed (lists are never deleted): later issuances skip ensureList.
  if ('listId' in result && result.listId) lists.add(result.listId);
  return { credentialId: result.credentialId, created: result.created };
}

const statusListsSeen = new WeakMap<object, Set<string>>();

/** Status lists this process saw committed, per database. */
function knownStatusLists(deps: Pick<Deps, 'db'>): Set<string> {
  let seen = statusListsSeen.get(deps.db);
  if (!seen) statusListsSeen.set(deps.db, (seen = new Set()));
  return seen;
}
