import { gunzipSync, gzipSync } from 'node:zlib';
import { VC_CONTEXT_V2 } from './contexts.ts';
import { toDateTime } from './dates.ts';

/** W3C Bitstring Status List v1.0: a list holds at least 16 KiB of bits (herd privacy). */
export const MIN_STATUS_LIST_LENGTH = 131_072;
// A decoded list larger than this is refused (a small gzip can expand without bound).
const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

export type StatusPurpose = 'revocation' | 'suspension';

export interface StatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

export interface StatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string | { id: string; [key: string]: unknown };
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: StatusPurpose;
    encodedList: string;
  };
}

/** A zeroed bitstring of `length` bits (rounded up to whole bytes). */
export function createStatusBitstring(length = MIN_STATUS_LIST_LENGTH): Uint8Array {
  if (!Number.isInteger(length) || length < MIN_STATUS_LIST_LENGTH) {
    throw new RangeError(`a status list holds at least ${MIN_STATUS_LIST_LENGTH} entries`);
  }
  return new Uint8Array(Math.ceil(length / 8));
}

function locate(bits: Uint8Array, index: number): { byte: number; mask: number } {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new RangeError(`status list index ${index} is outside 0..${bits.length * 8 - 1}`);
  }
  // Index 0 is the most significant bit of the first byte (spec: left-to-right).
  return { byte: index >> 3, mask: 0x80 >> (index & 7) };
}

/** Reads the bit at `index`. */
export function getStatusBit(bits: Uint8Array, index: number): boolean {
  const { byte, mask } = locate(bits, index);
  return ((bits[byte] ?? 0) & mask) !== 0;
}

/** Sets (`true`) or clears (`false`) the bit at `index`, in place. */
export function setStatusBit(bits: Uint8Array, index: number, value: boolean): void {
  const { byte, mask } = locate(bits, index);
  const current = bits[byte] ?? 0;
  bits[byte] = value ? current | mask : current & ~mask;
}

/** GZIP + base64url with the multibase `u` prefix, as `encodedList` requires. */
export function encodeStatusList(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** Inverse of encodeStatusList; throws on a missing `u` prefix or corrupt data. */
export function decodeStatusList(encodedList: string): Uint8Array {
  if (!encodedList.startsWith('u')) throw new Error('encodedList must be multibase base64url (prefix "u")');
  const compressed = Buffer.from(encodedList.slice(1), 'base64url');
  return new Uint8Array(gunzipSync(compressed, { maxOutputLength: MAX_STATUS_LIST_BYTES }));
}

/**
 * An unsigned BitstringStatusListCredential (VC 2.0); sign it like any credential. The
 * list subject id is `<id>#list`.
 */
export function buildStatusListCredential(options: {
  id: string;
  issuer: string | { id: string; [key: string]: unknown };
  statusPurpose: StatusPurpose;
  bits: Uint8Array;
  validFrom: Date | string;
  validUntil?: Date | string;
}): StatusListCredential {
  const { id, issuer, statusPurpose, bits } = options;
  if (bits.length * 8 < MIN_STATUS_LIST_LENGTH) {
    throw new RangeError(`a status list holds at least ${MIN_STATUS_LIST_LENGTH} entries`);
  }
  return {
    '@context': [VC_CONTEXT_V2],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom: toDateTime(options.validFrom),
    ...(options.validUntil === undefined ? {} : { validUntil: toDateTime(options.validUntil) }),
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose, encodedList: encodeStatusList(bits) },
  };
}

/** The `credentialStatus` entry pointing at bit `index` of the list at `listUrl`. */
export function buildStatusListEntry(options: {
  listUrl: string;
  index: number;
  statusPurpose: StatusPurpose;
}): StatusListEntry {
  const { listUrl, index, statusPurpose } = options;
  if (!Number.isInteger(index) || index < 0) throw new RangeError('statusListIndex must be a non-negative integer');
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose,
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}
