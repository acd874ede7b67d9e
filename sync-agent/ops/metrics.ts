/**
 * Prometheus metrics of the sync agent, prefixed `k8s_gateway_doh_`. Each instance owns its
 * registry, never prom-client's global one: tests, and two agents in one process, don't collide.
 * The controller reports events (`published`, `kindState`, ...) and never touches prom-client.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { KindState } from '../watch/snapshot.ts'

export const PREFIX = 'k8s_gateway_doh_'

/** The `state` label values of kind_status: watch/snapshot.ts KindState, less `pending`. */
export const KIND_STATES = ['listed', 'absent', 'forbidden', 'failing'] as const satisfies readonly Exclude<KindState, 'pending'>[]

export interface PublishStats {
  /** KV keys written and deleted by this publish. */
  puts: number
  deletes: number
  /** Retried KV requests (429, 5xx, timeouts, bulk requests some keys of which failed). */
  retries: number
  /** Keys a bulk request reported unsuccessful (`unsuccessful_keys`), each sent again. */
  unsuccessfulKeys?: number
  /** Wall time of the publish, seconds. */
  seconds: number
  /** Records in the set now published; leaves the gauge as it was when omitted. */
  records?: number
}

export interface AgentMetricsOptions {
  /** Also collect prom-client's process and Node.js metrics (`process_*`, `nodejs_*`). */
  processMetrics?: boolean
  /** Injected so tests get a stable last-success time. Milliseconds, as Date.now. */
  now?: () => number
}

/** Seconds: a publish is one or a few KV REST calls, plus retries (30 s backoff, Retry-After up to 5 min). */
const PUBLISH_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]

export class AgentMetrics {
  readonly registry = new Registry()
  readonly contentType = this.registry.contentType
  readonly #now: () => number

  readonly #objects = new Gauge({
    name: `${PREFIX}objects`,
    help: 'Kubernetes objects seen, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  })
  readonly #records = this.#gauge('records_published', 'Records in the last successfully published record set.')
  readonly #duration = new Histogram({
    name: `${PREFIX}publish_duration_seconds`,
    help: 'Time to publish a record set to KV, by result (ok, error).',
    labelNames: ['result'] as const,
    buckets: PUBLISH_BUCKETS,
    registers: [this.registry],
  })
  readonly #writes = this.#counter('kv_writes_total', 'KV keys written.')
  readonly #deletes = this.#counter('kv_deletes_total', 'KV keys deleted.')
  readonly #retries = this.#counter('kv_retries_total', 'KV requests retried.')
  readonly #unsuccessful = this.#counter('kv_unsuccessful_keys_total', 'Keys a KV bulk request reported unsuccessful, and sent again.')
  readonly #errors = this.#counter('kv_errors_total', 'Publishes that failed after retries.')
  readonly #lastSuccess = this.#gauge('last_publish_success_timestamp_seconds', 'Unix time of the last successful publish; 0 before the first.')
  readonly #leader = this.#gauge('leader', '1 while this agent holds the leader lease and publishes, else 0.')
  readonly #kindStatus = new Gauge({
    name: `${PREFIX}kind_status`,
    help: 'Watch state per kind: 1 for the current state (listed, absent, forbidden, failing).',
    labelNames: ['kind', 'state'] as const,
    registers: [this.registry],
  })
  readonly #budgetLeft = this.#gauge('kv_write_budget_remaining', 'KV writes and deletes left today under --max-kv-writes-per-day (absent without it).')
  readonly #overBudget = this.#gauge('kv_changes_over_budget', 'Changes the last publish held because the daily KV write budget was spent.')
  readonly #ownerConflict = this.#gauge('owner_conflict', '1 while another cluster publishes under this owner id and this agent refuses to publish, else 0.')
  readonly #configReloads = this.#counter('config_reloads_total', 'Corefile reloads (file change or SIGHUP), by result: applied, unchanged, error (running config kept).', ['result'])
  readonly #watchRestarts = this.#counter('watch_restarts_total', 'Watches restarted, by kind and reason (e.g. expired, error, closed).', ['kind', 'reason'])

  constructor(options: AgentMetricsOptions = {}) {
    this.#now = options.now ?? Date.now
    // Series that exist from the start: a dashboard tells "0" from "no agent".
    this.#lastSuccess.set(0)
    this.#leader.set(0)
    this.#records.set(0)
    this.#ownerConflict.set(0)
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry })
  }

  /** Objects of one kind currently known (after a list, and as watch events arrive). */
  objects(kind: string, n: number): void {
    this.#objects.set({ kind }, n)
  }

  /** A publish succeeded (including one with nothing to change). */
  published(stats: PublishStats): void {
    this.#writes.inc(stats.puts)
    this.#deletes.inc(stats.deletes)
    this.#retries.inc(stats.retries)
    this.#unsuccessful.inc(stats.unsuccessfulKeys ?? 0)
    this.#duration.observe({ result: 'ok' }, stats.seconds)
    if (stats.records !== undefined) this.#records.set(stats.records)
    this.#lastSuccess.set(this.#now() / 1000)
  }

  /** A publish failed after its retries; only the keys the API confirmed count as written. */
  publishFailed(stats: Partial<PublishStats> = {}): void {
    this.#errors.inc()
    this.#writes.inc(stats.puts ?? 0)
    this.#deletes.inc(stats.deletes ?? 0)
    this.#unsuccessful.inc(stats.unsuccessfulKeys ?? 0)
    if (stats.retries) this.#retries.inc(stats.retries)
    if (stats.seconds !== undefined) this.#duration.observe({ result: 'error' }, stats.seconds)
  }

  /** One-hot: the kind's series for `state` is 1, its other states 0. */
  kindState(kind: string, state: Exclude<KindState, 'pending'>): void {
    for (const s of KIND_STATES) this.#kindStatus.set({ kind, state: s }, s === state ? 1 : 0)
  }

  /** Where the daily write budget stands after a run. */
  writeBudget(remaining: number, held: number): void {
    this.#budgetLeft.set(remaining)
    this.#overBudget.set(held)
  }

  configReload(result: 'applied' | 'unchanged' | 'error'): void {
    this.#configReloads.inc({ result })
  }

  ownerConflict(refusing: boolean): void {
    this.#ownerConflict.set(refusing ? 1 : 0)
  }

  watchRestarted(kind: string, reason: string): void {
    this.#watchRestarts.inc({ kind, reason })
  }

  leader(isLeader: boolean): void {
    this.#leader.set(isLeader ? 1 : 0)
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics()
  }

  #gauge(name: string, help: string): Gauge {
    return new Gauge({ name: `${PREFIX}${name}`, help, registers: [this.registry] })
  }

  #counter(name: string, help: string, labelNames: string[] = []): Counter {
    return new Counter({ name: `${PREFIX}${name}`, help, labelNames, registers: [this.registry] })
  }
}
