/** The largest credential the form accepts (a Brevet badge is a few kilobytes). */
export const MAX_CREDENTIAL_BYTES = 1024 * 1024;

const COMPACT_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export type PresentedError = 'empty' | 'tooBig' | 'notJson' | 'notJwt' | 'notCredential' | 'unreadableFile';

export type Presented = { value: Record<string, unknown> | string } | { error: PresentedError };

/**
 * Reads what was pasted or uploaded: a JSON object (JSON-LD credential) or a compact
 * JWT. Anything else is refused here, before the verifier, with a reason the form shows.
 */
export function readPresented(raw: string): Presented {
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (!text) return { error: 'empty' };
  if (Buffer.byteLength(text, 'utf8') > MAX_CREDENTIAL_BYTES) return { error: 'tooBig' };
  if (text.startsWith('{') || text.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { error: 'notJson' };
    }
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { value: value as Record<string, unknown> } : { error: 'notCredential' };
  }
  if (text.startsWith('"')) return { error: 'notCredential' };
  return COMPACT_JWT.test(text) ? { value: text } : { error: 'notJwt' };
}

/** The size limit in the reader's words ("1 MB"). */
export function maxSizeLabel(): string {
  return `${MAX_CREDENTIAL_BYTES / (1024 * 1024)} MB`;
}
