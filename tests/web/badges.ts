/**
 * Badges for the page tests, issued for real: an Open Badges 3.0 credential built with the
 * credentials library, signed by the service through the VC-API, stored like any other.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { buildAchievementCredential, type AchievementCredentialInput } from '../../credentials/index.ts';
import type { Deps } from '../../services/deps.ts';
import { issuerDid } from '../../services/issuer/issuer.usecases.ts';
import { badgeInput } from '../credentials/fixtures.ts';
import { readJson } from '../helpers/http.ts';
import { postJson } from '../helpers/vc-api.ts';

export interface IssuedBadge {
  /** Our stored credential id (the /verify/<id> of the page). */
  id: string;
  vc: Record<string, any>;
}

/**
 * Issues a badge through POST /credentials/issue with a suspension status entry (the
 * one entry Open Badges 3.0 allows; revoking sets it for good).
 */
export async function issueBadge(
  app: Hono<any>,
  deps: Deps,
  token: string,
  overrides: Partial<AchievementCredentialInput> = {},
): Promise<IssuedBadge> {
  const did = await issuerDid(deps);
  const credential = buildAchievementCredential(
    badgeInput(did, {
      id: `urn:uuid:${randomUUID()}`,
      validFrom: new Date(Date.now() - 24 * 3600_000).toISOString(),
      validUntil: new Date(Date.now() + 3 * 365 * 24 * 3600_000).toISOString(),
      awardedDate: undefined,
      credentialStatus: undefined,
      ...overrides,
    }),
  );
  const res = await postJson(app, '/credentials/issue', {
    credential,
    options: { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' } },
  }, token);
  const body = await readJson(res);
  if (res.status !== 201) throw new Error(`issue answered ${res.status}: ${JSON.stringify(body)}`);
  const location = res.headers.get('location') ?? '';
  const id = location.split('/').pop() ?? '';
  return { id, vc: body.verifiableCredential };
}

/** Revokes a badge as the client that issued it (VC-API). */
export async function revokeBadge(app: Hono<any>, token: string, badge: IssuedBadge, reason = 'issued in error'): Promise<void> {
  const res = await postJson(app, '/credentials/status', { credentialId: badge.id, action: 'revoke', reason }, token);
  if (res.status !== 200) throw new Error(`revoke answered ${res.status}`);
}

/** Markup an attacker might put in a credential's texts. */
export const CRAFTED_MARKUP = `<script>alert("pwned")</script><img src=x onerror="alert('img')"><b>bold</b>`;
