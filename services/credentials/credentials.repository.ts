import type { Executor } from '../db/database.ts';

export interface NewCredential {
  id: string;
  vcId: string | null;
  issuerKeyId: string;
  /** The signed document, or its JSON text (badges signed by badge-signing.ts come as text: no parse and stringify again). */
  document: object | string;
  jwt?: string | null;
  holderPersonId?: string | null;
  issuedByClientId?: string | null;
  replacesCredentialId?: string | null;
  shared?: boolean;
  validFrom?: string | null;
  validUntil?: string | null;
  certificationId?: string | null;
}

/** Issued credentials: the signed document (and JWT form), who holds or issued it, sharing. */
export function credentialsRepository(db: Executor) {
  /** Many credentials in one multi-row insert (a cohort issued in one transaction). */
  async function insertMany(rows: readonly NewCredential[]) {
    if (rows.length === 0) return;
    await db
      .insertInto('credentials')
      .values(rows.map((row) => ({
        id: row.id,
        vc_id: row.vcId,
        issuer_key_id: row.issuerKeyId,
        document: typeof row.document === 'string' ? row.document : JSON.stringify(row.document),
        jwt: row.jwt ?? null,
        holder_person_id: row.holderPersonId ?? null,
        issued_by_client_id: row.issuedByClientId ?? null,
        replaces_credential_id: row.replacesCredentialId ?? null,
        shared: row.shared ?? false,
        valid_from: row.validFrom ?? null,
        valid_until: row.validUntil ?? null,
        certification_id: row.certificationId ?? null,
      })))
      .execute();
  }
  return {
    async insert(row: NewCredential) {
      await insertMany([row]);
    },
    insertMany,
    byId(id: string) {
      return db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
    },
    byVcId(vcId: string) {
      return db.selectFrom('credentials').selectAll().where('vc_id', '=', vcId).executeTakeFirst();
    },
  };
}
