/**
 * A long Retry-After from the KV API, on fake timers: it is honoured in one wait (not cut to
 * our 30 s backoff cap and retried early, which only earns more 429s), up to a 5 minute
 * ceiling, and watch events keep being coalesced meanwhile so the next publish is the newest.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { kvEntries } from '../../src/core/recordset/keys.ts'
import { nameKey } from '../../src/core/recordset/keys.ts'
import { Controller } from '../../sync-agent/controller.ts'
import { plan } from '../../sync-agent/plan/plan.ts'
import { kvRestPublisher } from '../../sync-agent/publish/kv-rest.ts'
import { backoffMs, defaultRetry } from '../../sync-agent/publish/retry.ts'
import { Coalescer } from '../../sync-agent/coalescer.ts'
import { Snapshot } from '../../sync-agent/watch/snapshot.ts'
import { startFakeKvApi, type FakeKvApi } from '../helpers/fake-kv-api.ts'
import { recordSet } from '../helpers/recordset.ts'
import { ingress, testConfig } from './helpers.ts'

let api: FakeKvApi
beforeEach(async () => {
  api = await startFakeKvApi()
  // Only the timers the retry and the coalescer use: sockets keep their own.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
})
afterEach(async () => {
  vi.useRealTimers()
  await api.close()
})

/** Lets the HTTP round trips in flight finish while fake time stands still. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(0).then(() => new Promise((r) => setImmediate(r)))
}
const puts = () => api.requests.filter((r) => r.method === 'PUT').length

describe('Retry-After', () => {
  it('waits the whole 120 s a 429 asks for, once, then writes', async () => {
    api.faults.push({ status: 429, retryAfter: '120' })
    const retries: string[] = []
    const publisher = kvRestPublisher({ ...api, onRetry: (m) => void retries.push(m) })
    const desired = kvEntries(recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }))
    const done = publisher.apply(plan(desired, new Map(), 'default'))
    await settle()
    expect(retries).toEqual(['PUT /bulk: HTTP 429; retry 1 in 120000 ms'])
    await vi.advanceTimersByTimeAsync(119_000)
    await settle()
    expect(puts()).toBe(1) // not retried early
    await vi.advanceTimersByTimeAsync(1_000)
    await settle()
    await done
    expect(puts()).toBe(3) // the names again, then the meta
    expect(api.store.size).toBe(desired.size)
  })

  it('takes a Retry-After longer than the 5 minute ceiling as 5 minutes', () => {
    const policy = { ...defaultRetry, random: () => 0 }
    expect(backoffMs(policy, 1, 120_000)).toBe(120_000)
    expect(backoffMs(policy, 1, 3_600_000)).toBe(300_000)
    expect(backoffMs({ ...policy, random: () => 1 }, 10, null)).toBe(30_000) // our own cap
  })

  it('keeps coalescing while it waits: the publish after the wait carries the newest state', async () => {
    const snapshot = new Snapshot(['Ingress'])
    const web = (ip: string) => ingress('web', ['web.example.com'], [{ ip }])
    snapshot.replace('Ingress', [web('192.0.2.1')])
    const controller = new Controller({
      config: testConfig({ resources: ['Ingress'] }),
      snapshot,
      publisher: kvRestPublisher(api),
      isLeader: () => true,
      events: { warning() {}, published() {}, failed() {} },
    })
    let runs = 0
    const coalescer = new Coalescer(async () => void (runs++, await controller.runOnce()))
    api.faults.push({ pass: true }, { pass: true }, { status: 429, retryAfter: '120' })
    coalescer.poke()
    await vi.advanceTimersByTimeAsync(100)
    await settle()
    for (const ip of ['192.0.2.2', '192.0.2.3', '192.0.2.4']) {
      snapshot.upsert('Ingress', web(ip))
      coalescer.poke()
      await vi.advanceTimersByTimeAsync(10_000)
    }
    expect(runs).toBe(1)
    await vi.advanceTimersByTimeAsync(90_000)
    await settle()
    await vi.advanceTimersByTimeAsync(1_000)
    await settle()
    await coalescer.idle()
    expect(runs).toBe(2) // the three changes made during the wait, in one run
    expect(JSON.parse(api.store.get(nameKey('default', 'web.example.com'))!.value)).toEqual({ a: ['192.0.2.4'] })
    await coalescer.stop()
  })
})
