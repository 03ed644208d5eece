import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/setup/dynamodb.ts'],
    setupFiles: ['test/setup/pii-scan.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep the worker count small so DynamoDB Local (Java) gets its share.
    maxWorkers: 2,
    // Logs are on so the PII scan (test/setup/pii-scan.ts) sees every line; it keeps them out of the output.
    // The filing limiter is off: every test request comes from one address; its own test turns it on.
    env: { POWERTOOLS_LOG_LEVEL: 'INFO', PUBLIC_BASE_URL: 'http://127.0.0.1/', FILING_RATE_LIMIT: '0' },
  },
});
