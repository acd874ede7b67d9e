/** Leader election against an in-memory Lease API, in virtual time. */
import { beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../../sync-agent/ops/log.ts'
import {
  DEFAULT_DURATIONS,
  runLeaderElection,
  validateDurations,
} from '../../../sync-agent/ops/leader.ts'
import { FakeLeaseStore, VirtualClock } from './fakes.ts'

const NS = 'k8s-gateway-doh'
const NAME = 'sync-agent'
const KEY = `${NS}/${NAME}`

let clock: VirtualClock
let store: FakeLeaseStore
let lines: Record<string, unknown>[]

beforeEach(() => {
  clock = new VirtualClock()
  store = new FakeLeaseStore(clock)
  lines = []
})

class Candidate {
  leading = false
  started: number[] = []
  stopped: number[] = []
  holderWhenStopped: (string | null)[] = []
  signal: AbortSignal | null = null
  readonly done: Promise<void>
  readonly #shutdown = new AbortController()

  constructor(readonly identity: string) {
    const log = createLogger({
      level: 'debug',
      stream: { write: (line) => void lines.push(JSON.parse(line)) },
      now: () => new Date(clock.now()),
    })
    this.done = runLeaderElection({
      api: store.as(identity),
      namespace: NS,
      name: NAME,
      identity,
      clock,
      random: () => 0,
      log,
      signal: this.#shutdown.signal,
      onStartedLeading: (signal) => {
        this.leading = true
        this.signal = signal
        this.started.push(clock.now())
      },
      onStoppedLeading: () => {
        this.leading = false
        this.stopped.push(clock.now())
        this.holderWhenStopped.push(lease()?.spec.holderIdentity ?? null)
      },
    })
  }

  stop() {
    this.#shutdown.abort()
    return this.done
  }
}

const lease = () => store.leases.get(KEY)
const leaders = (...cs: Candidate[]) => cs.filter((c) => c.leading).map((c) => c.identity)
/** Never two leaders, at any step of virtual time. */
const atMostOne =
  (...cs: Candidate[]) =>
  () =>
    expect(leaders(...cs).length).toBeLessThanOrEqual(1)

describe('leader election', () => {
  it('of two candidates started together, exactly one leads and keeps leading', async () => {
    const a = new Candidate('a')
    const b = new Candidate('b')
    await clock.advance(120_000, atMostOne(a, b))
    expect(leaders(a, b)).toHaveLength(1)
    const [leader] = a.leading ? [a] : [b]
    expect(leader.started).toHaveLength(1)
    expect(a.stopped.length + b.stopped.length).toBe(0)
    expect(lease()?.spec).toMatchObject({ holderIdentity: leader.identity, leaseTransitions: 0 })
    // Both found no lease and raced to create it: the loser got a 409 and stayed standby.
    expect(
      store.writes
        .filter((w) => w.op === 'create')
        .map((w) => w.ok)
        .sort(),
    ).toEqual([false, true])
    // The leader renews every retryPeriod: the lease never looks stale.
    expect(clock.now() - lease()!.spec.renewTime!.getTime()).toBeLessThanOrEqual(2000)
    await Promise.all([a.stop(), b.stop()])
  })

  it('when the leader cannot renew, it stops by renewDeadline and the other takes over after expiry', async () => {
    const a = new Candidate('a')
    await clock.advance(1000)
    const b = new Candidate('b')
    await clock.advance(30_000, atMostOne(a, b))
    expect(leaders(a, b)).toEqual(['a'])
    const acquiredAt = lease()!.spec.acquireTime!.getTime()

    store.faults.set('a', 'down')
    const lastRenew = lease()!.spec.renewTime!.getTime()
    await clock.advance(60_000, atMostOne(a, b))

    expect(a.stopped).toHaveLength(1)
    expect(a.stopped[0]! - lastRenew).toBeLessThanOrEqual(DEFAULT_DURATIONS.renewDeadline * 1000)
    expect(a.signal?.aborted).toBe(true)
    // b waited for the lease to expire on its own clock: 15 s unchanged since it saw it.
    const takeover = b.started[0]! - lastRenew
    expect(takeover).toBeGreaterThanOrEqual(DEFAULT_DURATIONS.leaseDuration * 1000)
    expect(takeover).toBeLessThanOrEqual((DEFAULT_DURATIONS.leaseDuration + 2 * 2) * 1000)
    expect(lease()?.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 })
    expect(lease()!.spec.acquireTime!.getTime()).toBeGreaterThan(acquiredAt)
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'stopped leading',
        identity: 'a',
        reason: 'could not renew for 10s',
      }),
    )

    // a comes back as a standby and does not disturb b.
    store.faults.delete('a')
    await clock.advance(60_000, atMostOne(a, b))
    expect(leaders(a, b)).toEqual(['b'])
    expect(b.stopped).toHaveLength(0)
    await Promise.all([a.stop(), b.stop()])
  })

  it('counts the renew deadline from when its write started, not when a slow answer came', async () => {
    store.latency.set('a', 3000) // get + create: 6 s
    const a = new Candidate('a')
    await clock.advance(7000)
    expect(a.leading).toBe(true)
    store.faults.set('a', 'down')
    const wrote = lease()!.spec.renewTime!.getTime()
    await clock.advance(30_000)
    expect(a.stopped[0]! - wrote).toBeLessThanOrEqual(10_000)
    await a.stop()
  })

  it('a leader whose API calls hang stops by the deadline, not when the calls return', async () => {
    const a = new Candidate('a')
    await clock.advance(5000)
    store.faults.set('a', 'hang')
    const lastRenew = lease()!.spec.renewTime!.getTime()
    await clock.advance(20_000)
    expect(a.leading).toBe(false)
    expect(a.stopped[0]! - lastRenew).toBeLessThanOrEqual(10_000)
    store.faults.delete('a')
    await a.stop()
  })

  it('on shutdown the leader stops its work, then releases, and the standby takes over at once', async () => {
    const a = new Candidate('a')
    await clock.advance(1000)
    const b = new Candidate('b')
    await clock.advance(20_000, atMostOne(a, b))
    expect(leaders(a, b)).toEqual(['a'])

    const stoppedAt = clock.now()
    await a.stop()
    // onStoppedLeading ran while a still held the lease: no window with two publishers.
    expect(a.holderWhenStopped).toEqual(['a'])
    expect(lease()?.spec.holderIdentity).toBeNull()
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'lease released', identity: 'a' }))

    await clock.advance(10_000, atMostOne(a, b))
    expect(leaders(a, b)).toEqual(['b'])
    // Within one retryPeriod, far sooner than the 15 s lease.
    expect(b.started[0]! - stoppedAt).toBeLessThanOrEqual(2000)
    expect(lease()?.spec).toMatchObject({
      holderIdentity: 'b',
      leaseTransitions: 1,
      leaseDurationSeconds: 15,
    })
    await b.stop()
    expect(lease()?.spec.holderIdentity).toBeNull()
  })

  it('a standby shutting down releases nothing and never leads', async () => {
    const a = new Candidate('a')
    await clock.advance(1000)
    const b = new Candidate('b')
    await clock.advance(5000)
    await b.stop()
    expect(b.started).toEqual([])
    expect(b.stopped).toEqual([])
    expect(lease()?.spec.holderIdentity).toBe('a')
    await a.stop()
  })

  it('a standby shuts down at once even while its API call hangs', async () => {
    store.faults.set('b', 'hang')
    const b = new Candidate('b')
    await clock.advance(1000)
    await b.stop()
    expect(b.started).toEqual([])
  })

  it('a foreign write to its lease is a conflict the leader resolves, not a loss', async () => {
    const a = new Candidate('a')
    await clock.advance(5000)
    store.touch(KEY) // e.g. kubectl annotate: new resourceVersion, same holder
    await clock.advance(10_000)
    expect(a.leading).toBe(true)
    expect(a.stopped).toEqual([])
    expect(store.writes.some((w) => w.by === 'a' && w.op === 'replace' && !w.ok)).toBe(true)
    expect(clock.now() - lease()!.spec.renewTime!.getTime()).toBeLessThanOrEqual(2000)
    await a.stop()
  })

  it('a leader that sees another holder stops at once, without waiting for the deadline', async () => {
    const a = new Candidate('a')
    await clock.advance(5000)
    const takenAt = clock.now()
    store.touch(KEY, { holderIdentity: 'c', renewTime: new Date(takenAt) })
    await clock.advance(3000)
    expect(a.leading).toBe(false)
    expect(a.stopped[0]! - takenAt).toBeLessThanOrEqual(2000)
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'stopped leading', reason: 'lease taken by c' }),
    )
    // c renews no more: a takes the lease back once it expires.
    await clock.advance(20_000)
    expect(a.leading).toBe(true)
    await a.stop()
  })

  it('a restarted candidate resumes its own lease at once, keeping acquireTime and transitions', async () => {
    const acquired = new Date(clock.now() - 60_000)
    store.leases.set(KEY, {
      resourceVersion: '100',
      spec: {
        holderIdentity: 'a',
        leaseDurationSeconds: 15,
        acquireTime: acquired,
        renewTime: new Date(clock.now() - 1000),
        leaseTransitions: 4,
      },
    })
    const a = new Candidate('a')
    await clock.advance(0)
    expect(a.leading).toBe(true)
    expect(lease()?.spec).toMatchObject({
      holderIdentity: 'a',
      acquireTime: acquired,
      leaseTransitions: 4,
    })
    await a.stop()
  })

  it('a standby does not take a lease that is valid, even if its renewTime looks old (clock skew)', async () => {
    store.leases.set(KEY, {
      resourceVersion: '7',
      spec: {
        holderIdentity: 'other',
        leaseDurationSeconds: 15,
        acquireTime: null,
        renewTime: new Date(clock.now() - 3_600_000),
        leaseTransitions: 0,
      },
    })
    const b = new Candidate('b')
    await clock.advance(14_000)
    expect(b.leading).toBe(false)
    await clock.advance(6000)
    expect(b.leading).toBe(true)
    expect(lease()?.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 })
    await b.stop()
  })

  it('keeps trying while the API server is down, and leads once it is back', async () => {
    store.faults.set('a', 'down')
    const a = new Candidate('a')
    await clock.advance(30_000)
    expect(a.leading).toBe(false)
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'lease request failed' }),
    )
    store.faults.delete('a')
    await clock.advance(5000)
    expect(a.leading).toBe(true)
    await a.stop()
  })

  it('rejects durations under which a standby could take over from a live leader', async () => {
    expect(() => validateDurations(DEFAULT_DURATIONS)).not.toThrow()
    expect(() =>
      validateDurations({ leaseDuration: 10, renewDeadline: 10, retryPeriod: 2 }),
    ).toThrow(/leaseDuration must be greater than renewDeadline/)
    expect(() =>
      validateDurations({ leaseDuration: 15, renewDeadline: 2, retryPeriod: 2 }),
    ).toThrow(/renewDeadline must be greater than retryPeriod/)
    await expect(
      runLeaderElection({
        api: store.as('a'),
        namespace: NS,
        name: NAME,
        identity: 'a',
        durations: { retryPeriod: 0 },
        onStartedLeading: () => {},
        onStoppedLeading: () => {},
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow(/retryPeriod/)
  })
})
