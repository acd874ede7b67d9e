import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

// One project per runtime: Node for the pure core and the agent, workerd (the real Workers
// runtime, bindings from wrangler.toml) for the worker, and Chromium for the worker's page.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/core/**/*.test.ts', 'test/page/**/*.test.ts', 'test/observe/**/*.test.ts', 'test/doh/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'test/sync-agent/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/types/**/*.test.ts'],
          environment: 'node',
          // Some suites start wrangler's local runtime; leave room on a loaded 2-core machine.
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The page in Debian's Chromium against `npm start` (test/browser/stack.ts).
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.toml' } })],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
        },
      },
    ],
  },
})
