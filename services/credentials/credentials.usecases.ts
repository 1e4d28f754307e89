import { randomUUID } from 'node:crypto';
import { issuerIdOf, signCredentialDataIntegrity } from '../../credentials/index.ts';
import type { StatusPurpose } from '../db/schema/credentials.ts';
import type { Deps } from '../deps.ts';
import { activeSigningKey } from '../issuer/issuer.usecases.ts';
import type { Principal } from '../shared/auth.ts';
import { recordStatusSlots, reserveStatusSlots, statusEntriesFor } from '../status/status.usecases.ts';
import { credentialErrors } from './credentials.errors.ts';
import { credentialsRepository } from './credentials.repository.ts';
import { documentLoaderFor } from './document-loader.ts';
import { credentialShapeProblems } from './issuance-checks.ts';

type IssueDeps = Pick<Deps, 'db' | 'config' | 'secrets'>;

export interface IssueOptions {
  /** VC-API style: ask the issuer to add status entries (`{type: 'BitstringStatusListEntry', statusPurpose?}`). */
  credentialStatus?: { type: string; statusPurpose?: StatusPurpose } | Array<{ type: string; statusPurpose?: StatusPurpose }>;
}

function requestedPurposes(options: IssueOptions | undefined): StatusPurpose[] {
  const requests = options?.credentialStatus === undefined ? [] : ([] as Array<{ type: string; statusPurpose?: StatusPurpose }>).concat(options.credentialStatus);
  for (const request of requests) {
    if (request.type !== 'BitstringStatusListEntry') throw credentialErrors.invalid(`Status type "${request.type}" is not supported; use BitstringStatusListEntry`);
  }
  const purposes = requests.map((r) => r.statusPurpose ?? 'revocation');
  if (new Set(purposes).size !== purposes.length) throw credentialErrors.invalid('Each status purpose may be requested once');
  return purposes;
}

/**
 * Issues any valid VC 2.0 (or 1.1) credential for an API client (VC-API): checks the
 * data-model rules JSON-LD leaves open, adds the requested status entries, signs it
 * (eddsa-rdfc-2022) and stores it. The issuer must be this service's DID.
 */
export async function issueCredential(
  deps: IssueDeps,
  input: { credential: Record<string, unknown>; options?: IssueOptions; clientId: string | null },
): Promise<{ id: string; verifiableCredential: Record<string, unknown> }> {
  const problems = credentialShapeProblems(input.credential);
  if (problems.length) throw credentialErrors.invalid('The credential breaks the VC data model', { errors: problems });
  const purposes = requestedPurposes(input.options);
  const { key, storedId } = await activeSigningKey(deps);
  const issuer = issuerIdOf(input.credential);
  if (issuer !== key.controller) {
    throw credentialErrors.issuerMismatch(`The issuer must be ${key.controller} (got ${issuer ?? 'none'})`, { extensions: { issuer: key.controller } });
  }
  return deps.db.transaction().execute(async (trx) => {
    const slots = await reserveStatusSlots(trx, purposes);
    const entries = statusEntriesFor(deps, slots, storedId);
    const existing = input.credential.credentialStatus;
    const credentialStatus = entries.length === 0 ? existing : [...(existing === undefined ? [] : ([] as unknown[]).concat(existing)), ...entries];
    const toSign = { ...input.credential, ...(credentialStatus === undefined ? {} : { credentialStatus: unwrapSingle(credentialStatus) }) };
    let signed: Record<string, unknown>;
    try {
      signed = (await signCredentialDataIntegrity(toSign, key, { documentLoader: documentLoaderFor(deps) })) as Record<string, unknown>;
    } catch (error) {
      throw credentialErrors.notSignable(error instanceof Error ? error.message : String(error));
    }
    const id = randomUUID();
    await credentialsRepository(trx).insert({
      id,
      vcId: typeof signed.id === 'string' ? signed.id : null,
      issuerKeyId: storedId,
      document: signed,
      issuedByClientId: input.clientId,
      validFrom: typeof signed.validFrom === 'string' ? signed.validFrom : null,
      validUntil: typeof signed.validUntil === 'string' ? signed.validUntil : null,
    });
    await recordStatusSlots(trx, id, slots);
    return { id, verifiableCredential: signed };
  });
}

function unwrapSingle(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

/**
 * A stored credential, for whoever may see it: anyone once its holder shared it; otherwise
 * its holder, the API client that issued it, or an admin. Others get the same 404 as for
 * a credential that does not exist.
 */
export async function getCredential(deps: Pick<Deps, 'db'>, input: { id: string; principal: Principal | null }) {
  const row = await credentialsRepository(deps.db).byId(input.id);
  if (!row) throw credentialErrors.notShared();
  const p = input.principal;
  const allowed =
    row.shared ||
    (p?.kind === 'person' && (p.id === row.holder_person_id || p.roles.includes('admin'))) ||
    (p?.kind === 'client' && p.id === row.issued_by_client_id);
  if (!allowed) throw credentialErrors.notShared();
  return row;
}
