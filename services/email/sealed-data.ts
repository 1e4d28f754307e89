import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secret values of an email (a sign-in link) are sealed with AES-256-GCM under a
 * key derived from the key-encryption key, so a read of the emails table does
 * not yield a usable link. Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
const INFO = 'brevet/email-sealed-data/v1';

function dataKey(keyEncryptionKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', keyEncryptionKey, Buffer.alloc(0), INFO, 32));
}

export function sealEmailData(keyEncryptionKey: Uint8Array, values: Record<string, unknown>): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey(keyEncryptionKey), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** Opens sealed values; throws when the key is not the one they were sealed with or the text was altered. */
export function unsealEmailData(keyEncryptionKey: Uint8Array, sealed: string): Record<string, unknown> {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Sealed email data has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', dataKey(keyEncryptionKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
}
