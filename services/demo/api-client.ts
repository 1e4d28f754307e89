/**
 * A small HTTP client of the Brevet API for the demo: JSON in and out, the bearer token
 * of whoever is acting, and errors that show the problem+json the service answered.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { code?: string; detail?: string; errors?: Array<{ path: string; message: string }> } & Record<string, unknown>,
    what: string,
  ) {
    super(`${what}: ${status} ${problem.code ?? ''} ${problem.detail ?? ''}`.trim());
  }
}

export interface Api {
  baseUrl: string;
  call<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; expect?: number }): Promise<T>;
}

export function createApi(baseUrl: string): Api {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    async call(method, path, options = {}) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await res.text();
      const body = text ? JSON.parse(text) : null;
      if (!res.ok || (options.expect !== undefined && res.status !== options.expect)) throw new ApiError(res.status, body ?? {}, `${method} ${path}`);
      return body;
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
