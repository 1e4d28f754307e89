import { readFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Config } from './config.ts';

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

export interface RunningServer {
  server: ServerType;
  url: string;
  close(): Promise<void>;
}

/** Serves the app over HTTP, or HTTPS when TLS_CERT_FILE and TLS_KEY_FILE are set; resolves once listening. */
export async function listen(app: Hono<any>, config: Pick<Config, 'HOST' | 'PORT' | 'TLS_CERT_FILE' | 'TLS_KEY_FILE'>): Promise<RunningServer> {
  const tls =
    config.TLS_CERT_FILE && config.TLS_KEY_FILE
      ? { cert: await readFile(config.TLS_CERT_FILE), key: await readFile(config.TLS_KEY_FILE) }
      : null;
  const server = serve({
    fetch: app.fetch,
    hostname: config.HOST,
    port: config.PORT,
    ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new PortInUseError(`Port ${config.PORT} on ${config.HOST} is already in use: stop the other process or start with PORT=<another port>.`));
      } else reject(error);
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return {
    server,
    url: `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }),
  };
}
