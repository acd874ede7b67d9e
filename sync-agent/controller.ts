/**
 * One reconcile, level-triggered (external-dns's RunOnce): the whole snapshot is rendered and
 * diffed against what this owner published, every time. Steps read in data-flow order:
 * snapshot -> render -> KV entries -> plan -> publish.
 */
import { AGENT_VERSION } from './version.ts'
import { isMetaKey } from '../src/core/recordset/keys.ts'
import type { Heartbeat, PublisherStamp } from '../src/core/recordset/schema.ts'
import type { AgentConfig } from './config/types.ts'
import { DesiredState } from './plan/desired.ts'
import type { Changes, Published } from './plan/plan.ts'
import { withinBudget, type WriteBudget } from './plan/budget.ts'
import { type HeartbeatOptions, nextHeartbeat } from './plan/heartbeat.ts'
import { type Identity, nextStamp, ownerConflict } from './plan/ownership.ts'
import { type ApplyStats, PublishError, type Publisher } from './publish/publisher.ts'
import { reconcile, type Reconciled } from './reconcile.ts'
import type { PublishMode, Snapshot } from './watch/snapshot.ts'

export type RunResult =
  | { kind: 'skipped'; reason: 'standby' | 'waiting for first list' }
  /** Another cluster publishes under this owner id: nothing is written (plan/ownership.ts). */
  | { kind: 'conflict'; reason: string }
  | { kind: 'unchanged'; names: number }
  /** Changes to make, but the day's write budget is spent: all of them wait. */
  | { kind: 'over budget'; names: number; overBudget: number }
  | {
      kind: 'published'
      names: number
      puts: number
      deletes: number
      /** Deletes held while a kind has never listed. */
      heldBack: number
      /** Changes held for the write budget. */
      overBudget: number
      stats: ApplyStats
      seconds: number
    }

export interface ControllerEvents {
  /** New render warnings (each is reported once, not on every run). */
  warning(message: string): void
  published(result: Extract<RunResult, { kind: 'published' }>): void
  failed(error: Error): void
}

export interface ControllerDeps {
  config: AgentConfig
  snapshot: Snapshot
  publisher: Publisher
  isLeader: () => boolean
  events: ControllerEvents
  /** `--max-kv-writes-per-day`; none: no limit. */
  budget?: WriteBudget
  /** This agent's cluster and replica, stamped into the meta; none: no conflict detection. */
  identity?: Identity
  /** `--heartbeat` and where the cluster is (plan/heartbeat.ts); none: no heartbeat. */
  heartbeat?: HeartbeatOptions
  now?: () => number
}

export class Controller {
  /** What this owner has in KV, as far as we know; null: list it before the next plan. */
  private published: Published | null = null
  private readonly seenWarnings = new Set<string>()
  private lastMode: PublishMode | null = null
  /** The stamp in KV as of the last listing, or as we last wrote it. */
  private stamp: PublisherStamp | null = null
  /** The heartbeat as we last wrote it (a new leader or a restart beats at once). */
  private beat: Heartbeat | null = null

  private config: AgentConfig
  private readonly desired = new DesiredState(AGENT_VERSION)

  constructor(private readonly deps: ControllerDeps) {
    this.config = deps.config
  }

  /** A reloaded configuration, used from the next run on. */
  setConfig(config: AgentConfig): void {
    this.config = config
  }

  /** Forget what we think is published: the next run lists KV again (periodic resync). */
  resync(): void {
    this.published = null
  }

  get mode(): PublishMode | null {
    return this.lastMode
  }

  async runOnce(): Promise<RunResult> {
    const { snapshot, publisher, events } = this.deps
    const config = this.config
    const now = this.deps.now ?? Date.now
    if (!this.deps.isLeader()) {
      this.published = null // a new leader lists KV first: another replica may have written
      this.beat = null // and beats at once, never writing back an older heartbeat than the last leader's
      return { kind: 'skipped', reason: 'standby' }
    }
    const mode = snapshot.mode()
    this.lastMode = mode
    if (mode === 'wait') return { kind: 'skipped', reason: 'waiting for first list' }

    const rendered = this.desired.render(snapshot, config)
    const { recordSet, warnings } = rendered
    for (const w of warnings) {
      if (!this.seenWarnings.has(w)) events.warning(w)
    }
    this.seenWarnings.clear()
    for (const w of warnings) this.seenWarnings.add(w)
    const names = Object.keys(recordSet.names).length

    try {
      const started = now()
      const identity = this.deps.identity
      if (this.published === null) {
        this.published = await publisher.list(config.owner)
        // Who else writes is checked when KV is listed (start, resync, after a failure).
        if (identity) this.stamp = await publisher.readStamp(config.owner)
      }
      const conflict = identity ? ownerConflict(this.stamp, identity, config.owner, now()) : null
      if (conflict) return { kind: 'conflict', reason: conflict }
      const beat = this.deps.heartbeat ? nextHeartbeat(this.beat, this.deps.heartbeat, now()) : undefined
      // The stamp rides a new beat (the meta is written anyway), else renews hourly on its own.
      const due = identity ? nextStamp(this.stamp, identity, now()) : undefined
      const stamp = due && beat && beat !== this.beat ? { ...due, at: beat.at } : due
      const budget = this.deps.budget
      // A kind that never listed may own keys we cannot tell apart: delete nothing until it
      // does. Then the day's write budget, most important changes first.
      const shape = (changes: Changes, published: Published): Changes => {
        const kept = mode === 'upsert-only' ? { ...changes, deletes: [] } : changes
        return budget ? withinBudget(kept, published, budget.remaining()).now : kept
      }
      let step: Reconciled
      try {
        step = await reconcile(this.desired.entriesOf(rendered, stamp, beat), publisher, config.owner, { published: this.published, shape })
      } catch (err) {
        if (err instanceof PublishError) budget?.spend(err.stats.puts + err.stats.deletes)
        throw err
      }
      const { planned, changes: doing, stats } = step
      const heldBack = mode === 'upsert-only' ? planned.deletes.length : 0
      const overBudget = size(planned) - heldBack - size(doing)
      if (!stats) return overBudget ? { kind: 'over budget', names, overBudget } : { kind: 'unchanged', names }
      budget?.spend(stats.puts + stats.deletes)
      this.published = step.published
      if (doing.puts.some((p) => isMetaKey(p.key))) {
        if (stamp) this.stamp = stamp
        if (beat) this.beat = beat
      }
      const result = {
        kind: 'published' as const,
        names,
        puts: doing.puts.length,
        deletes: doing.deletes.length,
        heldBack,
        overBudget,
        stats,
        seconds: (now() - started) / 1000,
      }
      events.published(result)
      return result
    } catch (err) {
      this.published = null // partly applied, maybe: list again rather than trust our copy
      events.failed(err as Error)
      throw err
    }
  }
}

const size = (changes: Changes): number => changes.puts.length + changes.deletes.length
