import { randomUUID } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader, createSigningKey, describePublicKey, didKeyFromPublicKey, generateEd25519PrivateKey } from '../../credentials/index.ts';
import { createApp } from '../../services/app.ts';
import { issuerDid } from '../../services/issuer/issuer.usecases.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { readJson } from '../helpers/http.ts';
import { clientToken, postJson } from '../helpers/vc-api.ts';

const deps = createTestDeps({ config: { PUBLIC_URL: 'https://brevet.test' } });
const app = createApp(deps);

async function holderPresentation(credential: Record<string, unknown>, challenge: string) {
  const privateKey = generateEd25519PrivateKey();
  const identity = didKeyFromPublicKey(describePublicKey(privateKey, 'k').publicKeyMultibase);
  const key = createSigningKey({ ...identity, privateKey });
  const presentation = (vc as any).createPresentation({ verifiableCredential: [credential], holder: key.controller });
  const suite = new DataIntegrityProof({
    signer: { id: key.verificationMethodId, algorithm: 'Ed25519', sign: async ({ data }: { data: Uint8Array }) => key.sign(data) },
    cryptosuite: eddsaRdfc2022,
  });
  return (vc as any).signPresentation({ presentation, suite, challenge, domain: 'brevet.test', documentLoader: createDocumentLoader() });
}

describe('POST /presentations/verify', () => {
  it('accepts a holder-signed presentation of our credential and refuses a wrong challenge or a tampered credential', async () => {
    const token = await clientToken(app, deps);
    const issued = await readJson(
      await postJson(app, '/credentials/issue', {
        credential: {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          id: `urn:uuid:${randomUUID()}`,
          type: ['VerifiableCredential'],
          issuer: await issuerDid(deps),
          credentialSubject: { id: 'did:example:holder' },
        },
      }, token),
    );
    const vp = await holderPresentation(issued.verifiableCredential, 'challenge-1');
    const ok = await postJson(app, '/presentations/verify', { verifiablePresentation: vp, options: { challenge: 'challenge-1', domain: 'brevet.test' } });
    expect(ok.status).toBe(200);
    expect((await readJson(ok)).verified).toBe(true);

    const wrong = await postJson(app, '/presentations/verify', { verifiablePresentation: vp, options: { challenge: 'other', domain: 'brevet.test' } });
    expect(wrong.status).toBe(400);
    expect((await readJson(wrong)).code).toBe('verification.presentation_invalid');

    const tamperedCredential = structuredClone(issued.verifiableCredential);
    tamperedCredential.credentialSubject.id = 'did:example:someone-else';
    const vp2 = await holderPresentation(tamperedCredential, 'challenge-2');
    const bad = await postJson(app, '/presentations/verify', { verifiablePresentation: vp2, options: { challenge: 'challenge-2', domain: 'brevet.test' } });
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).errors.map((e: { path: string }) => e.path)).toContain('verifiableCredential[0].signature');
  });
});
