/**
 * The running agent, wired from its parts: watchers fill the snapshot, the coalescer turns
 * their events into controller runs, leader election decides who publishes, and the ops
 * server reports health and metrics. Everything it needs comes in through `AgentDeps`.
 */
import type { KubeConfig } from '@kubernetes/client-node'
import type { AgentConfig } from './config/types.ts'
import { Controller, type RunResult } from './controller.ts'
import type { WriteBudget } from './plan/budget.ts'
import type { HeartbeatOptions } from './plan/heartbeat.ts'
import type { Identity } from './plan/ownership.ts'
import { agentHealth, type AgentState } from './ops/agent-health.ts'
import type { HealthStatus } from './ops/health.ts'
import type { AgentMetrics } from './ops/metrics.ts'
import type { Logger } from './ops/log.ts'
import { PublishError, type Publisher } from './publish/publisher.ts'
import { Coalescer, defaultCoalesce, type CoalesceTiming } from './coalescer.ts'
import { watchKind, defaultTiming, type KindWatcher, type WatchTiming } from './watch/informers.ts'
import { kindsFor, wantsEndpointSlices, type WatchedKind } from './watch/kinds.ts'
import { kubeClient } from './watch/kube-client.ts'
import { Snapshot } from './watch/snapshot.ts'

export interface AgentDeps {
  config: AgentConfig
  kc: KubeConfig
  publisher: Publisher
  log: Logger
  metrics: AgentMetrics
  /** Full reconcile against a fresh KV listing this often, to heal drift made by others. */
  resyncMs: number
  /** `--max-kv-writes-per-day`: none, no limit. */
  budget?: WriteBudget
  /** Cluster and replica stamped into the meta; none: another cluster's writes go unseen. */
  identity?: Identity
  /** `--heartbeat` and the cluster's site: the meta is renewed that often; none: no heartbeat. */
  heartbeat?: HeartbeatOptions
  timing?: { watch?: WatchTiming; coalesce?: CoalesceTiming }
  /** Injected in tests. Milliseconds, as Date.now. */
  now?: () => number
}

/** Resync periods without a completed reconcile after which the agent reports itself stuck. */
export const STUCK_AFTER_RESYNCS = 3

export interface RunningAgent {
  snapshot: Snapshot
  /**
   * Leadership changes come from outside (leader election, or always-on without it). Losing it
   * resolves once a publish in flight has finished, so two leaders never write at once.
   */
  setLeader(leader: boolean): Promise<void>
  /** Liveness and readiness for the ops server. */
  health(): HealthStatus
  /** How the first publish as leader went: 'published' (or nothing to change), or 'failed'. */
  firstOutcome: Promise<'published' | 'failed'>
  /**
   * A reloaded configuration: kinds it adds are watched (and waited for before anything is
   * deleted), kinds it drops stop being watched and their names are deleted by the next run.
   */
  reconfigure(config: AgentConfig): Promise<void>
  /** A reload that failed (the running config stays): shown in /readyz detail; null clears it. */
  configProblem(message: string | null): void
  stop(): Promise<void>
}

export function startAgent(deps: AgentDeps): RunningAgent {
  const { log, metrics } = deps
  const snapshot = new Snapshot([])
  let leader = false
  let published = false
  let lastRunOk = true
  let conflict: string | null = null
  let configError: string | null = null
  let lastPublish: AgentState['lastPublish'] = null
  const now = deps.now ?? Date.now
  let lastProgressAt = now()
  let settleFirst!: (outcome: 'published' | 'failed') => void
  const firstOutcome = new Promise<'published' | 'failed'>((resolve) => (settleFirst = resolve))

  const controller = new Controller({
    config: deps.config,
    snapshot,
    publisher: deps.publisher,
    budget: deps.budget,
    identity: deps.identity,
    heartbeat: deps.heartbeat,
    isLeader: () => leader,
    events: {
      warning: (message) => log.warn(message, { component: 'render' }),
      published: (r) => {
        log.info('published', { names: r.names, puts: r.puts, deletes: r.deletes, heldBack: r.heldBack, retries: r.stats.retries, unsuccessfulKeys: r.stats.unsuccessfulKeys, seconds: r.seconds })
        lastPublish = { at: now(), names: r.names, puts: r.puts, deletes: r.deletes, seconds: r.seconds }
        const { retries, unsuccessfulKeys } = r.stats
        metrics.published({ puts: r.puts, deletes: r.deletes, retries, unsuccessfulKeys, seconds: r.seconds, records: r.names })
      },
      failed: (error) => {
        log.error('publish failed; will list KV and retry', { error: error.message })
        metrics.publishFailed(error instanceof PublishError ? error.stats : {})
      },
    },
  })

  const run = async (): Promise<void> => {
    let result: RunResult
    try {
      // Before rendering: a Service that now asks for its endpoints adds the EndpointSlice
      // watch, and the run waits for its first list instead of publishing the Service empty.
      await syncWatches()
      result = await controller.runOnce()
      lastRunOk = true
      if (!(result.kind === 'skipped' && result.reason === 'waiting for first list')) lastProgressAt = now()
    } catch {
      lastRunOk = false
      settleFirst('failed') // no effect once the first publish is done
      coalescer.poke() // retry after the coalescer's minimum interval
      return
    }
    for (const status of snapshot.status()) metrics.objects(status.kind, status.objects)
    const nowConflict = result.kind === 'conflict' ? result.reason : null
    if (nowConflict !== conflict) {
      if (nowConflict) log.error(nowConflict, { component: 'owner' })
      else if (conflict) log.info('owner no longer published by another cluster: publishing', { component: 'owner' })
      conflict = nowConflict
      metrics.ownerConflict(conflict !== null)
    }
    if (conflict) settleFirst('failed')
    if (deps.budget) {
      const held = result.kind === 'published' || result.kind === 'over budget' ? result.overBudget : 0
      metrics.writeBudget(deps.budget.remaining(), held)
      if (held > 0) log.warn('KV write budget spent for today: changes held until 00:00 UTC', { held, perDay: deps.budget.perDay })
    }
    if (result.kind === 'published' || result.kind === 'unchanged' || result.kind === 'over budget') {
      if (!published) {
        published = true
        const notListed = snapshot.status().filter((k) => !k.known).map((k) => k.kind)
        log.info('first sync done', { names: result.names, mode: controller.mode, ...(notListed.length ? { notListed } : {}) })
        settleFirst('published')
      }
    }
  }
  const coalescer = new Coalescer(run, deps.timing?.coalesce ?? defaultCoalesce)

  const client = kubeClient(deps.kc)
  const watchers = new Map<string, KindWatcher>()
  const watch = (kind: WatchedKind): void => {
    snapshot.addKind(kind.kind)
    watchers.set(kind.kind, watchKind(kind, {
      kc: deps.kc,
      client,
      snapshot,
      timing: deps.timing?.watch ?? defaultTiming,
      onChange: () => coalescer.poke(),
      onState: (k, state, error) => {
        if (state !== 'pending') metrics.kindState(k, state)
        const entry = snapshot.status().find((s) => s.kind === k)
        const fields = { kind: k, state, objects: entry?.objects ?? 0, ...(error ? { error } : {}) }
        if (state === 'listed') log.info('kind listed', fields)
        else if (state === 'absent') log.info('kind not installed; checking again later', fields)
        else log.warn(`kind ${state}; keeping its last good objects`, fields)
      },
      onRestart: (k, reason) => metrics.watchRestarted(k, reason),
    }))
  }
  let config = deps.config
  /** Only while some Service asks for its endpoints (or --endpoint-health) are EndpointSlices watched. */
  const endpointSlices = (): boolean => wantsEndpointSlices(config, snapshot.objectsOf('Service'))
  /**
   * Starts and stops watchers to match the configuration and what the Services ask for; a kind
   * no longer watched leaves the snapshot, so its names (or what it gave) go with the next run.
   */
  const syncWatches = async (): Promise<void> => {
    const wanted = kindsFor(config.resources, { endpointSlices: endpointSlices() })
    const names = new Set<string>(wanted.map((k) => k.kind))
    for (const [kind, watcher] of [...watchers]) {
      if (names.has(kind)) continue
      watchers.delete(kind)
      if (kind === 'EndpointSlice') log.info('no Service asks for its endpoints any more: EndpointSlices no longer watched', {})
      await watcher.stop()
      snapshot.dropKind(kind)
    }
    for (const kind of wanted) {
      if (watchers.has(kind.kind)) continue
      if (kind.kind === 'EndpointSlice') log.info('a Service asks for its endpoints: watching EndpointSlices', {})
      watch(kind)
    }
  }
  for (const kind of kindsFor(config.resources, { endpointSlices: endpointSlices() })) watch(kind)

  const resync = setInterval(() => {
    controller.resync()
    coalescer.poke()
  }, deps.resyncMs)
  resync.unref()
  // A run without a KV listing: the controller renews the heartbeat when it is due (a leader
  // with nothing new to say still writes its meta once a beat).
  const beating = deps.heartbeat ? setInterval(() => coalescer.poke(), deps.heartbeat.every * 1000) : undefined
  beating?.unref()

  return {
    snapshot,
    firstOutcome,
    async setLeader(value) {
      if (value === leader) return
      leader = value
      metrics.leader(value)
      log.info(value ? 'leading: publishing' : 'standing by', {})
      controller.resync()
      if (value) coalescer.poke()
      else await coalescer.idle()
    },
    health() {
      const budget = deps.budget ? { perDay: deps.budget.perDay, remaining: deps.budget.remaining() } : null
      const state = { kinds: snapshot.status(), leader, published, lastRunOk, lastProgressAt, conflict, configError, lastPublish, budget }
      return agentHealth(state, now(), STUCK_AFTER_RESYNCS * deps.resyncMs)
    },
    async reconfigure(next) {
      config = next
      await syncWatches()
      controller.setConfig(next)
      coalescer.poke()
    },
    configProblem(message) {
      configError = message
    },
    async stop() {
      clearInterval(resync)
      clearInterval(beating)
      await Promise.all([...watchers.values()].map((w) => w.stop()))
      await coalescer.stop()
    },
  }
}
