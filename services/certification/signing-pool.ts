import { Worker } from 'node:worker_threads';
import { currentFastSigner, type FastStats, type SigningKey } from '../../credentials/index.ts';
import type { Deps } from '../deps.ts';
import { activeSigningKey } from '../issuer/issuer.usecases.ts';
import type { FastPathWarmUp, SignedBadge, SigningInput } from './badge-signing.ts';
import { fastPathWarmUp } from './fast-path.ts';
import type { KeyMaterial, SigningRequest, ThreadData, ThreadMessage } from './signing-thread.ts';

interface Thread {
  worker: Worker;
  /** Settles when the thread has loaded and warmed up (rejects if it dies first). */
  ready: Promise<void>;
  loaded: boolean;
  dead: boolean;
  pending: Map<number, { resolve(signed: SignedBadge[]): void; reject(error: Error): void }>;
  /** The thread's fast-path counters as of its last batch. */
  fastPath?: FastStats;
}

/**
 * Threads that build and sign certification badges, so a batch's signing runs on another core
 * while the event loop keeps driving PostgreSQL and Redis for the other batches. Each batch
 * goes whole to the thread with the fewest batches in hand. A thread that dies or fails to load
 * fails the batches it held (their transactions roll back, their jobs are retried) and is replaced
 * on the next batch. Started and warmed with the issuance workers (workers/main.ts), closed with them.
 */
export class SigningPool {
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(private readonly size: number, private readonly data: ThreadData) {}

  /** Starts `size` threads and waits until all have loaded and warmed up. */
  static async start(size: number, data: ThreadData): Promise<SigningPool> {
    const pool = new SigningPool(size, data);
    pool.fill();
    try {
      await Promise.all(pool.threads.map((thread) => thread.ready));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** The live threads' fast-path counters, added up (badges signed fast, fallbacks by reason). */
  fastPathStats(): Pick<FastStats, 'fast' | 'fallbacks' | 'sampled' | 'mismatches'> {
    const total = { fast: 0, fallbacks: {} as Record<string, number>, sampled: 0, mismatches: 0 };
    for (const { fastPath } of this.threads) {
      if (!fastPath) continue;
      total.fast += fastPath.fast;
      total.sampled += fastPath.sampled;
      total.mismatches += fastPath.mismatches;
      for (const [reason, count] of Object.entries(fastPath.fallbacks)) total.fallbacks[reason] = (total.fallbacks[reason] ?? 0) + count;
    }
    return total;
  }

  /** The live threads (tests). */
  get workers(): Worker[] {
    return this.threads.map((thread) => thread.worker);
  }

  /** Builds and signs a batch of badges on a thread; rejects if the thread errs or dies meanwhile. */
  async sign(input: SigningInput, key: SigningKey): Promise<SignedBadge[]> {
    if (this.closed) throw new Error('The signing pool is closed');
    this.fill();
    const loaded = this.threads.filter((thread) => thread.loaded);
    const thread = (loaded.length ? loaded : this.threads).reduce((best, t) => (t.pending.size < best.pending.size ? t : best));
    await thread.ready;
    if (thread.dead) throw new Error('The signing thread exited');
    const id = this.nextId++;
    const request: SigningRequest = { id, input, key: keyMaterial(key) };
    return new Promise((resolve, reject) => {
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage(request);
    });
  }

  /** Ends the threads; batches still in them fail. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((thread) => thread.worker.terminate()));
  }

  private fill(): void {
    while (!this.closed && this.threads.length < this.size) this.threads.push(this.spawn());
  }

  private spawn(): Thread {
    const worker = new Worker(new URL('./signing-thread.mjs', import.meta.url), { workerData: this.data });
    let loaded!: () => void;
    let failed!: (error: Error) => void;
    const ready = new Promise<void>((resolve, reject) => { loaded = resolve; failed = reject; });
    ready.catch(() => undefined);
    const thread: Thread = { worker, ready, loaded: false, dead: false, pending: new Map() };
    worker.on('message', (message: ThreadMessage) => {
      if ('ready' in message) {
        thread.loaded = true;
        if (message.fastPath) thread.fastPath = message.fastPath;
        // Idle threads never keep the process alive (one with batches in hand does).
        if (thread.pending.size === 0) worker.unref();
        loaded();
        return;
      }
      const request = thread.pending.get(message.id);
      if (!request) return;
      thread.pending.delete(message.id);
      if (thread.pending.size === 0) worker.unref();
      if ('error' in message) request.reject(new Error(`Signing thread: ${message.error}`));
      else {
        if (message.fastPath) thread.fastPath = message.fastPath;
        request.resolve(message.signed);
      }
    });
    const die = (error: Error) => {
      if (thread.dead) return;
      thread.dead = true;
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      failed(error);
      for (const request of thread.pending.values()) request.reject(error);
      thread.pending.clear();
    };
    worker.on('error', (error) => die(new Error(`Signing thread failed: ${error.message}`)));
    worker.on('exit', (code) => die(new Error(`Signing thread exited (code ${code})`)));
    return thread;
  }
}

/** A signing key as a thread receives it (the KeyObject crosses by structured clone). */
function keyMaterial(key: SigningKey): KeyMaterial {
  return { did: key.controller, keyId: key.keyId, privateKey: key.privateKey };
}

const pools = new WeakMap<object, SigningPool>();

/** The signing pool of the issuance workers running on this database in this process, if any. */
export function signingPoolFor(deps: Pick<Deps, 'db'>): SigningPool | undefined {
  return pools.get(deps.db);
}

/**
 * Starts and warms ISSUANCE_SIGNING_THREADS threads for the issuance workers (none when 0):
 * each loads the library, registers our keys and badge shapes with its fast path and signs a
 * sample. `warmUp`: what the process already read to warm its own fast path (services/main.ts),
 * read here when not given. Returns a function that closes them.
 */
export async function startSigningPool(deps: Pick<Deps, 'db' | 'config' | 'secrets'>, warmUp?: FastPathWarmUp): Promise<() => Promise<void>> {
  const size = deps.config.ISSUANCE_SIGNING_THREADS;
  if (size === 0) return async () => undefined;
  const fastPath = currentFastSigner() !== undefined;
  const [samples, active] = await Promise.all([
    !fastPath ? { keys: [], samples: [] } : (warmUp ?? fastPathWarmUp(deps)),
    activeSigningKey(deps),
  ]);
  const pool = await SigningPool.start(size, { fastPath, warmUp: samples, key: keyMaterial(active.key) });
  pools.set(deps.db, pool);
  return async () => {
    if (pools.get(deps.db) === pool) pools.delete(deps.db);
    await pool.close();
  };
}
