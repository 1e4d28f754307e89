// The fast path's own codecs against the library code they stand in for.
import * as base58 from 'base58-universal';
import fc from 'fast-check';
import { NQuads } from 'rdf-canonize';
import { describe, expect, it } from 'vitest';
import { decodeBase58, encodeBase58 } from '../../credentials/fast/base58.ts';
import { IRI_NEEDS_ESCAPE, LITERAL_NEEDS_ESCAPE } from '../../credentials/fast/rdfc.ts';

const blank = (value: string) => ({ termType: 'BlankNode' as const, value });
const predicate = { termType: 'NamedNode' as const, value: 'urn:p' };
const graph = { termType: 'DefaultGraph' as const, value: '' };
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

describe('fast path codecs', () => {
  it('encodes base58btc exactly as base58-universal, leading zeros included, and decodes it back', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat({ max: 4 }), (tail, zeros) => {
      const bytes = new Uint8Array([...new Array(zeros).fill(0), ...tail]);
      const text = encodeBase58(bytes);
      expect(text).toBe(base58.encode(bytes));
      expect(decodeBase58(text)).toEqual(bytes);
    }), { numRuns: 2_000 });
    expect(decodeBase58('0OIl')).toBeUndefined();
  });

  it('decodes any base58btc text exactly as base58-universal (the fast verifier reads proof values with it)', () => {
    const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    const text = fc.tuple(fc.nat({ max: 4 }), fc.array(fc.constantFrom(...alphabet), { maxLength: 100 })).map(([ones, chars]) => '1'.repeat(ones) + chars.join(''));
    fc.assert(fc.property(text, (value) => {
      expect(decodeBase58(value)).toEqual(base58.decode(value));
    }), { numRuns: 3_000 });
    for (const bad of ['z0', 'O', 'I', 'l', 'é', 'a b', '\u0000']) expect(decodeBase58(bad)).toBeUndefined();
  });

  it('escapes exactly the UTF-16 code units rdf-canonize escapes, in literals and IRIs', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      const literal = NQuads.serializeQuadComponents(blank('s'), predicate, { termType: 'Literal', value: char, datatype: { termType: 'NamedNode', value: XSD_STRING } }, graph);
      expect(literal !== `_:s <urn:p> "${char}" .\n`).toBe(LITERAL_NEEDS_ESCAPE.test(char));
      const iri = NQuads.serializeQuadComponents({ termType: 'NamedNode', value: char }, predicate, blank('o'), graph);
      expect(iri !== `<${char}> <urn:p> _:o .\n`).toBe(IRI_NEEDS_ESCAPE.test(char));
    }
  });
});
