/**
 * The body of a signing thread (started by signing-pool.ts through signing-thread.mjs): warms
 * its own fast path with what the pool sent (our keys, sample badges) and signs one sample, then
 * answers each request with the badges built and signed. It holds no connection and loads no
 * database module; the JSON-LD contexts come from memory.
 */
import type { KeyObject } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import {
  configureFastPath, createDocumentLoader, createSigningKey, currentFastSigner, signCredentialDataIntegrity, signCredentialJwt, type FastStats, type SigningKey,
} from '../../credentials/index.ts';
import { EXTRA_CONTEXTS } from '../credentials/extra-contexts.ts';
import { registerFastPathWarmUp, signCertificationBadges, type FastPathWarmUp, type SignedBadge, type SigningInput } from './badge-signing.ts';

/** A signing key as it crosses threads (a KeyObject is cloned by postMessage). */
export interface KeyMaterial { did: string; keyId: string; privateKey: KeyObject }

export interface ThreadData { fastPath: boolean; warmUp: FastPathWarmUp; key: KeyMaterial | undefined }
export interface SigningRequest { id: number; input: SigningInput; key: KeyMaterial }
export type ThreadMessage =
  | { ready: { keys: number; shapes: number }; fastPath?: FastStats }
  /** `fastPath`: the thread's fast-path counters after the batch (how many went fast, and why not). */
  | { id: number; signed: SignedBadge[]; fastPath?: FastStats }
  | { id: number; error: string };

const port = parentPort!;
const data = workerData as ThreadData;
// Signing resolves no DID (verification does): the contexts are all this loader needs.
const documentLoader = createDocumentLoader({ extraDocuments: EXTRA_CONTEXTS });
const keys = new Map<string, SigningKey>();

function signingKey(material: KeyMaterial): SigningKey {
  const id = `${material.did}#${material.keyId}`;
  let key = keys.get(id);
  if (!key) keys.set(id, (key = createSigningKey(material)));
  return key;
}

configureFastPath({ enabled: data.fastPath });
const fast = currentFastSigner();
const warmed = fast ? await registerFastPathWarmUp(fast, data.warmUp) : { keys: 0, shapes: 0 };
// One badge signed (both forms) so the first batch finds every code path compiled.
const sample = data.warmUp.samples[0];
if (data.key && sample) {
  const key = signingKey(data.key);
  await signCredentialDataIntegrity(sample, key, { documentLoader }).catch(() => undefined);
  await signCredentialJwt(sample, key).catch(() => undefined);
}

port.on('message', async (request: SigningRequest) => {
  let answer: ThreadMessage;
  try {
    const signed = await signCertificationBadges(request.input, signingKey(request.key), documentLoader);
    answer = { id: request.id, signed, ...(fast ? { fastPath: fast.stats() } : {}) };
  } catch (error) {
    answer = { id: request.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  port.postMessage(answer);
});
port.postMessage({ ready: warmed, ...(fast ? { fastPath: fast.stats() } : {}) } satisfies ThreadMessage);
