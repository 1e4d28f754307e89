/** Where this test file's database and Redis are; filled by tests/setup/per-file.ts before the file runs. */
export const testContext = {
  adminDatabaseUrl: '',
  databaseUrl: '',
  redisUrl: '',
  queuePrefix: '',
};
