import { defineError } from '../shared/errors.ts';

export const statusErrors = {
  listNotFound: defineError('status.list_not_found', 404, 'No such status list'),
  credentialNotFound: defineError('status.credential_not_found', 404, 'No such credential'),
  alreadyRevoked: defineError('status.already_revoked', 409, 'The credential is revoked; revocation is final'),
  alreadySuspended: defineError('status.already_suspended', 409, 'The credential is already suspended'),
  notSuspended: defineError('status.not_suspended', 409, 'The credential is not suspended'),
  noStatusEntry: defineError('status.no_status_entry', 409, 'The credential carries no status entry for this action'),
};
