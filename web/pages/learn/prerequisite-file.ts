import { MAX_CREDENTIAL_BYTES, readPresented, type Presented } from '../verify/presented.ts';

/**
 * The badge file sent with an expert enrolment request, read like the verification form
 * reads one (JSON-LD object or compact JWT); undefined when no file was chosen.
 */
export async function readPrerequisite(file: unknown): Promise<Presented | undefined> {
  if (!(file instanceof File) || file.size === 0) return undefined;
  if (file.size > MAX_CREDENTIAL_BYTES) return { error: 'tooBig' };
  try {
    return readPresented(new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(await file.arrayBuffer())));
  } catch {
    return { error: 'unreadableFile' };
  }
}
