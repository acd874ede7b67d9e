/**
 * Dry run: plans against what is really published (when a real publisher is given, else
 * against nothing) and prints the changes instead of making them.
 */
import type { Changes } from '../plan/plan.ts'
import type { ApplyStats, Publisher } from './publisher.ts'

export function dryRunPublisher(print: (line: string) => void, listFrom?: Publisher): Publisher {
  return {
    name: `dry-run${listFrom ? ` (listing ${listFrom.name})` : ''}`,
    list: async (owner) => (listFrom ? listFrom.list(owner) : new Map()),
    async apply(changes: Changes): Promise<ApplyStats> {
      for (const put of changes.puts) print(`put ${put.key} ${put.value}`)
      for (const key of changes.deletes) print(`delete ${key}`)
      return { puts: 0, deletes: 0, requests: 0, retries: 0 }
    },
    close: async () => listFrom?.close(),
  }
}
