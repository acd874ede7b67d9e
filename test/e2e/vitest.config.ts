import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// End-to-end tests against real processes on loopback (etcd, kube-apiserver, CoreDNS
// with k8s_gateway), built by test/e2e/build/build.sh. Not part of `npm test`; run
// with `npm run test:e2e`. One file at a time: each starts its own control plane and
// the machine has 2 cores.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 5 * 60_000,
    hookTimeout: 5 * 60_000,
    teardownTimeout: 60_000,
  },
})
