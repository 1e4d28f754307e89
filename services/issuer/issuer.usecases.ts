import { randomBytes } from 'node:crypto';
import {
  buildDidDocument,
  createSigningKey,
  describePublicKey,
  didKeyFromPublicKey,
  didWebFromHost,
  generateEd25519PrivateKey,
  sealPrivateKey,
  unsealPrivateKey,
  type DidDocument,
  type SigningKey,
} from '../../credentials/index.ts';
import { recordAudit, type Actor } from '../audit/audit.repository.ts';
import { isUniqueViolation, type Executor } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { publicBaseUrl } from '../shared/urls.ts';
import { issuerKeysRepository } from './issuer.repository.ts';

type IssuerDeps = Pick<Deps, 'db' | 'config' | 'secrets'>;

/** The issuer's web DID, from the public host (did:web:brevet.example.be, port encoded). */
export function issuerDidWeb(config: IssuerDeps['config']): string {
  return didWebFromHost(new URL(publicBaseUrl(config)).host);
}

/** did:web when a public host is configured; otherwise did:key (self-resolving, offline). */
function signingIdentity(config: IssuerDeps['config'], keyId: string, publicKeyMultibase: string): { did: string; keyId: string } {
  if (config.PUBLIC_URL) return { did: issuerDidWeb(config), keyId };
  return didKeyFromPublicKey(publicKeyMultibase);
}

function newKeyId(): string {
  return `key-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

async function insertNewKey(deps: IssuerDeps, executor: Executor): Promise<string> {
  const privateKey = generateEd25519PrivateKey();
  const id = newKeyId();
  const { publicKeyMultibase } = describePublicKey(privateKey, id);
  await issuerKeysRepository(executor).insert({ id, publicKeyMultibase, sealedSecretKey: sealPrivateKey(privateKey, deps.secrets.keyEncryptionKey) });
  return id;
}

/**
 * Makes sure an active signing key exists (generated on first start). Safe to
 * run from several processes at once: the one-active-key index lets one win.
 */
export async function ensureIssuerKey(deps: IssuerDeps): Promise<void> {
  if (await issuerKeysRepository(deps.db).active()) return;
  try {
    await deps.db.transaction().execute(async (trx) => {
      const id = await insertNewKey(deps, trx);
      await recordAudit(trx, { actor: { kind: 'system' }, action: 'issuer_key.created', subjectType: 'issuer_key', subjectId: id });
    });
  } catch (error) {
    if (!isUniqueViolation(error, 'issuer_keys_one_active')) throw error;
  }
}

/** Adds a new signing key and retires the current one; no key is ever deleted, so old badges keep verifying. */
export async function rotateIssuerKey(deps: IssuerDeps, actor: Actor): Promise<{ keyId: string }> {
  const keyId = await deps.db.transaction().execute(async (trx) => {
    await issuerKeysRepository(trx).retireActive();
    const id = await insertNewKey(deps, trx);
    await recordAudit(trx, { actor, action: 'issuer_key.rotated', subjectType: 'issuer_key', subjectId: id });
    return id;
  });
  cacheFor(deps).active = undefined;
  return { keyId };
}

const ACTIVE_KEY_TTL_MS = 60_000;
const keyCache = new WeakMap<object, { keys: Map<string, SigningKey>; active?: { id: string; until: number } }>();

function cacheFor(deps: IssuerDeps) {
  let entry = keyCache.get(deps.db);
  if (!entry) keyCache.set(deps.db, (entry = { keys: new Map() }));
  return entry;
}

/** A stored key (active or retired), unsealed once per process; retired keys still sign their old status lists. */
export async function signingKeyFor(deps: IssuerDeps, storedId: string): Promise<SigningKey> {
  const cache = cacheFor(deps);
  const cached = cache.keys.get(storedId);
  if (cached) return cached;
  const row = await issuerKeysRepository(deps.db).byId(storedId);
  if (!row) throw new Error(`No issuer key ${storedId}`);
  const identity = signingIdentity(deps.config, row.id, row.public_key_multibase);
  const key = createSigningKey({ ...identity, privateKey: unsealPrivateKey(row.sealed_secret_key, deps.secrets.keyEncryptionKey) });
  cache.keys.set(storedId, key);
  return key;
}

/**
 * The active signing key. Which key is active is re-read every minute, so a rotation
 * made by another process is picked up within that time (the old key stays valid meanwhile).
 */
export async function activeSigningKey(deps: IssuerDeps): Promise<{ key: SigningKey; storedId: string }> {
  const cache = cacheFor(deps);
  if (!cache.active || cache.active.until <= Date.now()) {
    let row = await issuerKeysRepository(deps.db).active();
    if (!row) {
      await ensureIssuerKey(deps);
      row = await issuerKeysRepository(deps.db).active();
    }
    if (!row) throw new Error('No active issuer key');
    cache.active = { id: row.id, until: Date.now() + ACTIVE_KEY_TTL_MS };
  }
  return { key: await signingKeyFor(deps, cache.active.id), storedId: cache.active.id };
}

/** The issuer DID: did:web of the public host, or the active key's did:key. */
export async function issuerDid(deps: IssuerDeps): Promise<string> {
  return (await activeSigningKey(deps)).key.controller;
}

/** The did:web document: every key ever used, active and retired, as Multikey and JWK. */
export async function issuerDidDocument(deps: Pick<Deps, 'db' | 'config'>): Promise<DidDocument> {
  const keys = await issuerKeysRepository(deps.db).all();
  return buildDidDocument({
    did: issuerDidWeb(deps.config),
    keys: keys.map((k) => ({ keyId: k.id, publicKeyMultibase: k.public_key_multibase })),
  });
}

/** Whether a DID is this issuer: our did:web, or the did:key of any key we ever held. */
export async function isOwnIssuerDid(deps: Pick<Deps, 'db' | 'config'>, did: string): Promise<boolean> {
  if (did === issuerDidWeb(deps.config)) return true;
  if (!did.startsWith('did:key:')) return false;
  const keys = await issuerKeysRepository(deps.db).all();
  return keys.some((k) => didKeyFromPublicKey(k.public_key_multibase).did === did);
}
