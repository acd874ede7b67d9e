/**
 * One owner id, one writer. Two clusters given the same `--owner` would each delete the
 * other's names on every reconcile; the meta's stamp (src/core PublisherStamp) says which
 * cluster wrote it and when, so the second one refuses instead. Pure.
 *
 * A writer is live while its stamp is younger than LIVE_MS: a publishing agent refreshes its
 * stamp every HEARTBEAT_MS even when nothing changed (24 writes a day), so a stamp older than
 * three heartbeats belongs to a cluster that is gone, and taking over is safe. A leader change
 * within one cluster (same cluster id, new holder) is the Lease's business, not a conflict.
 */
import type { PublisherStamp } from '../../src/core/recordset/schema.ts'

export const HEARTBEAT_MS = 60 * 60 * 1000
export const LIVE_MS = 3 * HEARTBEAT_MS

export interface Identity {
  cluster: string
  holder: string
}

/** Why this agent must not publish under the owner, or null when it may. */
export function ownerConflict(stamp: PublisherStamp | null, us: Identity, owner: string, now: number): string | null {
  if (!stamp || stamp.cluster === us.cluster) return null
  const age = now - Date.parse(stamp.at)
  if (!(age < LIVE_MS)) return null
  return `owner "${owner}" is published by another cluster (${stamp.cluster}, ${stamp.holder}, ${Math.max(0, Math.round(age / 1000))} s ago): refusing to publish; give each cluster its own --owner`
}

/**
 * The stamp to publish: the last one while it is fresh and ours (so an unchanged world writes
 * nothing), a new one when it is due for its heartbeat or someone else's.
 */
export function nextStamp(last: PublisherStamp | null, us: Identity, now: number): PublisherStamp {
  const fresh = last && last.cluster === us.cluster && last.holder === us.holder && now - Date.parse(last.at) < HEARTBEAT_MS
  return fresh ? last : { ...us, at: new Date(now).toISOString() }
}
