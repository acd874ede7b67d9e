/**
 * Leader election over a coordination.k8s.io/v1 Lease, as client-go's leaderelection does it, so
 * that of several replicas exactly one publishes to KV:
 *
 * - A candidate takes the lease when it is absent, released (no holder), already its own, or
 *   expired. Expiry is judged on this candidate's clock: the lease is expired when its
 *   resourceVersion has not changed for leaseDuration since this candidate first saw it.
 *   Comparing renewTime with the local clock instead would let skew between nodes end a valid
 *   lease early; client-go uses observed time for the same reason.
 * - Every write carries the resourceVersion it read: the API server rejects a stale one with
 *   409 Conflict, so of two candidates racing for an expired lease only one wins.
 * - The leader renews every retryPeriod. When it cannot renew for renewDeadline (< leaseDuration)
 *   it stops leading, before any standby can consider the lease expired; when it sees another
 *   holder it stops at once.
 * - On shutdown the leader first stops its work (onStoppedLeading), then releases the lease by
 *   clearing holderIdentity, so a standby takes over within a retryPeriod instead of waiting
 *   for expiry.
 *
 * After losing the lease a candidate goes back to standby: the callbacks may alternate.
 */
import { type Logger, silentLogger } from './log.ts'

export interface LeaseSpec {
  /** null: nobody holds the lease (never taken, or released). */
  holderIdentity: string | null
  leaseDurationSeconds: number
  acquireTime: Date | null
  renewTime: Date | null
  leaseTransitions: number
}

export interface Lease {
  resourceVersion: string
  spec: LeaseSpec
}

/** A write lost the optimistic-concurrency race (HTTP 409: stale resourceVersion, or exists). */
export class LeaseConflictError extends Error {}

/** What election needs of the API server; `leaseApiFrom` (lease-client.ts) adapts client-node's. */
export interface LeaseApi {
  /** null when the lease does not exist. */
  get(namespace: string, name: string): Promise<Lease | null>
  /** LeaseConflictError when it already exists. */
  create(namespace: string, name: string, spec: LeaseSpec): Promise<Lease>
  /** LeaseConflictError when `lease.resourceVersion` is no longer current. */
  replace(namespace: string, name: string, lease: Lease): Promise<Lease>
}

/** Seconds, as in client-go's LeaderElectionConfig. */
export interface LeaderDurations {
  leaseDuration: number
  renewDeadline: number
  retryPeriod: number
}

export const DEFAULT_DURATIONS: LeaderDurations = {
  leaseDuration: 15,
  renewDeadline: 10,
  retryPeriod: 2,
}

/** client-go's JitterFactor: a standby waits retryPeriod * (1 + random * 1.2) between tries. */
export const JITTER_FACTOR = 1.2

export interface Clock {
  /** Milliseconds, as Date.now. */
  now(): number
  /** Resolves after ms, or at once when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: Date.now,
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, { once: true })
    }),
}

export interface LeaderElectionOptions {
  api: LeaseApi
  namespace: string
  name: string
  /** Unique per candidate: the pod name. */
  identity: string
  durations?: Partial<LeaderDurations>
  clock?: Clock
  /** For the standby's jitter. */
  random?: () => number
  /**
   * Called when this candidate becomes leader; not awaited (it may run for as long as it
   * leads). `leading` aborts when leadership ends, before onStoppedLeading is called.
   */
  onStartedLeading: (leading: AbortSignal) => void | Promise<void>
  /** Called, and awaited, when leadership ends: lost, or on shutdown before the release. */
  onStoppedLeading: () => void | Promise<void>
  /** Called when the observed holder changes (null: released). */
  onNewLeader?: (identity: string | null) => void
  log?: Logger
  /** Abort to shut down: stops leading, releases the lease, and resolves the returned promise. */
  signal: AbortSignal
}

type Attempt = 'acquired' | 'taken' | 'conflict' | 'timeout'

/** Runs until `signal` aborts; then releases the lease if held. Never rejects for API errors. */
export async function runLeaderElection(options: LeaderElectionOptions): Promise<void> {
  const { api, namespace, name, identity, signal } = options
  const durations = { ...DEFAULT_DURATIONS, ...options.durations }
  validateDurations(durations)
  const clock = options.clock ?? systemClock
  const random = options.random ?? Math.random
  const log = (options.log ?? silentLogger).child({ lease: `${namespace}/${name}`, identity })
  const ms = {
    lease: durations.leaseDuration * 1000,
    renew: durations.renewDeadline * 1000,
    retry: durations.retryPeriod * 1000,
  }

  /** The last lease read or written, and when (local clock) its resourceVersion was first seen. */
  let observed: Lease | null = null
  let observedAt = 0
  /** When our last successful write started: the renewTime it wrote, so deadlines count from it. */
  let wroteAt = 0

  function observe(lease: Lease, now: number) {
    if (lease.resourceVersion === observed?.resourceVersion) return
    const previous = observed?.spec.holderIdentity
    observed = lease
    observedAt = now
    if (lease.spec.holderIdentity !== previous) {
      log.info('lease holder changed', { holder: lease.spec.holderIdentity })
      options.onNewLeader?.(lease.spec.holderIdentity)
    }
  }

  const ours = (spec: LeaseSpec, now: number, keep: boolean): LeaseSpec => ({
    holderIdentity: identity,
    leaseDurationSeconds: durations.leaseDuration,
    acquireTime: keep ? spec.acquireTime : new Date(now),
    renewTime: new Date(now),
    leaseTransitions: keep ? spec.leaseTransitions : spec.leaseTransitions + 1,
  })

  async function tryAcquireOrRenew(): Promise<Attempt> {
    const now = clock.now()
    // The leader's renewal: one write over what it wrote last. A conflict means the lease
    // changed under us: read it and decide below.
    if (observed?.spec.holderIdentity === identity) {
      try {
        const lease = {
          resourceVersion: observed.resourceVersion,
          spec: ours(observed.spec, now, true),
        }
        observe(await api.replace(namespace, name, lease), now)
        wroteAt = now
        return 'acquired'
      } catch (error) {
        if (!(error instanceof LeaseConflictError)) throw error
      }
    }
    const current = await api.get(namespace, name)
    if (current === null) {
      const fresh: LeaseSpec = { ...ours(EMPTY, now, false), leaseTransitions: 0 }
      return write(() => api.create(namespace, name, fresh), now)
    }
    observe(current, now)
    const holder = current.spec.holderIdentity
    const duration = (current.spec.leaseDurationSeconds || durations.leaseDuration) * 1000
    if (holder && holder !== identity && now < observedAt + duration) return 'taken'
    const spec = ours(current.spec, now, holder === identity)
    return write(
      () => api.replace(namespace, name, { resourceVersion: current.resourceVersion, spec }),
      now,
    )
  }

  async function write(call: () => Promise<Lease>, now: number): Promise<Attempt> {
    try {
      observe(await call(), now)
      wroteAt = now
      return 'acquired'
    } catch (error) {
      if (error instanceof LeaseConflictError) return 'conflict'
      throw error
    }
  }

  /**
   * One attempt, given up after `limitMs`: an API call must not hang the loop past a deadline.
   * A standby's attempt also ends on shutdown; a leader's renewal is let finish (within the
   * deadline) so that the release writes over the newest resourceVersion.
   */
  async function attempt(limitMs: number, leading: boolean): Promise<Attempt | 'error'> {
    const timer = new AbortController()
    const call = tryAcquireOrRenew()
    call.catch(() => {}) // a late failure after the timeout won is not an unhandled rejection
    const stop = leading ? timer.signal : AbortSignal.any([timer.signal, signal])
    const timeout = clock.sleep(limitMs, stop).then(() => 'timeout' as const)
    try {
      return await Promise.race([call, timeout])
    } catch (error) {
      log.warn('lease request failed', { error: describe(error) })
      return 'error'
    } finally {
      timer.abort()
    }
  }

  /** Standby: try every retryPeriod (jittered) until the lease is ours. False on shutdown. */
  async function acquire(): Promise<boolean> {
    while (!signal.aborted) {
      if ((await attempt(ms.renew, false)) === 'acquired') return true
      await clock.sleep(ms.retry * (1 + random() * JITTER_FACTOR), signal)
    }
    return false
  }

  /** Leader: renew every retryPeriod until the deadline passes, another holds it, or shutdown. */
  async function renew(): Promise<string | null> {
    let renewedAt = wroteAt
    while (!signal.aborted) {
      await clock.sleep(ms.retry, signal)
      for (;;) {
        if (signal.aborted) return null
        const left = renewedAt + ms.renew - clock.now()
        if (left <= 0) return `could not renew for ${durations.renewDeadline}s`
        const result = await attempt(left, true)
        if (result === 'acquired') {
          renewedAt = wroteAt
          log.debug('lease renewed')
          break
        }
        if (result === 'taken') return `lease taken by ${observed?.spec.holderIdentity}`
        if (result !== 'timeout') await clock.sleep(Math.min(ms.retry, Math.max(0, left)), signal)
      }
    }
    return null
  }

  async function release() {
    const lease = observed
    if (lease?.spec.holderIdentity !== identity) return
    const now = clock.now()
    const spec: LeaseSpec = {
      ...lease.spec,
      holderIdentity: null,
      leaseDurationSeconds: 1,
      acquireTime: new Date(now),
      renewTime: new Date(now),
    }
    try {
      observe(
        await api.replace(namespace, name, { resourceVersion: lease.resourceVersion, spec }),
        now,
      )
      log.info('lease released')
    } catch (error) {
      log.warn('lease release failed; a standby takes over when it expires', {
        error: describe(error),
      })
    }
  }

  while (!signal.aborted) {
    if (!(await acquire())) break
    log.info('started leading')
    const leading = new AbortController()
    Promise.resolve()
      .then(() => options.onStartedLeading(leading.signal))
      .catch((error: unknown) => log.error('onStartedLeading failed', { error: describe(error) }))
    const lost = await renew()
    if (lost) log.warn('stopped leading', { reason: lost })
    else log.info('stopped leading: shutting down')
    leading.abort()
    try {
      await options.onStoppedLeading()
    } catch (error) {
      log.error('onStoppedLeading failed', { error: describe(error) })
    }
    if (!lost) await release()
  }
}

const EMPTY: LeaseSpec = {
  holderIdentity: null,
  leaseDurationSeconds: 0,
  acquireTime: null,
  renewTime: null,
  leaseTransitions: 0,
}

/** client-go's checks: the leader must give up before a standby may take over. */
export function validateDurations(d: LeaderDurations): void {
  if (!(d.retryPeriod > 0)) throw new Error('retryPeriod must be greater than zero')
  if (!(d.renewDeadline > JITTER_FACTOR * d.retryPeriod)) {
    throw new Error(`renewDeadline must be greater than retryPeriod*${JITTER_FACTOR}`)
  }
  if (!(d.leaseDuration > d.renewDeadline)) {
    throw new Error('leaseDuration must be greater than renewDeadline')
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error))
