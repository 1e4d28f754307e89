import { randomUUID } from 'node:crypto';
import { documentLoaderFor } from '../credentials/document-loader.ts';
import { credentialsRepository } from '../credentials/credentials.repository.ts';
import type { Executor } from '../db/database.ts';
import { enrolmentsWithProgramme } from '../db/joins.ts';
import type { Deps } from '../deps.ts';
import { queueEmails } from '../email/email.usecases.ts';
import { moveEnrolments } from '../enrolments/enrolment-states.ts';
import { activeSigningKey } from '../issuer/issuer.usecases.ts';
import { recordManyStatusSlots, reserveManyStatusSlots, statusEntriesFor, type StatusSlot } from '../status/status.usecases.ts';
import type { BadgeFacts } from './badge.ts';
import { badgeConfig, signCertificationBadges, type SignedBadge } from './badge-signing.ts';
import { signingPoolFor } from './signing-pool.ts';

type IssuanceDeps = Pick<Deps, 'db' | 'config' | 'secrets' | 'clock'>;

export class CertificationNotFoundError extends Error {
  override readonly name = 'CertificationNotFoundError';
}

/** Everything a badge says, read in one query for all the certifications of a batch. */
async function certificationFacts(executor: Executor, certificationIds: readonly string[]) {
  return enrolmentsWithProgramme(executor)
    .innerJoin('certifications as ce', 'ce.enrolment_id', 'e.id')
    .innerJoin('people as l', 'l.id', 'e.person_id')
    .select((eb) => [
      'ce.id', 'ce.score_percent', 'ce.evidence', 'ce.renews_credential_id', 'e.id as enrolment_id', 'e.status as enrolment_status',
      'l.id as person_id', 'l.email', 'l.display_name', 'l.locale', 'p.code', 'v.level', 'v.title', 'v.description',
      'v.validity_months', 'v.required_webinars', 'v.pass_mark_percent', 'v.fixed_duration_weeks', 'v.digcomp_alignment',
      eb.selectFrom('programme_modules as m').select((m) => m.fn.countAll<number>().as('n')).whereRef('m.programme_version_id', '=', 'v.id').as('module_count'),
    ])
    .where('ce.id', 'in', certificationIds)
    .orderBy('ce.id')
    .execute();
}

type CertificationFacts = Awaited<ReturnType<typeof certificationFacts>>[number];

export interface IssuedCredential {
  certificationId: string;
  credentialId: string;
  /** False when the credential existed already (issued by an earlier or a concurrent job). */
  created: boolean;
}

/**
 * Builds, signs and stores the badge of a certification, exactly once: the
 * certification row is locked, an existing credential ends the work, and the unique
 * certification_id makes a second credential impossible even across processes. The
 * enrolment becomes certified and the badge email is queued in the same transaction.
 * An unknown certification is a CertificationNotFoundError.
 */
export async function issueCertificationCredential(deps: IssuanceDeps, certificationId: string): Promise<{ credentialId: string; created: boolean }> {
  const { issued, missing } = await issueCertificationCredentials(deps, [certificationId]);
  if (missing.length) throw new CertificationNotFoundError(`No certification ${certificationId}`);
  const [result] = issued;
  return { credentialId: result!.credentialId, created: result!.created };
}

/**
 * issueCertificationCredential for many certifications (a cohort passing at once) in
 * one transaction, with the same guarantees for each. The certifications are locked in
 * id order, so two batches sharing ids wait for each other instead of deadlocking, and the
 * second finds the first one's credentials. Ids with no certification are returned in
 * `missing` and do not stop the others: a certification row is never deleted, so no
 * retry would find them, and the rest of the batch must not wait on them.
 */
export async function issueCertificationCredentials(
  deps: IssuanceDeps,
  certificationIds: readonly string[],
): Promise<{ issued: IssuedCredential[]; missing: string[] }> {
  const ids = [...new Set(certificationIds)].sort();
  if (ids.length === 0) return { issued: [], missing: [] };
  const signer = await activeSigningKey(deps);
  const lists = knownStatusLists(deps);
  const result = await deps.db.transaction().execute(async (trx) => {
    // Two statements on purpose: the credential check must take its snapshot after the locks are granted
    // (a join in the locking statement would not see a credential committed by the holder of a lock).
    const locked = await trx.selectFrom('certifications').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
    const lockedIds = new Set(locked.map((row) => row.id));
    const existing = lockedIds.size
      ? await trx.selectFrom('credentials').select(['id', 'certification_id']).where('certification_id', 'in', [...lockedIds]).execute()
      : [];
    const done = new Set(existing.map((row) => row.certification_id));
    const pending = [...lockedIds].filter((id) => !done.has(id));
    const created = pending.length ? await issueLocked(deps, trx, signer, lists, pending) : { badges: [], listIds: [] };
    return {
      missing: ids.filter((id) => !lockedIds.has(id)),
      issued: [
        ...existing.map((row) => ({ certificationId: row.certification_id!, credentialId: row.id, created: false })),
        ...created.badges.map((badge) => ({ certificationId: badge.certificationId, credentialId: badge.credentialId, created: true })),
      ],
      listIds: created.listIds,
    };
  });
  // Known to exist only once committed (lists are never deleted): later issuances skip ensureList.
  for (const listId of result.listIds) lists.add(listId);
  return { issued: result.issued, missing: result.missing };
}

type Signer = Awaited<ReturnType<typeof activeSigningKey>>;

/** Signs and stores the badges of locked certifications that have none, with everything that goes with them. */
async function issueLocked(deps: IssuanceDeps, trx: Executor, signer: Signer, lists: ReadonlySet<string>, certificationIds: string[]) {
  const facts = await certificationFacts(trx, certificationIds);
  // The joins follow required references, so this cannot happen; if it did, skipping quietly would leave a certification unissued.
  if (facts.length !== certificationIds.length) {
    const found = new Set(facts.map((fact) => fact.id));
    throw new Error(`No badge facts (enrolment, learner, cohort, programme) for certifications ${certificationIds.filter((id) => !found.has(id)).join(', ')}`);
  }
  const slots = await reserveManyStatusSlots(trx, 'suspension', facts.length, lists);
  const issuedAt = deps.clock.now();
  const badgeFacts = facts.map((fact, i) => factsOfBadge(deps, signer, fact, slots[i]!, issuedAt));
  const signed = await signBadges(deps, signer, badgeFacts);
  const badges = facts.map((fact, i) => ({ fact, credentialId: badgeFacts[i]!.credentialUuid, slot: slots[i]!, signed: signed[i]! }));
  await credentialsRepository(trx).insertMany(badges.map(({ fact, credentialId, signed: badge }) => ({
    id: credentialId, vcId: badge.vcId, issuerKeyId: signer.storedId, document: badge.documentJson, jwt: badge.jwt, holderPersonId: fact.person_id,
    replacesCredentialId: fact.renews_credential_id, validFrom: badge.validFrom, validUntil: badge.validUntil ?? null, certificationId: fact.id,
  })));
  await recordManyStatusSlots(trx, badges.map((badge) => ({ credentialId: badge.credentialId, slot: badge.slot })));
  const completed = facts.filter((fact) => fact.enrolment_status === 'completed');
  await moveEnrolments(trx, completed.map((fact) => ({ id: fact.enrolment_id, status: 'completed' as const })), 'certified', { kind: 'system', id: 'issuance' });
  await queueEmails(trx, badges.map(({ fact, credentialId, signed: badge }) => ({
    to: fact.email, locale: fact.locale, personId: fact.person_id, template: 'badge-issued' as const,
    data: { displayName: fact.display_name, achievementName: fact.title[fact.locale], credentialId, validUntil: badge.validUntil },
  })));
  return { badges: badges.map(({ fact, credentialId }) => ({ certificationId: fact.id, credentialId })), listIds: [...new Set(slots.map((slot) => slot.listId))] };
}

/**
 * Builds and signs a batch's badges (Data Integrity and JWT) on a signing thread when the
 * issuance workers of this process have them (ISSUANCE_SIGNING_THREADS), in this thread
 * otherwise; the same facts give the same badges either way. If the thread errs or dies, this
 * throws and the transaction rolls back with nothing written.
 */
async function signBadges(deps: IssuanceDeps, signer: Signer, badges: BadgeFacts[]): Promise<SignedBadge[]> {
  const input = { config: badgeConfig(deps.config), badges };
  const pool = signingPoolFor(deps);
  if (pool) return pool.sign(input, signer.key);
  return signCertificationBadges(input, signer.key, documentLoaderFor(deps));
}

/** What the badge of one certification says. */
function factsOfBadge(deps: IssuanceDeps, signer: Signer, fact: CertificationFacts, slot: StatusSlot, issuedAt: Date): BadgeFacts {
  const { key, storedId } = signer;
  return {
    credentialUuid: randomUUID(),
    issuerDid: key.controller,
    issuerName: deps.config.ISSUER_NAME,
    issuedAt,
    validityMonths: fact.validity_months,
    learner: { email: fact.email, locale: fact.locale },
    programme: {
      code: fact.code, level: fact.level, title: fact.title, description: fact.description, modules: Number(fact.module_count),
      webinars: fact.required_webinars, passMark: fact.pass_mark_percent, weeks: fact.fixed_duration_weeks, alignment: fact.digcomp_alignment,
    },
    scorePercent: Number(fact.score_percent),
    evidence: fact.evidence,
    status: statusEntriesFor(deps, [slot], storedId)[0]!,
  };
}

const statusListsSeen = new WeakMap<object, Set<string>>();

/** Status lists this process saw committed, per database. */
function knownStatusLists(deps: Pick<Deps, 'db'>): Set<string> {
  let seen = statusListsSeen.get(deps.db);
  if (!seen) statusListsSeen.set(deps.db, (seen = new Set()));
  return seen;
}
