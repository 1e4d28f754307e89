import type { Generated } from 'kysely';
import type { Timestamp } from './foundation.ts';

export interface SignInTokensTable {
  id: Generated<string>;
  person_id: string;
  /** sha256 of the token, hex; the token itself is only ever in the email. */
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Generated<Timestamp>;
}
