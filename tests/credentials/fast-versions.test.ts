// The fast path runs only on the library versions its equivalence suite was run against.
import { describe, expect, it } from 'vitest';
import { currentFastSigner, unprovenFastPath } from '../../credentials/index.ts';
import { installedVersions, provenVersions, unprovenVersions } from '../../credentials/fast/index.ts';

describe('fast path: proven library versions', () => {
  it('runs on the versions it was proven with (after an upgrade: rerun the equivalence suite, then update proven-versions.json)', () => {
    const installed = installedVersions();
    expect(Object.keys(installed)).toEqual(expect.arrayContaining(['jsonld', 'rdf-canonize', '@digitalbazaar/vc', 'rdf-canonize (under @digitalbazaar/eddsa-rdfc-2022-cryptosuite)']));
    expect(unprovenVersions(installed, provenVersions())).toEqual([]);
    expect(unprovenFastPath()).toEqual([]);
    expect(currentFastSigner()).toBeDefined();
  });

  it('names each library whose installed version differs, missing ones included', () => {
    const installed = { jsonld: '9.0.0', 'rdf-canonize': '5.0.1', 'jsonld-signatures': '11.6.0' };
    const proven = { jsonld: '9.0.0', 'rdf-canonize': '5.0.0', '@digitalbazaar/vc': '7.3.0', 'jsonld-signatures': '11.6.0' };
    expect(unprovenVersions(installed, proven)).toEqual([
      'rdf-canonize: proven with 5.0.0, installed 5.0.1',
      '@digitalbazaar/vc: proven with 7.3.0, installed nothing',
    ]);
  });
});
