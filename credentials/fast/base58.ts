/**
 * base58btc (the Bitcoin alphabet) for proof values. Same output as base58-universal, which
 * data-integrity uses (tests/credentials/fast-codec.test.ts compares both ways), with wide
 * limbs instead of one digit at a time: encoding works in limbs of 58^5 fed two bytes at a
 * time, decoding in limbs of 2^24 fed four digits at a time; every product stays below 2^53.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const LIMB = 58 ** 5; // 656,356,768
const BYTE_LIMB = 2 ** 24;
const DIGIT_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT_OF[ALPHABET.charCodeAt(i)] = i;

export function encodeBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const limbs: number[] = []; // little-endian, base 58^5
  let i = zeros;
  // An odd count of significant bytes: the first one alone, then pairs.
  if ((bytes.length - zeros) % 2 === 1) limbs.push(bytes[i++]!);
  for (; i < bytes.length; i += 2) {
    let carry = bytes[i]! * 256 + bytes[i + 1]!;
    for (let j = 0; j < limbs.length; j++) {
      const x = limbs[j]! * 65_536 + carry;
      carry = Math.floor(x / LIMB);
      limbs[j] = x - carry * LIMB;
    }
    while (carry > 0) {
      const q = Math.floor(carry / LIMB);
      limbs.push(carry - q * LIMB);
      carry = q;
    }
  }
  const reversed: string[] = [];
  for (let j = 0; j < limbs.length; j++) {
    let limb = limbs[j]!;
    const top = j === limbs.length - 1;
    for (let k = 0; k < 5 && (!top || limb > 0); k++) {
      const q = Math.floor(limb / 58);
      reversed.push(ALPHABET[limb - q * 58]!);
      limb = q;
    }
  }
  let text = '1'.repeat(zeros);
  for (let k = reversed.length - 1; k >= 0; k--) text += reversed[k];
  return text;
}

/** Decodes base58btc; undefined for a character outside the alphabet. */
export function decodeBase58(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text.charCodeAt(zeros) === 49 /* '1' */) zeros++;
  const limbs: number[] = []; // little-endian, base 2^24
  let i = zeros;
  while (i < text.length) {
    let value = 0;
    let factor = 1;
    for (const end = Math.min(i + 4, text.length); i < end; i++) {
      const code = text.charCodeAt(i);
      const digit = code < 128 ? DIGIT_OF[code]! : -1;
      if (digit < 0) return undefined;
      value = value * 58 + digit;
      factor *= 58;
    }
    let carry = value;
    for (let j = 0; j < limbs.length; j++) {
      const x = limbs[j]! * factor + carry;
      carry = Math.floor(x / BYTE_LIMB);
      limbs[j] = x - carry * BYTE_LIMB;
    }
    while (carry > 0) {
      const q = Math.floor(carry / BYTE_LIMB);
      limbs.push(carry - q * BYTE_LIMB);
      carry = q;
    }
  }
  const little: number[] = [];
  for (const limb of limbs) little.push(limb & 0xff, (limb >> 8) & 0xff, limb >> 16);
  while (little.length > 0 && little[little.length - 1] === 0) little.pop();
  const out = new Uint8Array(zeros + little.length);
  for (let k = 0; k < little.length; k++) out[out.length - 1 - k] = little[k]!;
  return out;
}
