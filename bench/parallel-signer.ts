/**
 * Worker-thread body for the parallel benchmarks: each thread has its own key, document
 * loader and fast-path cache, and signs (or verifies, status list included) `count` badges, then reports the time.
 * workerData.path: 'fast' (the default wiring) or 'stock' (@digitalbazaar/vc only); operation:
 * 'sign', 'proof' (verifyDataIntegrity), 'verify' (verifyCredential, every check) or
 * 'raw-sign' (node:crypto Ed25519 over 2,000 bytes: what the cores give at best).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { configureFastPath, createDocumentLoader, signCredentialDataIntegrity, verifyCredential, verifyDataIntegrity } from '../credentials/index.ts';
import { benchBadge, benchKey, benchVerifyOptions } from './badge.ts';

const { count, path = 'fast', operation = 'sign' } = workerData as { count: number; path?: 'fast' | 'stock'; operation?: 'sign' | 'verify' | 'proof' | 'raw-sign' };
configureFastPath({ enabled: path === 'fast' });
const key = benchKey();
const documentLoader = createDocumentLoader();
const badges = Array.from({ length: 200 }, (_, i) => benchBadge(key.controller, i));
// warm up the JSON-LD context cache (and the shape templates) before timing
const signed = [];
for (const badge of badges) signed.push(await signCredentialDataIntegrity(badge, key, { documentLoader }));
const verifyOptions = await benchVerifyOptions(key);
if (operation === 'verify') for (const credential of signed) await verifyCredential(credential, verifyOptions);
// Start together: every thread warm before any clock runs (module loading is CPU-heavy too).
parentPort!.postMessage({ ready: true });
await new Promise((resolve) => parentPort!.once('message', resolve));
const raw = generateKeyPairSync('ed25519').privateKey;
const message = Buffer.from('x'.repeat(2_000));
const started = performance.now();
for (let i = 0; i < count; i++) {
  if (operation === 'raw-sign') sign(null, message, raw);
  else if (operation === 'sign') await signCredentialDataIntegrity(badges[i % badges.length]!, key, { documentLoader });
  else if (operation === 'proof') {
    const result = await verifyDataIntegrity(signed[i % signed.length] as Record<string, unknown>, documentLoader);
    if (result.status !== 'passed') throw new Error(`bench badge proof not verified: ${result.detail}`);
  } else {
    const report = await verifyCredential(signed[i % signed.length], verifyOptions);
    if (report.outcome !== 'valid') throw new Error(`bench badge not valid: ${JSON.stringify(report.checks)}`);
  }
}
parentPort!.postMessage({ ms: performance.now() - started });
