/**
 * `npm run bench`: credentials signed and verified per second on this machine, each
 * next to the raw Ed25519 rate of node:crypto measured in the same run (the floor).
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createDocumentLoader, signCredentialDataIntegrity, signCredentialJwt, verifyCredential } from '../credentials/index.ts';
import { benchBadge, benchKey } from './badge.ts';

interface Row { name: string; perSecond: number; floor?: string }

/** Runs `op` repeatedly for about `ms` milliseconds (after a warm-up) and returns operations per second. */
async function rate(op: (i: number) => unknown, ms = 2_000): Promise<number> {
  for (let i = 0; i < 20; i++) await op(i);
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    await op(n);
    n++;
  }
  return n / ((performance.now() - started) / 1000);
}

/** Signs in `threads` worker threads at once; the rate counts from when every thread is warm. */
async function parallelSignRate(threads: number, perThread: number): Promise<number> {
  const durations = await Promise.all(
    Array.from({ length: threads }, () =>
      new Promise<number>((resolve, reject) => {
        const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
          workerData: { count: perThread, module: new URL('./parallel-signer.ts', import.meta.url).href },
        });
        worker.once('message', (m: { ms: number }) => resolve(m.ms));
        worker.once('error', reject);
      }),
    ),
  );
  return (threads * perThread) / (Math.max(...durations) / 1000);
}

async function main(): Promise<void> {
  const key = benchKey();
  const loader = createDocumentLoader();
  const data = Buffer.from('x'.repeat(2_000));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signature = sign(null, data, privateKey);
  const rawSign = await rate(() => sign(null, data, privateKey));
  const rawVerify = await rate(() => verify(null, data, publicKey, signature));

  const badges = Array.from({ length: 200 }, (_, i) => benchBadge(key.controller, i));
  const signed = await Promise.all(badges.map((b) => signCredentialDataIntegrity(b, key, { documentLoader: loader })));
  const jwts = await Promise.all(badges.map((b) => signCredentialJwt(b, key)));
  const diSign = await rate((i) => signCredentialDataIntegrity(badges[i % badges.length]!, key, { documentLoader: loader }));
  const diVerify = await rate((i) => verifyCredential(signed[i % signed.length], { documentLoader: loader }));
  const jwtSign = await rate((i) => signCredentialJwt(badges[i % badges.length]!, key));
  const jwtVerify = await rate((i) => verifyCredential(jwts[i % jwts.length], { documentLoader: loader }));
  const threads = Math.max(1, availableParallelism());
  const diSignParallel = await parallelSignRate(threads, Math.max(50, Math.round(diSign * 2)));

  const rows: Row[] = [
    { name: 'raw Ed25519 sign (node:crypto)', perSecond: rawSign },
    { name: 'raw Ed25519 verify (node:crypto)', perSecond: rawVerify },
    { name: 'badge sign, Data Integrity eddsa-rdfc-2022, 1 thread', perSecond: diSign, floor: `${(rawSign / diSign).toFixed(1)}x slower than raw sign` },
    { name: `badge sign, Data Integrity, ${threads} worker threads`, perSecond: diSignParallel, floor: `${(diSignParallel / diSign).toFixed(2)}x the 1-thread rate` },
    { name: 'badge verify, Data Integrity (signature, dates, schema)', perSecond: diVerify, floor: `${(rawVerify / diVerify).toFixed(1)}x slower than raw verify` },
    { name: 'badge sign, OB 3.0 JWT (EdDSA)', perSecond: jwtSign, floor: `${(rawSign / jwtSign).toFixed(1)}x slower than raw sign` },
    { name: 'badge verify, OB 3.0 JWT', perSecond: jwtVerify, floor: `${(rawVerify / jwtVerify).toFixed(1)}x slower than raw verify` },
  ];
  const width = Math.max(...rows.map((r) => r.name.length));
  process.stdout.write(`Brevet credential benchmark (one run; ${threads} cores; node ${process.version})\n`);
  process.stdout.write(`${'operation'.padEnd(width)}  ${'per second'.padStart(11)}  ratio\n`);
  for (const row of rows) {
    process.stdout.write(`${row.name.padEnd(width)}  ${row.perSecond.toFixed(0).padStart(11)}  ${row.floor ?? '(floor)'}\n`);
  }
}

const mode = process.argv[2] ?? 'credentials';
if (mode !== 'credentials') {
  process.stderr.write(`Unknown benchmark "${mode}" (available: credentials)\n`);
  process.exit(1);
}
await main();
