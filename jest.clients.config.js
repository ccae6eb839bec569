// `npm run test:clients`: the independent-client suite (__tests__/clients), apart from `npm test`
// because it needs the Debian packages azure-cli and python3-azure. One worker: each file starts a
// simulator and drives a client process, and the clients are CPU-heavy Python.
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['**/__tests__/clients/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
  // Test names carry the reason when a client is not installed ("NOT RUN: ..."): always list them.
  verbose: true,
  testTimeout: 180000,
};
