/**
 * Worker-thread body for the parallel benchmarks: each thread has its own key, document
 * loader and fast-path cache. On the main thread's signal it works without pause through a
 * warm-up and then the timed windows (same wall-clock boundaries in every thread), and reports
 * how many operations it finished in each window: the threads together are a pool pulling
 * work, so what counts is what they finish together in the same half second.
 * workerData.path: 'fast' (the default wiring) or 'stock' (@digitalbazaar/vc only); operation:
 * 'sign', 'proof' (verifyDataIntegrity), 'verify' (verifyCredential, every check) or
 * 'raw-sign' (node:crypto Ed25519 over 2,000 bytes: what the cores give at best).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { configureFastPath, createDocumentLoader, signCredentialDataIntegrity, verifyCredential, verifyDataIntegrity } from '../credentials/index.ts';
import { benchBadge, benchKey, benchVerifyOptions } from './badge.ts';

type Operation = 'sign' | 'verify' | 'proof' | 'raw-sign';
const { path = 'fast', operation = 'sign' } = workerData as { path?: 'fast' | 'stock'; operation?: Operation };
configureFastPath({ enabled: path === 'fast' });
const key = benchKey();
const documentLoader = createDocumentLoader();
const badges = Array.from({ length: 200 }, (_, i) => benchBadge(key.controller, i));
// warm up the JSON-LD context cache (and the shape templates) before timing
const signed: unknown[] = [];
for (const badge of badges) signed.push(await signCredentialDataIntegrity(badge, key, { documentLoader }));
const verifyOptions = await benchVerifyOptions(key);
if (operation === 'verify') for (const credential of signed) await verifyCredential(credential, verifyOptions);
const raw = generateKeyPairSync('ed25519').privateKey;
const message = Buffer.from('x'.repeat(2_000));

async function run(i: number): Promise<void> {
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

/** Milliseconds since the epoch, comparable across threads. */
const clock = () => performance.timeOrigin + performance.now();

// Start together: every thread loaded and warm before any clock runs (module loading is CPU-heavy too).
parentPort!.postMessage({ ready: true });
const { startAt, warmMs, windowMs, windows } = await new Promise<{ startAt: number; warmMs: number; windowMs: number; windows: number }>((resolve) => parentPort!.once('message', resolve));
const counts = new Array<number>(windows).fill(0);
const timedFrom = startAt + warmMs;
const end = timedFrom + windows * windowMs;
for (let i = 0; ; i++) {
  await run(i);
  const now = clock();
  if (now >= end) break;
  if (now >= timedFrom) counts[Math.floor((now - timedFrom) / windowMs)]!++;
}
parentPort!.postMessage({ counts });
