/**
 * Fakes for the leader election tests: virtual time, and an in-memory Lease API that enforces
 * what the API server enforces (resourceVersion checks, 409 on conflict or existing create).
 */
import type { Clock, Lease, LeaseApi, LeaseSpec } from '../../../sync-agent/ops/leader.ts'
import { LeaseConflictError } from '../../../sync-agent/ops/leader.ts'

const flush = () => new Promise<void>((resolve) => setImmediate(resolve))

interface Timer {
  at: number
  seq: number
  fire: () => void
}

/** Time moves only in `advance`; timers fire in order and every promise settles in between. */
export class VirtualClock implements Clock {
  time = 1_700_000_000_000
  #timers: Timer[] = []
  #seq = 0

  now = () => this.time

  sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve()
      const timer: Timer = { at: this.time + ms, seq: this.#seq++, fire: () => done() }
      const done = () => {
        this.#timers = this.#timers.filter((t) => t !== timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      signal?.addEventListener('abort', done, { once: true })
      this.#timers.push(timer)
    })

  /** Moves time forward by ms, firing due timers; `each` runs after every step (invariants). */
  async advance(ms: number, each?: () => void) {
    const end = this.time + ms
    for (;;) {
      await flush()
      each?.()
      const next = this.#timers
        .filter((t) => t.at <= end)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
      if (!next) break
      this.time = next.at
      next.fire()
    }
    this.time = end
    await flush()
    each?.()
  }
}

type Fault = 'down' | 'hang' | null

/** One Lease store; `as(identity)` gives each candidate its own line to it, which can fail. */
export class FakeLeaseStore {
  readonly leases = new Map<string, Lease>()
  readonly faults = new Map<string, Fault>()
  /** Per identity: how long (virtual ms) each of its calls takes. */
  readonly latency = new Map<string, number>()
  writes: { by: string; op: 'create' | 'replace'; ok: boolean }[] = []
  #rv = 0

  constructor(private readonly clock?: VirtualClock) {}

  as(identity: string): LeaseApi {
    const line = async () => {
      const latency = this.latency.get(identity)
      if (latency && this.clock) await this.clock.sleep(latency)
      const fault = this.faults.get(identity)
      if (fault === 'down') throw new Error('connect ECONNREFUSED')
      if (fault === 'hang') await new Promise(() => {})
    }
    return {
      get: async (namespace, name) => {
        await line()
        const lease = this.leases.get(`${namespace}/${name}`)
        return lease ? structuredClone(lease) : null
      },
      create: async (namespace, name, spec) => {
        await line()
        const ok = !this.leases.has(`${namespace}/${name}`)
        this.writes.push({ by: identity, op: 'create', ok })
        if (!ok) throw new LeaseConflictError('leases "x" already exists')
        return this.#store(`${namespace}/${name}`, spec)
      },
      replace: async (namespace, name, lease) => {
        await line()
        const current = this.leases.get(`${namespace}/${name}`)
        if (!current) throw Object.assign(new Error('not found'), { code: 404 })
        const ok = current.resourceVersion === lease.resourceVersion
        this.writes.push({ by: identity, op: 'replace', ok })
        if (!ok) throw new LeaseConflictError('the object has been modified')
        return this.#store(`${namespace}/${name}`, lease.spec)
      },
    }
  }

  /** A write by someone else (kubectl, another controller): bumps the resourceVersion. */
  touch(key: string, change: Partial<LeaseSpec> = {}) {
    const lease = this.leases.get(key)
    if (!lease) throw new Error(`no lease ${key}`)
    this.#store(key, { ...lease.spec, ...change })
  }

  #store(key: string, spec: LeaseSpec): Lease {
    const lease = { resourceVersion: String(++this.#rv), spec: structuredClone(spec) }
    this.leases.set(key, lease)
    return structuredClone(lease)
  }
}
