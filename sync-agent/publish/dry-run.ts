/**
 * Dry run: plans against what is really published (when a real publisher is given, else
 * against nothing) and prints the changes instead of making them.
 */
import type { Changes } from '../plan/plan.ts'
import { type ApplyStats, noStats, type Publisher, writeOrder } from './publisher.ts'

export function dryRunPublisher(print: (line: string) => void, listFrom?: Publisher): Publisher {
  return {
    name: `dry-run${listFrom ? ` (listing ${listFrom.name})` : ''}`,
    list: async (owner) => (listFrom ? listFrom.list(owner) : new Map()),
    readStamp: async (owner) => (listFrom ? listFrom.readStamp(owner) : null),
    async apply(changes: Changes): Promise<ApplyStats> {
      const order = writeOrder(changes)
      for (const put of order.names) print(`put ${put.key} ${put.value}`)
      for (const key of order.deletes) print(`delete ${key}`)
      for (const put of order.meta) print(`put ${put.key} ${put.value}`)
      return noStats()
    },
    close: async () => listFrom?.close(),
  }
}
