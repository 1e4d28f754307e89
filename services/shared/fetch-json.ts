import { withTimeout } from './timeout.ts';

const MAX_BYTES = 2_000_000;

/**
 * Fetches a JSON document of another party (a foreign did:web document or status list):
 * https only, bounded in time and size, no redirects, no cookies.
 */
export async function fetchForeignJson(url: string, timeoutMs = 5_000): Promise<unknown> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') throw new Error(`refusing to fetch ${url}: only https is allowed`);
  return withTimeout(
    (async () => {
      const res = await fetch(parsed, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json, application/ld+json, application/did+json' } });
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      const text = await res.text();
      if (text.length > MAX_BYTES) throw new Error(`${url} is larger than ${MAX_BYTES} bytes`);
      return JSON.parse(text) as unknown;
    })(),
    timeoutMs,
    `fetching ${url}`,
  );
}
