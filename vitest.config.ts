import { defineConfig } from 'vitest/config';

/**
 * Three projects: `credentials` is the pure library (no database, no Redis);
 * `integration` talks to the real PostgreSQL and Redis through a global setup
 * that migrates a template database once and clones it for every test file;
 * `browser` drives the served pages in Chromium with the same setup.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        test: {
          name: 'credentials',
          include: ['tests/credentials/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/credentials/**', 'tests/browser/**'],
          globalSetup: ['tests/setup/global-setup.ts'],
          setupFiles: ['tests/setup/per-file.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The real pages in Debian's Chromium (/usr/bin/chromium) through playwright-core,
        // against the app served on a free port, with the same database per file as `integration`.
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          // Its own global setup: the same template database, but an embedded default of its own.
          globalSetup: ['tests/browser/global-setup.ts'],
          setupFiles: ['tests/setup/per-file.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
