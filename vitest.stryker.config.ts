import { defineConfig } from 'vitest/config'

// The Node tests that exercise the folders `npm run mutate` mutates (stryker.config.mjs): the
// pure core, and the agent's config, render and plan steps. Each mutant runs only the tests that
// cover it; leaving out the CLI, server, workerd and browser suites keeps a run in minutes.
export default defineConfig({
  test: {
    include: [
      'test/core/**/*.test.ts',
      'test/doh/**/*.test.ts',
      'test/sync-agent/config/**/*.test.ts',
      'test/sync-agent/render/**/*.test.ts',
      'test/sync-agent/plan.test.ts',
      'test/sync-agent/heartbeat.test.ts',
      'test/sync-agent/budget.test.ts',
      'test/sync-agent/desired.test.ts',
      'test/sync-agent/ownership.test.ts',
    ],
    environment: 'node',
  },
})
