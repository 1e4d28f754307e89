import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { Locale, OrganisationsTable, Role } from '../db/schema/foundation.ts';

const personColumns = ['id', 'email', 'display_name', 'locale', 'organisation_id', 'manager_id', 'roles', 'created_at', 'erased_at'] as const;

/** People: the learners, managers, facilitators, assessors and administrators. */
export function peopleRepository(db: Executor) {
  return {
    async findById(id: string) {
      return db.selectFrom('people').select(personColumns).where('id', '=', id).executeTakeFirst();
    },
    /** Addresses compare case-insensitively (the unique index is on lower(email)). */
    async findActiveByEmail(email: string) {
      return db
        .selectFrom('people')
        .select(personColumns)
        .where(sql`lower(email)`, '=', email.toLowerCase())
        .where('erased_at', 'is', null)
        .executeTakeFirst();
    },
    async insert(person: { email: string; displayName: string; locale: Locale; organisationId: string | null; managerId: string | null; roles: Role[] }) {
      return db
        .insertInto('people')
        .values({
          email: person.email,
          display_name: person.displayName,
          locale: person.locale,
          organisation_id: person.organisationId,
          manager_id: person.managerId,
          roles: person.roles,
        })
        .returning(personColumns)
        .executeTakeFirstOrThrow();
    },
    async update(id: string, changes: Partial<{ display_name: string; locale: Locale; organisation_id: string | null; manager_id: string | null; roles: Role[] }>) {
      return db.updateTable('people').set(changes).where('id', '=', id).returning(personColumns).executeTakeFirstOrThrow();
    },
    async list(filter: { organisationId?: string; role?: Role; limit: number; offset: number }) {
      let query = db.selectFrom('people').select(personColumns).where('erased_at', 'is', null);
      if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
      if (filter.role) query = query.where(sql<boolean>`${filter.role} = any(roles)`);
      return query.orderBy('display_name').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
    },
    /** Replaces what identifies the person; the row (and what refers to it) stays. */
    async erase(id: string) {
      await db
        .updateTable('people')
        .set({ email: `erased-${id}@erased.invalid`, display_name: 'Erased person', manager_id: null, erased_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type PersonRow = NonNullable<Awaited<ReturnType<ReturnType<typeof peopleRepository>['findById']>>>;

export function organisationsRepository(db: Executor) {
  return {
    async insert(organisation: { name: string; kind: OrganisationsTable['kind'] }) {
      return db.insertInto('organisations').values(organisation).returning(['id', 'name', 'kind', 'created_at']).executeTakeFirstOrThrow();
    },
    async findById(id: string) {
      return db.selectFrom('organisations').select(['id', 'name', 'kind', 'created_at']).where('id', '=', id).executeTakeFirst();
    },
    async list() {
      return db.selectFrom('organisations').select(['id', 'name', 'kind', 'created_at']).orderBy('name').execute();
    },
  };
}

export function signInTokensRepository(db: Executor) {
  return {
    async insert(token: { personId: string; tokenHash: string; expiresAt: Date }) {
      await db.insertInto('sign_in_tokens').values({ person_id: token.personId, token_hash: token.tokenHash, expires_at: token.expiresAt }).execute();
    },
    /**
     * Spends a token in the statement that checks it: of two concurrent
     * exchanges, the second waits for the first's row lock, then finds used_at set.
     */
    async spend(tokenHash: string, now: Date): Promise<string | null> {
      const row = await db
        .updateTable('sign_in_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('person_id')
        .executeTakeFirst();
      return row?.person_id ?? null;
    },
    async deleteForPerson(personId: string) {
      await db.deleteFrom('sign_in_tokens').where('person_id', '=', personId).execute();
    },
    async listForPerson(personId: string) {
      return db.selectFrom('sign_in_tokens').select(['created_at', 'expires_at', 'used_at']).where('person_id', '=', personId).orderBy('created_at').execute();
    },
  };
}
