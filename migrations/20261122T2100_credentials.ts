import { sql, type Kysely } from 'kysely';

/**
 * Issued credentials, their status entries (Bitstring Status List), status
 * changes, and the published status list credentials. Status indexes come from
 * one sequence per purpose: never reused, never locked by a transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credentials')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('vc_id', 'text')
    .addColumn('issuer_key_id', 'text', (c) => c.notNull().references('issuer_keys.id'))
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('jwt', 'text')
    .addColumn('holder_person_id', 'uuid', (c) => c.references('people.id'))
    .addColumn('issued_by_client_id', 'text', (c) => c.references('api_clients.id'))
    .addColumn('replaces_credential_id', 'uuid', (c) => c.references('credentials.id'))
    .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('valid_from', 'timestamptz')
    .addColumn('valid_until', 'timestamptz')
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await sql`create index credentials_holder on credentials (holder_person_id) where holder_person_id is not null`.execute(db);
  await sql`create index credentials_vc_id on credentials (vc_id) where vc_id is not null`.execute(db);

  await sql`create sequence status_index_revocation minvalue 0 start 0`.execute(db);
  await sql`create sequence status_index_suspension minvalue 0 start 0`.execute(db);

  await db.schema
    .createTable('status_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('revocation','suspension')`))
    .addColumn('list_number', 'integer', (c) => c.notNull())
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('status_lists_purpose_number', ['purpose', 'list_number'])
    .execute();

  // The signed status list credential, per list and signing key (a did:key issuer has one DID per
  // key, and a list must be signed by the DID of the credentials that point at it).
  await db.schema
    .createTable('status_list_publications')
    .addColumn('list_id', 'text', (c) => c.notNull().references('status_lists.id'))
    .addColumn('key_id', 'text', (c) => c.notNull().references('issuer_keys.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('status_list_publications_pkey', ['list_id', 'key_id'])
    .execute();

  await db.schema
    .createTable('credential_statuses')
    .addColumn('credential_id', 'uuid', (c) => c.notNull().references('credentials.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('revocation','suspension')`))
    .addColumn('list_id', 'text', (c) => c.notNull().references('status_lists.id'))
    .addColumn('list_index', 'integer', (c) => c.notNull())
    .addColumn('value', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('changed_at', 'timestamptz')
    .addPrimaryKeyConstraint('credential_statuses_pkey', ['credential_id', 'purpose'])
    .addUniqueConstraint('credential_statuses_slot', ['list_id', 'list_index'])
    .execute();
  await sql`create index credential_statuses_set on credential_statuses (list_id) where value`.execute(db);

  await db.schema
    .createTable('status_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('credential_id', 'uuid', (c) => c.notNull().references('credentials.id'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('revoke','suspend','unsuspend')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index status_changes_credential on status_changes (credential_id, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_changes').execute();
  await db.schema.dropTable('credential_statuses').execute();
  await db.schema.dropTable('status_list_publications').execute();
  await db.schema.dropTable('status_lists').execute();
  await sql`drop sequence status_index_suspension`.execute(db);
  await sql`drop sequence status_index_revocation`.execute(db);
  await db.schema.dropTable('credentials').execute();
}
