import type { Timestamp } from '../db/schema/foundation.ts';
import type { PersonRow } from './identity.repository.ts';

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** A person as the API shows them. */
export function personView(person: PersonRow) {
  return {
    id: person.id,
    email: person.email,
    displayName: person.display_name,
    locale: person.locale,
    organisationId: person.organisation_id,
    managerId: person.manager_id,
    roles: person.roles,
    createdAt: iso(person.created_at),
  };
}

export function organisationView(organisation: { id: string; name: string; kind: string; created_at: Timestamp | Date }) {
  return { id: organisation.id, name: organisation.name, kind: organisation.kind, createdAt: iso(organisation.created_at as Date) };
}
