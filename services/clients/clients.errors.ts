import { AppError } from '../shared/errors.ts';

/** OAuth errors carry the RFC 6749 `error` name next to the problem+json fields, so OAuth libraries understand them. */
function oauthError(code: string, status: number, title: string, rfcName: string) {
  return (detail?: string) => new AppError(code, status, title, detail, undefined, { error: rfcName, ...(detail ? { error_description: detail } : {}) });
}

export const clientErrors = {
  invalidClient: oauthError('oauth.invalid_client', 401, 'Client authentication failed', 'invalid_client'),
  unsupportedGrantType: oauthError('oauth.unsupported_grant_type', 400, 'Only the client_credentials grant is supported', 'unsupported_grant_type'),
  invalidScope: oauthError('oauth.invalid_scope', 400, 'The requested scope is not granted to this client', 'invalid_scope'),
};
