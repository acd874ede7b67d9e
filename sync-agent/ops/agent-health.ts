/**
 * What /healthz and /readyz say about the agent, from what it knows. Pure: the agent passes
 * its state and the time in.
 *
 * - Ready: every configured kind has been listed once (a kind whose CRD is absent counts: it
 *   is known to hold nothing), and a leader has published once. A kind that keeps failing, as
 *   with no reachable cluster, is not synced however long the agent has run. A standby is ready
 *   once synced: it can take over at once. An agent refusing an owner id another cluster
 *   publishes under is not ready, and says why.
 * - Live: the loop makes progress. Every resync period pokes a reconcile, so a loop that has
 *   not completed one for `stuckAfterMs` (3 resync periods) is stuck (a hung watch list, a
 *   publish that never returns, KV failing throughout) and the kubelet should restart it.
 */
import type { HealthStatus } from './health.ts'
import type { KindStatus } from '../watch/snapshot.ts'

export interface AgentState {
  kinds: readonly KindStatus[]
  leader: boolean
  /** A leader's first publish is done. */
  published: boolean
  /** The last reconcile completed (published, unchanged, or skipped as a standby). */
  lastRunOk: boolean
  /** When a reconcile last completed, or the agent started. Milliseconds, as Date.now. */
  lastProgressAt: number
  /** Another cluster publishes under this owner id (plan/ownership.ts): never ready. */
  conflict?: string | null
  /** The last configuration reload failed; the running configuration stays in force. */
  configError?: string | null
  /** The last publish that wrote or deleted anything (the ops page shows it). */
  lastPublish?: { at: number; names: number; puts: number; deletes: number; seconds: number } | null
  /** The daily KV write budget, when one is set. */
  budget?: { perDay: number; remaining: number } | null
}

export function agentHealth(state: AgentState, now: number, stuckAfterMs: number): HealthStatus {
  const waiting = state.kinds.filter((k) => !k.known).map((k) => k.kind)
  const synced = waiting.length === 0
  const stuckSeconds = Math.round((now - state.lastProgressAt) / 1000)
  const stuck = now - state.lastProgressAt > stuckAfterMs
  const { leader, published, lastRunOk } = state
  return {
    live: !stuck,
    ready: synced && !state.conflict && (leader ? published : true),
    detail: {
      leader,
      synced,
      published,
      lastRunOk,
      waiting,
      ...(stuck ? { stuck: `no reconcile completed for ${stuckSeconds} s` } : {}),
      ...(state.conflict ? { conflict: state.conflict } : {}),
      ...(state.configError ? { configError: state.configError } : {}),
      ...(state.lastPublish ? { lastPublish: { ...state.lastPublish, at: new Date(state.lastPublish.at).toISOString() } } : {}),
      ...(state.budget ? { budget: state.budget } : {}),
      kinds: state.kinds,
    },
  }
}
