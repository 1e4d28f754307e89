import type { Deps } from '../../../services/deps.ts';
import { credentialsRepository } from '../../../services/credentials/credentials.repository.ts';
import { peopleRepository } from '../../../services/identity/identity.repository.ts';
import type { HolderView } from './result.tsx';

export interface StoredBadge {
  document: Record<string, unknown>;
  holder: HolderView;
}

/**
 * A credential we issued and stored, with what may be said of its holder: their name
 * only when they chose to share the badge (credentials.shared) and have not been erased.
 */
export async function findStoredBadge(deps: Pick<Deps, 'db'>, credentialId: string): Promise<StoredBadge | undefined> {
  const row = await credentialsRepository(deps.db).byId(credentialId);
  if (!row) return undefined;
  const person = row.shared && row.holder_person_id ? await peopleRepository(deps.db).findById(row.holder_person_id) : undefined;
  const holder: HolderView = person && !person.erased_at ? { kind: 'shared', name: person.display_name } : { kind: 'hidden' };
  return { document: row.document, holder };
}
