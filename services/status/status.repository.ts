import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { StatusPurpose } from '../db/schema/credentials.ts';

/** Status lists, the slots credentials hold in them, and their signed publications. */
export function statusRepository(db: Executor) {
  return {
    /** The next never-used global index for a purpose (a sequence: not rolled back, never reused). */
    async nextGlobalIndex(purpose: StatusPurpose): Promise<number> {
      const sequence = purpose === 'revocation' ? 'status_index_revocation' : 'status_index_suspension';
      const { rows } = await sql<{ n: number }>`select nextval(${sequence}::regclass) as n`.execute(db);
      return Number(rows[0]!.n);
    },
    /** `count` never-used global indexes for a purpose, in one statement (distinct: each is one nextval). */
    async nextGlobalIndexes(purpose: StatusPurpose, count: number): Promise<number[]> {
      if (count === 0) return [];
      const sequence = purpose === 'revocation' ? 'status_index_revocation' : 'status_index_suspension';
      const { rows } = await sql<{ n: number }>`select nextval(${sequence}::regclass) as n from generate_series(1, ${count})`.execute(db);
      return rows.map((r) => Number(r.n));
    },
    async ensureList(list: { id: string; purpose: StatusPurpose; listNumber: number; length: number }) {
      await db
        .insertInto('status_lists')
        .values({ id: list.id, purpose: list.purpose, list_number: list.listNumber, length: list.length })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
    list(id: string) {
      return db.selectFrom('status_lists').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async insertSlots(credentialId: string, slots: Array<{ purpose: StatusPurpose; listId: string; index: number }>) {
      if (slots.length === 0) return;
      await db
        .insertInto('credential_statuses')
        .values(slots.map((s) => ({ credential_id: credentialId, purpose: s.purpose, list_id: s.listId, list_index: s.index })))
        .execute();
    },
    /** The slots of many credentials in one multi-row insert. */
    async insertManySlots(slots: Array<{ credentialId: string; purpose: StatusPurpose; listId: string; index: number }>) {
      if (slots.length === 0) return;
      await db
        .insertInto('credential_statuses')
        .values(slots.map((s) => ({ credential_id: s.credentialId, purpose: s.purpose, list_id: s.listId, list_index: s.index })))
        .execute();
    },
    slotsForUpdate(credentialId: string) {
      return db.selectFrom('credential_statuses').selectAll().where('credential_id', '=', credentialId).forUpdate().execute();
    },
    slots(credentialId: string) {
      return db.selectFrom('credential_statuses').selectAll().where('credential_id', '=', credentialId).execute();
    },
    async setSlot(credentialId: string, purpose: StatusPurpose, value: boolean) {
      await db
        .updateTable('credential_statuses')
        .set({ value, changed_at: sql<Date>`now()` })
        .where('credential_id', '=', credentialId)
        .where('purpose', '=', purpose)
        .execute();
    },
    async bumpVersion(listId: string) {
      await db.updateTable('status_lists').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', listId).execute();
    },
    async setIndexes(listId: string): Promise<number[]> {
      const rows = await db.selectFrom('credential_statuses').select('list_index').where('list_id', '=', listId).where('value', '=', true).execute();
      return rows.map((r) => r.list_index);
    },
    publication(listId: string, keyId: string) {
      return db.selectFrom('status_list_publications').selectAll().where('list_id', '=', listId).where('key_id', '=', keyId).executeTakeFirst();
    },
    /** Stores a publication unless a newer one is already there (concurrent publishers). */
    async savePublication(p: { listId: string; keyId: string; version: number; document: object }) {
      await db
        .insertInto('status_list_publications')
        .values({ list_id: p.listId, key_id: p.keyId, version: p.version, document: JSON.stringify(p.document) })
        .onConflict((oc) =>
          oc
            .columns(['list_id', 'key_id'])
            .doUpdateSet({ version: p.version, document: JSON.stringify(p.document), published_at: sql`now()` })
            .where('status_list_publications.version', '<', p.version),
        )
        .execute();
    },
    async recordChange(change: { credentialId: string; action: 'revoke' | 'suspend' | 'unsuspend'; reason: string; actorKind: string; actorId: string | null }) {
      await db
        .insertInto('status_changes')
        .values({ credential_id: change.credentialId, action: change.action, reason: change.reason, actor_kind: change.actorKind, actor_id: change.actorId })
        .execute();
    },
  };
}
