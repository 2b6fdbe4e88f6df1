/**
 * Jest runs the TypeScript sources as native ES modules through ts-jest. Tests under
 * test/postgres/ need a Postgres server (they run two processes on one database), so they run
 * only when TEST_DATABASE_URL names one; every other test runs on both engines.
 */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: onPostgres ? ['/node_modules/'] : ['/node_modules/', '/test/postgres/'],
  testTimeout: 60000,
  // Every run's logs and the secrets its tests used go to one folder; the teardown fails the run
  // if any secret appears in any log (test/support/secret-ledger.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/secret-scan.ts',
};
