/**
 * One reconcile step, shared by the running agent (controller.ts) and `npm start`
 * (scripts/start.ts): desired KV entries against what the owner has published (listed when not
 * known) -> the plan, optionally cut down (deletes held, the write budget) -> applied. Returns
 * what is published afterwards, so the next step diffs without listing again.
 */
import { applied, hasChanges, planHashed, type Changes, type Published, type Put } from './plan/plan.ts'
import type { ApplyStats, Publisher } from './publish/publisher.ts'

export interface Reconciled {
  /** What the plan said, before `shape`. */
  planned: Changes
  /** What was applied (nothing when `stats` is null). */
  changes: Changes
  stats: ApplyStats | null
  published: Published
}

export interface ReconcileOptions {
  /** What the owner has in KV, as far as the caller knows; listed when absent. */
  published?: Published
  /** Cuts the plan down before it is applied. */
  shape?: (changes: Changes, published: Published) => Changes
}

export async function reconcile(desired: ReadonlyMap<string, Put>, publisher: Publisher, owner: string, options: ReconcileOptions = {}): Promise<Reconciled> {
  const published = options.published ?? (await publisher.list(owner))
  const planned = planHashed(desired, published, owner)
  const changes = options.shape ? options.shape(planned, published) : planned
  if (!hasChanges(changes)) return { planned, changes, stats: null, published }
  const stats = await publisher.apply(changes)
  return { planned, changes, stats, published: applied(published, changes) }
}
