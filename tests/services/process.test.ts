import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJson } from '../helpers/http.ts';
import { testContext } from '../helpers/context.ts';
import { processGroupMembers, startService } from '../helpers/service-process.ts';

const withServers = () => ({
  DATABASE_URL: testContext.databaseUrl,
  REDIS_URL: testContext.redisUrl,
  QUEUE_PREFIX: testContext.queuePrefix,
  PORT: '0',
});

describe('the service process', () => {
  it('serves health on real servers and stops cleanly on SIGTERM', async () => {
    const service = startService(withServers());
    const [, healthUrl] = await service.waitForOutput(/Health:\s+(\S+)/);
    expect(service.output()).toMatch(/API:\s+http:\/\/127\.0\.0\.1:\d+\/api\/v1/);
    expect(service.output()).toMatch(/Docs:\s+http:\/\/127\.0\.0\.1:\d+\/docs/);
    const res = await fetch(healthUrl!);
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ status: 'ok' });
    service.child.kill('SIGTERM');
    const { code, signal } = await service.exited;
    expect(code === 143 || code === 0 || signal === 'SIGTERM').toBe(true);
  });

  describe('on the embedded default', () => {
    let dataDir = '';
    afterAll(async () => {
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('runs its own PostgreSQL and Redis, and Ctrl-C leaves no process behind', async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'brevet-embedded-'));
      await chmod(dataDir, 0o755);
      const service = startService({ DATA_DIR: path.join(dataDir, 'data'), PORT: '0' });
      const [, healthUrl] = await service.waitForOutput(/Health:\s+(\S+)/, 60_000);
      expect(service.output()).toMatch(/embedded PostgreSQL/);
      const body = await readJson(await fetch(healthUrl!));
      expect(body.checks.postgres.status).toBe('ok');
      expect(body.checks.redis.status).toBe('ok');
      const pgid = service.child.pid!;
      expect((await processGroupMembers(pgid)).length).toBeGreaterThan(2);
      process.kill(-pgid, 'SIGINT'); // what a terminal's Ctrl-C does
      await service.exited;
      await expect.poll(() => processGroupMembers(pgid), { timeout: 15_000 }).toEqual([]);
    }, 90_000);
  });

  it('serves HTTPS itself when given a certificate and key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'brevet-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ed25519', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
      const service = startService({ ...withServers(), TLS_CERT_FILE: path.join(dir, 'cert.pem'), TLS_KEY_FILE: path.join(dir, 'key.pem') });
      const [, healthUrl] = await service.waitForOutput(/Health:\s+(\S+)/);
      expect(healthUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/health$/);
      const body = await new Promise<string>((resolve, reject) => {
        https.get(healthUrl!, { ca: readFileSync(path.join(dir, 'cert.pem')) }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(JSON.parse(body).status).toBe('ok');
      service.child.kill('SIGTERM');
      await service.exited;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says exactly what to do when the port is in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const service = startService({ ...withServers(), PORT: String(port) });
      const { code } = await service.exited;
      expect(code).toBe(1);
      expect(service.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('stops at boot naming a bad environment variable', async () => {
    const service = startService({ ...withServers(), PORT: 'eighty' });
    const { code } = await service.exited;
    expect(code).toBe(1);
    expect(service.output()).toMatch(/Invalid environment:\n\s+PORT:/);
  });

  it('says what to install when no Redis can be had', async () => {
    const service = startService({ DATABASE_URL: testContext.databaseUrl, PORT: '0', PATH: '/nonexistent' });
    const { code } = await service.exited;
    expect(code).toBe(1);
    expect(service.output()).toContain('No Redis: REDIS_URL is not set and no redis-server is on the PATH');
    expect(service.output()).toContain('apt-get install redis-server');
  });
});
