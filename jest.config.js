// ESM + ts-jest, as actions/typescript-action does. Tests run on real clients against the
// simulator over HTTPS; see __tests__/helpers.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  testMatch: ['**/__tests__/**/*.test.ts'],
  // The independent clients (Azure CLI, Python SDK) run in `npm run test:clients` (jest.clients.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/clients/'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.all.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  extensionsToTreatAsEsm: ['.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
