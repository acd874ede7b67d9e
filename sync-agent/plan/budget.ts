/**
 * A daily budget of KV writes (`--max-kv-writes-per-day`): the free plan allows 1,000 writes
 * and 1,000 deletes a day, and a big deploy or a flapping object can spend that by noon.
 * When a plan would go beyond what is left, the most important changes go first and the rest
 * is held; held changes stay in the diff, so a later run (after the budget resets at 00:00
 * UTC, as KV's does) publishes them. Puts and deletes count together: conservative, and one
 * number to reason about. `withinBudget` is pure; `WriteBudget` keeps the count.
 *
 * Order of importance:
 *   1. the owner's meta (zones, SOA, glue: nothing is served without it)
 *   2. deletes (a name that must stop answering)
 *   3. puts of names already published (changed addresses)
 *   4. puts of new names
 */
import { isMetaKey } from '../../src/core/recordset/keys.ts'
import type { Changes, Published } from './plan.ts'

export function withinBudget(changes: Changes, published: Published, allowance: number): { now: Changes; held: number } {
  const total = changes.puts.length + changes.deletes.length
  // Within the allowance the plan goes on as it is, with no sorting or copying.
  if (total <= allowance) return { now: changes, held: 0 }
  type Op = { rank: number; put?: Changes['puts'][number]; delete?: string }
  const ops: Op[] = [
    ...changes.deletes.map((key) => ({ rank: 2, delete: key })),
    ...changes.puts.map((put) => ({ rank: isMetaKey(put.key) ? 1 : published.has(put.key) ? 3 : 4, put })),
  ]
  // A stable sort: within a rank, the plan's own (sorted) order.
  const chosen = ops.sort((x, y) => x.rank - y.rank).slice(0, Math.max(0, allowance))
  const puts = new Set(chosen.map((o) => o.put))
  const deletes = new Set(chosen.map((o) => o.delete))
  const now: Changes = { puts: changes.puts.filter((p) => puts.has(p)), deletes: changes.deletes.filter((k) => deletes.has(k)) }
  return { now, held: total - chosen.length }
}

/** Writes left today, counted since the agent started; resets at 00:00 UTC. */
export class WriteBudget {
  // Stryker disable next-line StringLiteral: any start value that is not a date rolls over on first use, as '' does
  private day = ''
  private spent = 0

  constructor(
    readonly perDay: number,
    private readonly now: () => number = Date.now,
  ) {}

  private roll(): void {
    const today = new Date(this.now()).toISOString().slice(0, 10)
    if (today !== this.day) {
      this.day = today
      this.spent = 0
    }
  }

  remaining(): number {
    this.roll()
    return Math.max(0, this.perDay - this.spent)
  }

  spend(writes: number): void {
    this.roll()
    this.spent += writes
  }
}
