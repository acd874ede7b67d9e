/**
 * The local KV that `npm start` serves: the same persisted store `wrangler dev --persist-to`
 * reads, written through wrangler's platform proxy. Writes show up in a running local worker
 * (its isolate cache aside), so a developer can point the local stack at a real cluster.
 */
import { join } from 'node:path'
import { getPlatformProxy } from 'wrangler'
import { metaKey, ownerPrefixes, ownsKey } from '../../src/core/recordset/keys.ts'
import type { Changes, Put } from '../plan/plan.ts'
import { type ApplyStats, noStats, type Publisher, stampOf, writeOrder } from './publisher.ts'

interface HashMeta {
  hash?: string
}

/**
 * The part of the platform proxy's KV binding used here. Written out because the agent is
 * type-checked with Node's types only; the binding's full type is workerd's `KVNamespace`.
 */
export interface LocalKvBinding {
  get(key: string): Promise<string | null>
  list<M>(options: { prefix: string; cursor?: string | undefined }): Promise<
    { keys: { name: string; metadata?: M }[] } & ({ list_complete: true } | { list_complete: false; cursor: string })
  >
  put(key: string, value: string, options: { metadata: HashMeta }): Promise<void>
  delete(key: string): Promise<void>
}

export async function openLocalKv(options: { configPath: string; persistTo: string }): Promise<Publisher> {
  const proxy = await getPlatformProxy<{ RECORDS: LocalKvBinding }>({
    configPath: options.configPath,
    // `wrangler dev --persist-to DIR` keeps its state under DIR/v3.
    persist: { path: join(options.persistTo, 'v3') },
  })
  const kv = proxy.env.RECORDS

  return {
    name: 'local-kv',
    async list(owner) {
      const out = new Map<string, string>()
      for (const prefix of ownerPrefixes(owner)) {
        let cursor: string | undefined
        do {
          const page = await kv.list<HashMeta>({ prefix, cursor })
          for (const key of page.keys) {
            if (ownsKey(owner, key.name)) out.set(key.name, key.metadata?.hash ?? '')
          }
          cursor = page.list_complete ? undefined : page.cursor
        } while (cursor)
      }
      return out
    },
    readStamp: async (owner) => stampOf(await kv.get(metaKey(owner))),
    async apply(changes: Changes): Promise<ApplyStats> {
      const order = writeOrder(changes)
      const put = (p: Put) => kv.put(p.key, p.value, { metadata: { hash: p.hash } })
      for (const p of order.names) await put(p)
      for (const key of order.deletes) await kv.delete(key)
      for (const p of order.meta) await put(p)
      const ops = changes.puts.length + changes.deletes.length
      return { ...noStats(), puts: changes.puts.length, deletes: changes.deletes.length, requests: ops }
    },
    close: () => proxy.dispose(),
  }
}
