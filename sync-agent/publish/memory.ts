/** A publisher that keeps KV in memory: for tests, benchmarks and the dry-run baseline. */
import { metaKey, ownsKey } from '../../src/core/recordset/keys.ts'
import type { PublisherStamp } from '../../src/core/recordset/schema.ts'
import type { Changes } from '../plan/plan.ts'
import { type ApplyStats, noStats, type Publisher, stampOf, writeOrder } from './publisher.ts'

export class MemoryPublisher implements Publisher {
  readonly name = 'memory'
  readonly values = new Map<string, { value: string; hash: string }>()

  async list(owner: string): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    for (const [key, entry] of this.values) {
      if (ownsKey(owner, key)) out.set(key, entry.hash)
    }
    return out
  }

  async readStamp(owner: string): Promise<PublisherStamp | null> {
    return stampOf(this.values.get(metaKey(owner))?.value ?? null)
  }

  async apply(changes: Changes): Promise<ApplyStats> {
    const order = writeOrder(changes)
    for (const put of order.names) this.values.set(put.key, { value: put.value, hash: put.hash })
    for (const key of order.deletes) this.values.delete(key)
    for (const put of order.meta) this.values.set(put.key, { value: put.value, hash: put.hash })
    return { ...noStats(), puts: changes.puts.length, deletes: changes.deletes.length, requests: 1 }
  }

  async close(): Promise<void> {}
}
