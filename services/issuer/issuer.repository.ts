import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** Issuer keys: public key in the clear, private key sealed (AES-256-GCM under the KEK). */
export function issuerKeysRepository(db: Executor) {
  return {
    active() {
      return db.selectFrom('issuer_keys').selectAll().where('retired_at', 'is', null).executeTakeFirst();
    },
    all() {
      return db.selectFrom('issuer_keys').selectAll().orderBy('created_at').orderBy('id').execute();
    },
    byId(id: string) {
      return db.selectFrom('issuer_keys').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async insert(key: { id: string; publicKeyMultibase: string; sealedSecretKey: string }) {
      await db
        .insertInto('issuer_keys')
        .values({ id: key.id, public_key_multibase: key.publicKeyMultibase, sealed_secret_key: key.sealedSecretKey })
        .execute();
    },
    async retireActive() {
      await db.updateTable('issuer_keys').set({ retired_at: sql<Date>`now()` }).where('retired_at', 'is', null).execute();
    },
  };
}
