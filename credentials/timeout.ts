/** Raised when an injected dependency (did:web host, status list) does not answer in time. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    readonly label: string,
    readonly ms: number,
  ) {
    super(`${label} did not answer within ${ms} ms`);
  }
}

/**
 * Races `work` against a timer. The timer is always cleared, so a resolved call leaves no
 * pending handle that would keep a worker process alive.
 */
export async function withTimeout<T>(work: Promise<T> | (() => Promise<T>), ms: number, label: string): Promise<T> {
  const promise = typeof work === 'function' ? work() : work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(label, ms)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
