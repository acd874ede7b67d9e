import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getPlatformProxy } from 'wrangler'
import { openLocalKv, type LocalKvBinding } from '../../sync-agent/publish/local-kv.ts'
import { kvRestPublisher } from '../../sync-agent/publish/kv-rest.ts'
import { MemoryPublisher } from '../../sync-agent/publish/memory.ts'
import { startFakeKvApi } from '../helpers/fake-kv-api.ts'
import { runPublisherContract } from './publisher.case.ts'

runPublisherContract({
  name: 'memory',
  async open() {
    const publisher = new MemoryPublisher()
    return { publisher, read: async (key) => publisher.values.get(key)?.value ?? null, cleanup: async () => {} }
  },
})

runPublisherContract({
  name: 'kv-rest (against a local KV API server)',
  async open() {
    const api = await startFakeKvApi()
    api.pageSize = 2 // exercise cursors
    const publisher = kvRestPublisher({ ...api, apiBase: api.apiBase })
    return { publisher, read: async (key) => api.store.get(key)?.value ?? null, cleanup: () => api.close() }
  },
})

runPublisherContract({
  name: 'local-kv (the store wrangler dev serves)',
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'k8sgw-localkv-'))
    const publisher = await openLocalKv({ configPath: 'wrangler.toml', persistTo: dir })
    const reader = await getPlatformProxy<{ RECORDS: LocalKvBinding }>({ configPath: 'wrangler.toml', persist: { path: join(dir, 'v3') } })
    return {
      publisher,
      read: (key) => reader.env.RECORDS.get(key),
      cleanup: async () => {
        await reader.dispose()
        await rm(dir, { recursive: true, force: true })
      },
    }
  },
})
