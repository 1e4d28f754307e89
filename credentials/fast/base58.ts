/**
 * base58btc (the Bitcoin alphabet) for proof values. Same output as base58-universal, which
 * data-integrity uses, but with 58^5 limbs instead of one digit at a time: a 64-byte signature
 * costs about a microsecond instead of ten. tests/credentials/fast-codec.test.ts compares both.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const LIMB = 58 ** 5; // 656,356,768: limb * 256 + carry stays far below 2^53
const DIGIT_OF = new Map([...ALPHABET].map((char, index) => [char, index]));

export function encodeBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const limbs: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < limbs.length; j++) {
      carry += limbs[j]! * 256;
      limbs[j] = carry % LIMB;
      carry = Math.floor(carry / LIMB);
    }
    while (carry > 0) {
      limbs.push(carry % LIMB);
      carry = Math.floor(carry / LIMB);
    }
  }
  let digits = '';
  for (let j = 0; j < limbs.length; j++) {
    let limb = limbs[j]!;
    const last = j === limbs.length - 1;
    for (let k = 0; k < 5 && (!last || limb > 0); k++) {
      digits = ALPHABET[limb % 58]! + digits;
      limb = Math.floor(limb / 58);
    }
  }
  return '1'.repeat(zeros) + digits;
}

/** Decodes base58btc; undefined for a character outside the alphabet. */
export function decodeBase58(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes: number[] = []; // little-endian base-256
  for (let i = zeros; i < text.length; i++) {
    let carry = DIGIT_OF.get(text[i]!);
    if (carry === undefined) return undefined;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let i = 0; i < bytes.length; i++) out[out.length - 1 - i] = bytes[i]!;
  return out;
}
