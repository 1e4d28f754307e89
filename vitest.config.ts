import { defineConfig } from 'vitest/config';

/**
 * Two projects: `credentials` is the pure library (no database, no Redis);
 * `integration` talks to the real PostgreSQL and Redis through a global setup
 * that migrates a template database once and clones it for every test file.
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
    ],
  },
});
