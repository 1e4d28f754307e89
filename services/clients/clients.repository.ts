import type { Executor } from '../db/database.ts';

/** API clients (OAuth 2.0 client credentials); only a hash of each secret is stored. */
export function clientsRepository(db: Executor) {
  return {
    async insert(client: { id: string; name: string; secretHash: string; scopes: string[] }) {
      await db
        .insertInto('api_clients')
        .values({ id: client.id, name: client.name, secret_hash: client.secretHash, scopes: client.scopes })
        .execute();
    },
    async findActive(id: string) {
      return db
        .selectFrom('api_clients')
        .select(['id', 'name', 'secret_hash', 'scopes'])
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    },
  };
}
