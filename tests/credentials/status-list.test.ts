import { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildStatusListCredential,
  buildStatusListEntry,
  createStatusBitstring,
  decodeStatusList,
  encodeStatusList,
  getStatusBit,
  MIN_STATUS_LIST_LENGTH,
  setStatusBit,
} from '../../credentials/index.ts';

describe('bitstring status lists', () => {
  it('holds at least 131,072 entries', () => {
    expect(MIN_STATUS_LIST_LENGTH).toBe(131_072);
    expect(createStatusBitstring()).toHaveLength(16_384);
    expect(() => createStatusBitstring(1_000)).toThrow(RangeError);
  });

  it('sets and clears single bits', () => {
    const bits = createStatusBitstring();
    setStatusBit(bits, 0, true);
    setStatusBit(bits, 131_071, true);
    expect(bits[0]).toBe(0x80); // index 0 is the leftmost bit
    expect(getStatusBit(bits, 0)).toBe(true);
    expect(getStatusBit(bits, 1)).toBe(false);
    expect(getStatusBit(bits, 131_071)).toBe(true);
    setStatusBit(bits, 0, false);
    expect(getStatusBit(bits, 0)).toBe(false);
    expect(() => getStatusBit(bits, 131_072)).toThrow(RangeError);
  });

  it('encodes as multibase base64url GZIP and decodes back', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.nat(MIN_STATUS_LIST_LENGTH - 1), { maxLength: 50 }), (indexes) => {
      const bits = createStatusBitstring();
      for (const index of indexes) setStatusBit(bits, index, true);
      const encoded = encodeStatusList(bits);
      expect(encoded.startsWith('u')).toBe(true);
      expect(decodeStatusList(encoded)).toEqual(bits);
    }), { numRuns: 30 });
  });

  it('is read identically by @digitalbazaar/vc-bitstring-status-list', async () => {
    const bits = createStatusBitstring();
    for (const index of [0, 7, 8, 42, 131_071]) setStatusBit(bits, index, true);
    const theirs = (await BitstringStatusList.decode({ encodedList: encodeStatusList(bits) })) as { getStatus(i: number): boolean };
    for (const index of [0, 1, 7, 8, 9, 41, 42, 43, 131_070, 131_071]) {
      expect(theirs.getStatus(index)).toBe(getStatusBit(bits, index));
    }
  });

  it('refuses an encodedList without the multibase prefix', () => {
    expect(() => decodeStatusList(encodeStatusList(createStatusBitstring()).slice(1))).toThrow(/prefix "u"/);
  });
});

describe('status list credentials and entries', () => {
  it('builds an unsigned BitstringStatusListCredential', () => {
    const credential = buildStatusListCredential({
      id: 'https://brevet.example/status/suspension/1',
      issuer: 'did:web:brevet.example',
      statusPurpose: 'suspension',
      bits: createStatusBitstring(),
      validFrom: new Date('2025-01-01T00:00:00.123Z'),
    });
    expect(credential).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'https://brevet.example/status/suspension/1',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:web:brevet.example',
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: {
        id: 'https://brevet.example/status/suspension/1#list',
        type: 'BitstringStatusList',
        statusPurpose: 'suspension',
        encodedList: expect.stringMatching(/^u/),
      },
    });
  });

  it('builds a BitstringStatusListEntry with a string index', () => {
    expect(buildStatusListEntry({ listUrl: 'https://brevet.example/status/revocation/1', index: 1234, statusPurpose: 'revocation' })).toEqual({
      id: 'https://brevet.example/status/revocation/1#1234',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '1234',
      statusListCredential: 'https://brevet.example/status/revocation/1',
    });
    expect(() => buildStatusListEntry({ listUrl: 'https://x', index: -1, statusPurpose: 'revocation' })).toThrow(RangeError);
  });
});
