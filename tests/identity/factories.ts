import { randomUUID } from 'node:crypto';
import type { Role } from '../../services/db/schema/foundation.ts';
import type { Deps } from '../../services/deps.ts';
import { signAccessToken } from '../../services/shared/auth.ts';
import { testSecrets } from '../helpers/deps.ts';

export async function buildOrganisation(deps: Pick<Deps, 'db'>, overrides: { name?: string } = {}) {
  return deps.db
    .insertInto('organisations')
    .values({ name: overrides.name ?? `Commune de Test ${randomUUID().slice(0, 8)}`, kind: 'municipality' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A person (and their organisation when none is given). */
export async function buildPerson(
  deps: Pick<Deps, 'db'>,
  overrides: { email?: string; roles?: Role[]; organisationId?: string | null; locale?: 'fr' | 'nl' | 'de' | 'en'; displayName?: string } = {},
) {
  const organisationId = overrides.organisationId === undefined ? (await buildOrganisation(deps)).id : overrides.organisationId;
  return deps.db
    .insertInto('people')
    .values({
      email: overrides.email ?? `agent-${randomUUID().slice(0, 8)}@commune.example.be`,
      display_name: overrides.displayName ?? 'Agent Test',
      locale: overrides.locale ?? 'fr',
      organisation_id: organisationId,
      roles: overrides.roles ?? ['learner'],
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A bearer header for a person, as a session would carry it. */
export async function bearerFor(person: { id: string; roles: Role[]; organisation_id: string | null }): Promise<Record<string, string>> {
  const token = await signAccessToken(
    testSecrets.sessionKey,
    { kind: 'person', id: person.id, roles: person.roles, organisationId: person.organisation_id },
    { ttlSeconds: 3600, now: new Date() },
  );
  return { authorization: `Bearer ${token}` };
}

export function jsonRequest(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
