import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/setup/dynamodb.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep the worker count small so DynamoDB Local (Java) gets its share.
    maxWorkers: 2,
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
