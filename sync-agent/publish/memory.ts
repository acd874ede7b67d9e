/** A publisher that keeps KV in memory: for tests, benchmarks and the dry-run baseline. */
import { ownerPrefixes } from '../../src/core/recordset/keys.ts'
import type { Changes } from '../plan/plan.ts'
import type { ApplyStats, Publisher } from './publisher.ts'

export class MemoryPublisher implements Publisher {
  readonly name = 'memory'
  readonly values = new Map<string, { value: string; hash: string }>()

  async list(owner: string): Promise<Map<string, string>> {
    const [meta, names] = ownerPrefixes(owner) as [string, string]
    const out = new Map<string, string>()
    for (const [key, entry] of this.values) {
      if (key === meta || key.startsWith(names)) out.set(key, entry.hash)
    }
    return out
  }

  async apply(changes: Changes): Promise<ApplyStats> {
    for (const put of changes.puts) this.values.set(put.key, { value: put.value, hash: put.hash })
    for (const key of changes.deletes) this.values.delete(key)
    return { puts: changes.puts.length, deletes: changes.deletes.length, requests: 1, retries: 0 }
  }

  async close(): Promise<void> {}
}
