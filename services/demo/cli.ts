/**
 * `npm run demo [SERVICE_URL]` (default http://localhost:3000): with the service running on
 * its embedded default, drives one learner through the basic level and then an expert
 * cohort through the HTTP API only, and prints the verification links of both badges.
 */
import { createApi } from './api-client.ts';
import { runDemo } from './scenario.ts';

const url = process.argv[2] ?? 'http://localhost:3000';
const adminEmail = process.env.DEMO_ADMIN_EMAIL ?? process.env.BOOTSTRAP_ADMIN_EMAIL ?? 'admin@brevet.local';

runDemo(createApi(url), { adminEmail, log: (line) => process.stdout.write(`${line}\n`) }).then(
  (result) => {
    process.stdout.write(`\nBasic badge:  ${result.basic.verifyUrl}\nExpert badge: ${result.expert.verifyUrl}\n`);
    process.stdout.write(`(credentials: ${result.basic.credentialUrl} and ${result.expert.credentialUrl})\n`);
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`Demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
