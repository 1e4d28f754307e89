import { signCredentialDataIntegrity, signCredentialJwt, type AchievementCredential, type DocumentLoader, type FastSigner, type SigningKey } from '../../credentials/index.ts';
import type { Config } from '../config.ts';
import { buildCertificationBadge, type BadgeFacts } from './badge.ts';

/** A certification badge built and signed, as it is stored (the document as JSON text). */
export interface SignedBadge {
  documentJson: string;
  jwt: string;
  vcId: string;
  validFrom: string;
  validUntil: string | undefined;
}

/** What building a badge needs from the configuration: plain data, so it crosses to a signing thread. */
export type BadgeConfig = Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT' | 'TLS_CERT_FILE'>;

export function badgeConfig(config: BadgeConfig): BadgeConfig {
  return { PUBLIC_URL: config.PUBLIC_URL, HOST: config.HOST, PORT: config.PORT, TLS_CERT_FILE: config.TLS_CERT_FILE };
}

export interface SigningInput {
  config: BadgeConfig;
  badges: readonly BadgeFacts[];
  /** The proofs' `created` date; now when absent. */
  created?: Date;
}

/**
 * Builds and signs (Data Integrity and JWT) the badges of certifications, in the calling
 * thread or in a signing thread (signing-pool.ts): the same inputs give the same bytes.
 */
export async function signCertificationBadges(input: SigningInput, key: SigningKey, documentLoader: DocumentLoader): Promise<SignedBadge[]> {
  const signed: SignedBadge[] = [];
  for (const facts of input.badges) {
    const unsigned = buildCertificationBadge(input.config, facts);
    const document = await signCredentialDataIntegrity(unsigned, key, { documentLoader, ...(input.created ? { created: input.created } : {}) });
    const jwt = await signCredentialJwt(unsigned, key);
    signed.push({ documentJson: JSON.stringify(document), jwt, vcId: unsigned.id, validFrom: unsigned.validFrom, validUntil: unsigned.validUntil });
  }
  return signed;
}

/** What warming the fast path registers: our public keys and sample badges (plain data, so it crosses to a signing thread). */
export interface FastPathWarmUp {
  keys: Array<{ verificationMethodId: string; publicKeyMultibase: string }>;
  /** Unsigned sample badges, one per shape, issued by the active key. */
  samples: AchievementCredential[];
}

/** Registers keys and sample shapes with a fast path (fast-path.ts builds them); how many of each. */
export async function registerFastPathWarmUp(fast: FastSigner, warmUp: FastPathWarmUp): Promise<{ keys: number; shapes: number }> {
  for (const key of warmUp.keys) fast.registerKey(key.verificationMethodId, key.publicKeyMultibase);
  let shapes = 0;
  for (const sample of warmUp.samples) if (await fast.registerShape(sample).catch(() => false)) shapes++;
  return { keys: warmUp.keys.length, shapes };
}
