import {
  buildStatusListCredential,
  buildStatusListEntry,
  createStatusBitstring,
  MIN_STATUS_LIST_LENGTH,
  setStatusBit,
  signCredentialDataIntegrity,
  type StatusListEntry,
} from '../../credentials/index.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import type { Executor } from '../db/database.ts';
import type { StatusPurpose } from '../db/schema/credentials.ts';
import type { Deps } from '../deps.ts';
import { documentLoaderFor } from '../credentials/document-loader.ts';
import { activeSigningKey, signingKeyFor } from '../issuer/issuer.usecases.ts';
import { publicBaseUrl } from '../shared/urls.ts';
import { statusErrors } from './status.errors.ts';
import { statusRepository } from './status.repository.ts';

/** Every list holds 131,072 entries (the spec's minimum, for herd privacy). */
export const STATUS_LIST_LENGTH = MIN_STATUS_LIST_LENGTH;

export interface StatusSlot {
  purpose: StatusPurpose;
  listId: string;
  index: number;
}

/**
 * Reserves one never-used index per purpose. Indexes come from sequences, so
 * they are never handed out twice, even when the issuing transaction rolls back.
 */
export async function reserveStatusSlots(
  executor: Executor,
  purposes: readonly StatusPurpose[],
  /** Lists known to exist (committed earlier; lists are never deleted): no insert is tried for them. */
  knownLists?: ReadonlySet<string>,
): Promise<StatusSlot[]> {
  const repository = statusRepository(executor);
  const slots: StatusSlot[] = [];
  for (const purpose of purposes) {
    const global = await repository.nextGlobalIndex(purpose);
    const listNumber = Math.floor(global / STATUS_LIST_LENGTH) + 1;
    const listId = `${purpose}-${listNumber}`;
    if (!knownLists?.has(listId)) await repository.ensureList({ id: listId, purpose, listNumber, length: STATUS_LIST_LENGTH });
    slots.push({ purpose, listId, index: global % STATUS_LIST_LENGTH });
  }
  return slots;
}

/**
 * Reserves `count` never-used indexes of one purpose at once (a cohort issued in one
 * transaction): one statement for the indexes, one per list not yet known to exist.
 */
export async function reserveManyStatusSlots(
  executor: Executor,
  purpose: StatusPurpose,
  count: number,
  knownLists?: ReadonlySet<string>,
): Promise<StatusSlot[]> {
  const repository = statusRepository(executor);
  const globals = await repository.nextGlobalIndexes(purpose, count);
  const ensured = new Set<string>(knownLists);
  const slots: StatusSlot[] = [];
  for (const global of globals) {
    const listNumber = Math.floor(global / STATUS_LIST_LENGTH) + 1;
    const listId = `${purpose}-${listNumber}`;
    if (!ensured.has(listId)) await repository.ensureList({ id: listId, purpose, listNumber, length: STATUS_LIST_LENGTH });
    ensured.add(listId);
    slots.push({ purpose, listId, index: global % STATUS_LIST_LENGTH });
  }
  return slots;
}

/**
 * The URL of a status list credential. With a did:key issuer each key is its own DID, so
 * each key signs its own copy of the list (`/status/<list>/<keyId>`); with did:web one URL.
 */
export function statusListUrl(deps: Pick<Deps, 'config'>, listId: string, storedKeyId: string): string {
  const base = `${publicBaseUrl(deps.config)}/status/${listId}`;
  return deps.config.PUBLIC_URL ? base : `${base}/${storedKeyId}`;
}

/** The credentialStatus entries for reserved slots, pointing at lists signed by `storedKeyId`. */
export function statusEntriesFor(deps: Pick<Deps, 'config'>, slots: StatusSlot[], storedKeyId: string): StatusListEntry[] {
  return slots.map((slot) =>
    buildStatusListEntry({ listUrl: statusListUrl(deps, slot.listId, storedKeyId), index: slot.index, statusPurpose: slot.purpose }),
  );
}

/** Records the slots of many issued credentials at once (same transaction as their rows). */
export async function recordManyStatusSlots(executor: Executor, slots: ReadonlyArray<{ credentialId: string; slot: StatusSlot }>): Promise<void> {
  await statusRepository(executor).insertManySlots(slots.map(({ credentialId, slot }) => ({ credentialId, ...slot })));
}

/** Records the slots of an issued credential (same transaction as the credential row). */
export async function recordStatusSlots(executor: Executor, credentialId: string, slots: StatusSlot[]): Promise<void> {
  await statusRepository(executor).insertSlots(credentialId, slots);
}

type StatusAction = 'revoke' | 'suspend' | 'unsuspend';

/**
 * Revokes, suspends or unsuspends a credential, with the reason and the actor on
 * record. Revocation is final. A credential with a single suspension entry (Open
 * Badges 3.0 allows one credentialStatus) is revoked by setting that bit for good.
 */
export async function changeCredentialStatus(
  deps: Pick<Deps, 'db'>,
  input: { credentialId: string; action: StatusAction; reason: string; actor: Actor },
): Promise<{ revoked: boolean; suspended: boolean }> {
  return deps.db.transaction().execute(async (trx) => {
    const credential = await trx.selectFrom('credentials').select(['id', 'revoked_at']).where('id', '=', input.credentialId).forUpdate().executeTakeFirst();
    if (!credential) throw statusErrors.credentialNotFound();
    const repository = statusRepository(trx);
    const slots = await repository.slotsForUpdate(input.credentialId);
    const revocation = slots.find((s) => s.purpose === 'revocation');
    const suspension = slots.find((s) => s.purpose === 'suspension');
    if (credential.revoked_at) throw statusErrors.alreadyRevoked();
    const target = planChange(input.action, revocation, suspension);
    await repository.setSlot(input.credentialId, target.purpose, target.value);
    await repository.bumpVersion(target.listId);
    if (input.action === 'revoke') {
      await trx.updateTable('credentials').set({ revoked_at: new Date() }).where('id', '=', input.credentialId).execute();
    }
    await repository.recordChange({ credentialId: input.credentialId, action: input.action, reason: input.reason, actorKind: input.actor.kind, actorId: input.actor.id ?? null });
    await recordAudit(trx, { actor: input.actor, action: `credential.${input.action}`, subjectType: 'credential', subjectId: input.credentialId, details: { reason: input.reason } });
    const suspended = input.action === 'suspend' ? true : input.action === 'unsuspend' ? false : Boolean(suspension?.value);
    return { revoked: input.action === 'revoke', suspended };
  });
}

function planChange(
  action: StatusAction,
  revocation: { list_id: string; value: boolean } | undefined,
  suspension: { list_id: string; value: boolean } | undefined,
): { purpose: StatusPurpose; listId: string; value: boolean } {
  if (action === 'revoke') {
    const slot = revocation ?? suspension;
    if (!slot) throw statusErrors.noStatusEntry('This credential was issued without a status entry and cannot be revoked');
    return { purpose: revocation ? 'revocation' : 'suspension', listId: slot.list_id, value: true };
  }
  if (!suspension) throw statusErrors.noStatusEntry('This credential has no suspension entry');
  if (action === 'suspend' && suspension.value) throw statusErrors.alreadySuspended();
  if (action === 'unsuspend' && !suspension.value) throw statusErrors.notSuspended();
  return { purpose: 'suspension', listId: suspension.list_id, value: action === 'suspend' };
}

/**
 * The signed status list credential of a list, as the given key's DID (did:key) or the
 * active key (did:web). Re-signed only when the list changed since its last publication.
 */
export async function publishedStatusList(
  deps: Pick<Deps, 'db' | 'config' | 'secrets' | 'clock'>,
  input: { listId: string; storedKeyId?: string },
): Promise<{ document: Record<string, unknown>; version: number; keyId: string }> {
  const repository = statusRepository(deps.db);
  const list = await repository.list(input.listId);
  if (!list) throw statusErrors.listNotFound();
  if (Boolean(input.storedKeyId) === Boolean(deps.config.PUBLIC_URL)) throw statusErrors.listNotFound();
  const keyId = input.storedKeyId ?? (await activeSigningKey(deps)).storedId;
  const existing = await repository.publication(list.id, keyId);
  if (existing && existing.version === list.version) return { document: existing.document, version: existing.version, keyId };
  const key = await signingKeyFor(deps, keyId).catch(() => {
    throw statusErrors.listNotFound();
  });
  const bits = createStatusBitstring(list.length);
  for (const index of await repository.setIndexes(list.id)) setStatusBit(bits, index, true);
  const unsigned = buildStatusListCredential({
    id: statusListUrl(deps, list.id, keyId),
    issuer: key.controller,
    statusPurpose: list.purpose,
    bits,
    validFrom: deps.clock.now(),
  });
  const document = (await signCredentialDataIntegrity(unsigned, key, { documentLoader: documentLoaderFor(deps) })) as unknown as Record<string, unknown>;
  await repository.savePublication({ listId: list.id, keyId, version: list.version, document });
  return { document, version: list.version, keyId };
}
