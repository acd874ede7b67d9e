/** The KV REST publisher under 429s, 5xx and hung requests: final state equals desired. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { kvEntries } from '../../src/core/recordset/keys.ts'
import { plan } from '../../sync-agent/plan/plan.ts'
import { batches, kvRestPublisher } from '../../sync-agent/publish/kv-rest.ts'
import type { RetryPolicy } from '../../sync-agent/publish/retry.ts'
import { defaultRetry, parseRetryAfter } from '../../sync-agent/publish/retry.ts'
import type { FakeKvApi } from '../helpers/fake-kv-api.ts'
import { startFakeKvApi } from '../helpers/fake-kv-api.ts'
import { recordSet } from '../helpers/recordset.ts'

let api: FakeKvApi
let waits: number[]
let retries: string[]
const fastRetry = (): RetryPolicy => ({ ...defaultRetry, attempts: 5, baseMs: 100, capMs: 5000, random: () => 1, sleep: async (ms) => void waits.push(ms) })
const world = (n: number) =>
  kvEntries(recordSet(Object.fromEntries(Array.from({ length: n }, (_, i) => [`h${i}.example.com`, { a: [`10.0.${i >> 8}.${i & 255}`] }]))))

beforeEach(async () => {
  api = await startFakeKvApi()
  waits = []
  retries = []
})
afterEach(() => api.close())

const publisher = (timeoutMs = 2000) =>
  kvRestPublisher({ ...api, timeoutMs, retry: fastRetry(), onRetry: (m) => void retries.push(m) })

const stored = () => new Map([...api.store].map(([k, v]) => [k, v.value]))

describe('KV REST faults', () => {
  it('retries 429 honouring Retry-After, and 5xx with backoff, until the state is as desired', async () => {
    api.faults.push({ status: 429, retryAfter: '3' }, { status: 503 }, { status: 500 })
    const desired = world(50)
    const stats = await publisher().apply(plan(desired, new Map(), 'default'))
    expect(stored()).toEqual(desired)
    expect(waits).toEqual([3000, 200, 400])
    expect(stats).toMatchObject({ puts: desired.size, retries: 3 })
    expect(retries[0]).toBe('PUT /bulk: HTTP 429; retry 1 in 3000 ms')
  })
  it('retries a request that hangs past the timeout', async () => {
    api.faults.push({ hang: true })
    const desired = world(3)
    await publisher(200).apply(plan(desired, new Map(), 'default'))
    expect(stored()).toEqual(desired)
    expect(retries[0]).toMatch(/^PUT \/bulk: request failed: .*; retry 1/)
  })
  it('gives up after the last attempt with an error that does not leak the token', async () => {
    api.faults.push(...Array.from({ length: 5 }, () => ({ status: 502 as const })))
    const error = await publisher().apply(plan(world(2), new Map(), 'default')).catch((e: Error) => e)
    expect(String(error)).toBe('Error: HTTP 502')
    expect(retries.join('\n')).not.toContain(api.token)
    // nothing lost: a later run with no faults converges from what is listed
    const desired = world(2)
    const p = publisher()
    await p.apply(plan(desired, await p.list('default'), 'default'))
    expect(stored()).toEqual(desired)
  })
  it('fails at once on a client error, naming the API error but not the token', async () => {
    const bad = kvRestPublisher({ ...api, token: 'wrong', retry: fastRetry() })
    const error = await bad.list('default').catch((e: Error) => e)
    expect(String(error)).toBe('Error: KV API GET /keys: HTTP 401 (10000: Authentication error)')
    expect(waits).toEqual([])
  })
  it('converges without duplicates when one write is retried after it landed', async () => {
    const desired = world(10)
    const p = publisher()
    await p.apply(plan(desired, new Map(), 'default'))
    await p.apply(plan(desired, new Map(), 'default')) // a replay of the same plan
    expect(stored()).toEqual(desired)
    expect(plan(desired, await p.list('default'), 'default').puts).toEqual([])
  })
  it('splits bulk writes at 10,000 keys and by bytes', async () => {
    const desired = world(10_500)
    await publisher().apply(plan(desired, new Map(), 'default'))
    // the names in two requests, then the owner's meta alone, last
    expect(api.requests.filter((r) => r.method === 'PUT').map((r) => r.keys)).toEqual([10_000, desired.size - 10_001, 1])
    const items = [{ key: 'a', value: 'x'.repeat(100) }, { key: 'b', value: 'x'.repeat(100) }, { key: 'c', value: 'x' }]
    expect(batches(items, 10, 250).map((b) => b.map((i) => i.key))).toEqual([['a'], ['b', 'c']])
  })
})

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7')).toBe(7000)
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:10 GMT', Date.parse('Wed, 25 Nov 2026 12:00:00 GMT'))).toBe(10_000)
    expect(parseRetryAfter('soon')).toBeNull()
    expect(parseRetryAfter(null)).toBeNull()
  })
})
