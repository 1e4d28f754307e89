import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths never written to a log, whatever level: credentials, tokens, personal addresses. */
const REDACTED_PATHS = [
  'password',
  'secret',
  'token',
  'clientSecret',
  'client_secret',
  'authorization',
  'cookie',
  'email',
  '*.password',
  '*.secret',
  '*.token',
  '*.clientSecret',
  '*.client_secret',
  '*.authorization',
  '*.cookie',
  '*.email',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** A structured JSON logger (pino) with secrets and personal data redacted. */
export function createLogger(level: string, name = 'brevet'): Logger {
  return pino({
    name,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
