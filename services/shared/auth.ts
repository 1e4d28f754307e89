import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Role } from '../db/schema/foundation.ts';
import { commonErrors } from './errors.ts';

/** Who is calling: a signed-in person or an API client (OAuth 2.0 client credentials). */
export type Principal =
  | { kind: 'person'; id: string; roles: Role[]; organisationId: string | null }
  | { kind: 'client'; id: string; scopes: string[] };

/** What a route allows: anyone, people holding one of the roles, or clients holding one of the scopes. */
export type Access = 'public' | { roles: readonly Role[] } | { scopes: readonly string[] };

const ISSUER = 'brevet';
const ALG = 'HS256';

/**
 * The sign-in a person's token belongs to: an id drawn at sign-in (`sid`) and the time of the
 * sign-in (`auth_time`, seconds). Both are carried over when the page session is refreshed, so
 * a refreshed session is the same session (same CSRF token) and never outlives its limit.
 */
export interface SignInSession { id: string; authTime: number }

/** Signs a short-lived token for a principal (a session for a person, an access token for a client). */
export async function signAccessToken(
  key: Uint8Array,
  principal: Principal,
  options: { ttlSeconds: number; now: Date; session?: SignInSession },
): Promise<string> {
  const claims =
    principal.kind === 'person'
      ? { kind: 'person', roles: principal.roles, org: principal.organisationId, ...(options.session ? { sid: options.session.id, auth_time: options.session.authTime } : {}) }
      : { kind: 'client', scope: principal.scopes.join(' ') };
  const iat = Math.floor(options.now.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setSubject(principal.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + options.ttlSeconds)
    .sign(key);
}

/** Verifies a token and returns its principal; any defect is a 401 with the reason. */
export async function verifyAccessToken(key: Uint8Array, token: string, now: Date): Promise<Principal> {
  return (await verifyTokenDetails(key, token, now)).principal;
}

/** verifyAccessToken, with the token's expiry (seconds) and, for a person's session, its sign-in. */
export async function verifyTokenDetails(key: Uint8Array, token: string, now: Date): Promise<{ principal: Principal; expiresAt: number; session?: SignInSession }> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      algorithms: [ALG],
      typ: 'at+jwt',
      currentDate: now,
    });
    const sub = payload.sub;
    if (!sub) throw commonErrors.unauthenticated('The token has no subject');
    const expiresAt = payload.exp ?? 0;
    if (payload.kind === 'person' && Array.isArray(payload.roles)) {
      const principal: Principal = {
        kind: 'person',
        id: sub,
        roles: payload.roles as Role[],
        organisationId: typeof payload.org === 'string' ? payload.org : null,
      };
      const session = typeof payload.sid === 'string' && typeof payload.auth_time === 'number' ? { id: payload.sid, authTime: payload.auth_time } : undefined;
      return { principal, expiresAt, ...(session ? { session } : {}) };
    }
    if (payload.kind === 'client' && typeof payload.scope === 'string') {
      return { principal: { kind: 'client', id: sub, scopes: payload.scope.split(' ').filter(Boolean) }, expiresAt };
    }
    throw commonErrors.unauthenticated('The token is not a Brevet access token');
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw commonErrors.unauthenticated('The token has expired');
    if (error instanceof joseErrors.JOSEError) throw commonErrors.unauthenticated('The token is not valid');
    throw error;
  }
}

/** Reads `Authorization: Bearer <token>`; null when absent or another scheme (Basic is the token endpoint's). */
export function bearerToken(header: string | undefined): string | null {
  if (!header || !/^Bearer\b/i.test(header.trim())) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  if (!match?.[1]) throw commonErrors.unauthenticated('The Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Checks a principal against a route's access rule: 401 when anonymous, 403 when not allowed. */
export function authorize(access: Access, principal: Principal | null): void {
  if (access === 'public') return;
  if (!principal) throw commonErrors.unauthenticated();
  if ('roles' in access) {
    const ok = principal.kind === 'person' && principal.roles.some((r) => access.roles.includes(r));
    if (!ok) throw commonErrors.forbidden(`This needs one of the roles: ${access.roles.join(', ')}`);
    return;
  }
  const ok = principal.kind === 'client' && principal.scopes.some((s) => access.scopes.includes(s));
  if (!ok) throw commonErrors.forbidden(`This needs an API client with one of the scopes: ${access.scopes.join(', ')}`);
}
