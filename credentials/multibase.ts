// Base58btc and the Ed25519 Multikey prefix, written out so key export stays synchronous
// (the Digital Bazaar helpers are async and untyped for a 30-line algorithm).

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ALPHABET_INDEX = new Map([...ALPHABET].map((char, index) => [char, index]));

/** Multicodec header of an Ed25519 public key (0xed, varint-encoded). */
export const ED25519_PUBLIC_KEY_HEADER = Uint8Array.of(0xed, 0x01);

/** Encodes bytes as base58btc (Bitcoin alphabet), without the multibase `z` prefix. */
export function base58btcEncode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = [];
  for (const byte of bytes.subarray(zeros)) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += (digits[i] ?? 0) * 256;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  const body = digits.reverse().map((digit) => ALPHABET[digit]).join('');
  return '1'.repeat(zeros) + body;
}

/** Decodes base58btc text (no multibase prefix); throws on a character outside the alphabet. */
export function base58btcDecode(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes: number[] = [];
  for (const char of text.slice(zeros)) {
    let carry = ALPHABET_INDEX.get(char);
    if (carry === undefined) throw new Error(`invalid base58btc character "${char}"`);
    for (let i = 0; i < bytes.length; i++) {
      carry += (bytes[i] ?? 0) * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes.reverse()]);
}

/** Raw 32-byte Ed25519 public key -> `z6Mk…` publicKeyMultibase. */
export function ed25519PublicKeyToMultibase(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  const prefixed = new Uint8Array(34);
  prefixed.set(ED25519_PUBLIC_KEY_HEADER, 0);
  prefixed.set(publicKey, 2);
  return `z${base58btcEncode(prefixed)}`;
}

/** `z6Mk…` publicKeyMultibase -> raw 32-byte Ed25519 public key; throws on any other key type. */
export function ed25519PublicKeyFromMultibase(multibase: string): Uint8Array {
  if (!multibase.startsWith('z')) throw new Error('publicKeyMultibase must be base58btc (prefix "z")');
  const bytes = base58btcDecode(multibase.slice(1));
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
    throw new Error('publicKeyMultibase is not an Ed25519 public key');
  }
  return bytes.subarray(2);
}
