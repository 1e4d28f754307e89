import { z } from 'zod';

/**
 * The only reader of process.env. Parsed once at boot; a bad variable stops the
 * process with a message that names it.
 */
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const port = z.coerce.number().int().min(0).max(65535);

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  /** Public base URL (https://brevet.example.be). Without it the issuer is a did:key. */
  PUBLIC_URL: optionalUrl(['http', 'https']),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** Folder for the embedded default (PostgreSQL data, Redis data, local key-encryption key). */
  DATA_DIR: z.string().trim().min(1).default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 32 bytes, base64: encrypts issuer private keys at rest. Generated locally on the embedded default. */
  KEY_ENCRYPTION_KEY: optionalString.refine(
    (v) => v === undefined || Buffer.from(v, 'base64').length === 32,
    { message: 'must be 32 bytes encoded in base64 (openssl rand -base64 32)' },
  ),
  /** Secret for session tokens (HS256), at least 32 characters. Generated locally on the embedded default. */
  SESSION_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: 'must be at least 32 characters',
  }),
  TLS_CERT_FILE: optionalString,
  TLS_KEY_FILE: optionalString,
  /** SMTP server for outgoing mail; without it, a local SMTP sink is started (embedded default). */
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  /** The issuer's name on every badge (the OB 3.0 issuer Profile). */
  ISSUER_NAME: z.string().trim().min(1).default('Brevet'),
  MAIL_FROM: z.string().trim().min(3).default('Brevet <no-reply@brevet.local>'),
  /** Prefix of every BullMQ key, so several deployments can share one Redis. */
  QUEUE_PREFIX: z.string().trim().min(1).default('brevet'),
  /**
   * Threads that build and sign badges for the issuance workers, beside the event loop that drives
   * PostgreSQL and Redis (services/certification/signing-pool.ts); 0 signs in the event loop.
   * Started and warmed with the workers, closed with them. See docs/batch-issuance.md for the measurements.
   */
  ISSUANCE_SIGNING_THREADS: z.coerce.number().int().min(0).max(8).default(1),
  /** When set, start-up makes sure a person with this address exists and holds the admin role. */
  BOOTSTRAP_ADMIN_EMAIL: optionalString.pipe(z.email({ message: 'must be an email address' }).optional()),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) {
    if (Boolean(parsed.data.TLS_CERT_FILE) !== Boolean(parsed.data.TLS_KEY_FILE)) {
      throw new ConfigError('Invalid environment: TLS_CERT_FILE and TLS_KEY_FILE must be set together');
    }
    return parsed.data;
  }
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
}
