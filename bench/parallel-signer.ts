/**
 * Worker-thread body for the parallel benchmarks: each thread has its own key, document
 * loader and fast-path cache, and signs (or verifies) `count` badges, then reports the time.
 * workerData.path: 'fast' (the default wiring) or 'stock' (@digitalbazaar/vc only).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { configureFastPath, createDocumentLoader, signCredentialDataIntegrity, verifyCredential } from '../credentials/index.ts';
import { benchBadge, benchKey } from './badge.ts';

const { count, path = 'fast', operation = 'sign' } = workerData as { count: number; path?: 'fast' | 'stock'; operation?: 'sign' | 'verify' };
configureFastPath({ enabled: path === 'fast' });
const key = benchKey();
const documentLoader = createDocumentLoader();
const badges = Array.from({ length: 200 }, (_, i) => benchBadge(key.controller, i));
// warm up the JSON-LD context cache (and the shape templates) before timing
const signed = [];
for (const badge of badges) signed.push(await signCredentialDataIntegrity(badge, key, { documentLoader }));
const started = performance.now();
for (let i = 0; i < count; i++) {
  if (operation === 'sign') await signCredentialDataIntegrity(badges[i % badges.length]!, key, { documentLoader });
  else await verifyCredential(signed[i % signed.length], { documentLoader });
}
parentPort!.postMessage({ ms: performance.now() - started });
