import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from './config.ts';
import type { Secrets } from './deps.ts';
import type { Logger } from './shared/logger.ts';

const localSecretsSchema = z.object({ keyEncryptionKey: z.string(), sessionSecret: z.string() });

/**
 * Secrets come from the environment; when one is missing (the embedded default)
 * it is generated once and kept in DATA_DIR/secrets.json (mode 600), so restarts
 * keep issuer keys readable and sessions valid.
 */
export async function resolveSecrets(config: Config, logger: Logger): Promise<Secrets> {
  let kek = config.KEY_ENCRYPTION_KEY;
  let sessionSecret = config.SESSION_SECRET;
  if (!kek || !sessionSecret) {
    const file = path.resolve(config.DATA_DIR, 'secrets.json');
    const local = await readLocal(file);
    const generated = {
      keyEncryptionKey: local?.keyEncryptionKey ?? randomBytes(32).toString('base64'),
      sessionSecret: local?.sessionSecret ?? randomBytes(48).toString('base64url'),
    };
    if (!local) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(generated, null, 2), { mode: 0o600 });
      logger.warn({ file }, 'generated local secrets; set KEY_ENCRYPTION_KEY and SESSION_SECRET in production');
    }
    kek ??= generated.keyEncryptionKey;
    sessionSecret ??= generated.sessionSecret;
  }
  return { keyEncryptionKey: Buffer.from(kek, 'base64'), sessionKey: new TextEncoder().encode(sessionSecret) };
}

async function readLocal(file: string) {
  try {
    return localSecretsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file} is unreadable or damaged: ${(error as Error).message}`);
  }
}
