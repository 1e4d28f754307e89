import { defineError } from '../shared/errors.ts';

export const credentialErrors = {
  invalid: defineError('credentials.invalid', 422, 'The credential cannot be issued as it is'),
  issuerMismatch: defineError('credentials.issuer_mismatch', 422, 'The credential names another issuer'),
  notSignable: defineError('credentials.not_signable', 422, 'The credential cannot be signed'),
  notFound: defineError('credentials.not_found', 404, 'No such credential'),
  notShared: defineError('credentials.not_shared', 404, 'No such credential, or its holder has not shared it'),
};
