/**
 * Worker-thread body for the parallel signing benchmark: each thread has its own key
 * and document loader and signs `count` badges, then reports how long it took.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDocumentLoader, signCredentialDataIntegrity } from '../credentials/index.ts';
import { benchBadge, benchKey } from './badge.ts';

const { count } = workerData as { count: number };
const key = benchKey();
const documentLoader = createDocumentLoader();
// warm up the JSON-LD context cache before timing
for (let i = 0; i < 5; i++) await signCredentialDataIntegrity(benchBadge(key.controller, i), key, { documentLoader });
const started = performance.now();
for (let i = 0; i < count; i++) await signCredentialDataIntegrity(benchBadge(key.controller, i), key, { documentLoader });
parentPort!.postMessage({ ms: performance.now() - started });
