import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the sink accepted, parsed. */
export interface ReceivedMessage {
  id: number;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  language: string | null;
  messageId: string | null;
}

/**
 * A local SMTP server that keeps what it receives in memory: the embedded
 * default's mail server (read at /dev/mailbox) and the tests' mail server.
 */
export interface SmtpSink {
  url: string;
  port: number;
  /** Received messages, oldest first. */
  messages(): ReceivedMessage[];
  /** Resolves with the first message (already received or still to come) that matches. */
  waitFor(predicate: (m: ReceivedMessage) => boolean, timeoutMs?: number): Promise<ReceivedMessage>;
  /** Answers the next `count` messages with a temporary failure (451), as a busy server would. */
  refuseNext(count: number): void;
  clear(): void;
  close(): Promise<void>;
}

interface SinkState {
  received: ReceivedMessage[];
  waiters: Set<() => void>;
  refusals: number;
  nextId: number;
}

function recipients(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a: { value?: Array<{ address?: string }> }) => (a.value ?? []).map((v) => v.address ?? '')).filter(Boolean);
}

function createServer(state: SinkState, limit: number): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    // Plain local SMTP: nodemailer would otherwise try to upgrade to a self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      if (state.refusals > 0) {
        state.refusals -= 1;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then((mail) => {
        state.received.push({
          id: ++state.nextId,
          receivedAt: new Date(),
          from: mail.from?.value[0]?.address ?? '',
          to: recipients(mail.to),
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          html: typeof mail.html === 'string' ? mail.html : '',
          language: (mail.headers.get('content-language') as string | undefined) ?? null,
          messageId: mail.messageId ?? null,
        });
        // Bounded: a long-running local instance keeps only the latest messages.
        if (state.received.length > limit) state.received.splice(0, state.received.length - limit);
        for (const wake of state.waiters) wake();
        callback();
      }, callback);
    },
  });
}

/** Starts a sink on 127.0.0.1 (a free port unless one is given). */
export async function startSmtpSink(options: { port?: number; limit?: number } = {}): Promise<SmtpSink> {
  const state: SinkState = { received: [], waiters: new Set(), refusals: 0, nextId: 0 };
  const server = createServer(state, options.limit ?? 200);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => [...state.received],
    waitFor: (predicate, timeoutMs = 10_000) => waitForMessage(state, predicate, timeoutMs),
    refuseNext(count) {
      state.refusals = count;
    },
    clear() {
      state.received.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function waitForMessage(state: SinkState, predicate: (m: ReceivedMessage) => boolean, timeoutMs: number): Promise<ReceivedMessage> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = state.received.find(predicate);
      if (!found) return;
      cleanup();
      resolve(found);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`No matching message within ${timeoutMs} ms (received ${state.received.length})`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      state.waiters.delete(check);
    };
    state.waiters.add(check);
    check();
  });
}
