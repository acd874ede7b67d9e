/**
 * The KV REST publisher when a bulk request lands only in part: Workers KV answers 200 with
 * `unsuccessful_keys` that "should be retried". Exactly those go again; nothing counts as
 * published before the API confirmed it; the owner's meta key is written last; an agent that
 * stops between batches is finished by the next one without writing anything twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { kvEntries, metaKey } from '../../src/core/recordset/keys.ts'
import { Controller } from '../../sync-agent/controller.ts'
import { plan } from '../../sync-agent/plan/plan.ts'
import { kvRestPublisher } from '../../sync-agent/publish/kv-rest.ts'
import { PublishError } from '../../sync-agent/publish/publisher.ts'
import { defaultRetry, type RetryPolicy } from '../../sync-agent/publish/retry.ts'
import { Snapshot } from '../../sync-agent/watch/snapshot.ts'
import type { FakeKvApi } from '../helpers/fake-kv-api.ts'
import { startFakeKvApi } from '../helpers/fake-kv-api.ts'
import { recordSet, zoneMeta } from '../helpers/recordset.ts'
import { ingress, testConfig } from './helpers.ts'

let api: FakeKvApi
let waits: number[]
const retry = (attempts = 5): RetryPolicy => ({ ...defaultRetry, attempts, baseMs: 100, capMs: 5000, random: () => 1, sleep: async (ms) => void waits.push(ms) })
/** n names and the meta (no zones, so no name-server marker key). */
const world = (n: number) =>
  kvEntries(recordSet(Object.fromEntries(Array.from({ length: n }, (_, i) => [`h${i}.example.com`, { a: [`10.0.0.${i}`] }])), { zones: [] }))
const META = metaKey('default')
const everyOther = (key: string) => key !== META && Number(/h(\d+)\./.exec(key)?.[1]) % 2 === 1

beforeEach(async () => {
  api = await startFakeKvApi()
  waits = []
})
afterEach(() => api.close())

const publisher = (options: { attempts?: number; bulkKeys?: number } = {}) =>
  kvRestPublisher({ ...api, retry: retry(options.attempts), bulkKeys: options.bulkKeys })
const stored = () => new Map([...api.store].map(([k, v]) => [k, v.value]))
const writtenTwice = () => api.writes.filter((w, i) => api.writes.indexOf(w) !== i)

describe('KV REST: partial bulk failures', () => {
  it('sends exactly the unsuccessful keys again, with backoff, and counts them', async () => {
    api.faults.push({ unsuccessful: everyOther })
    const desired = world(8)
    const stats = await publisher().apply(plan(desired, new Map(), 'default'))
    expect(stored()).toEqual(desired)
    const puts = api.requests.filter((r) => r.method === 'PUT').map((r) => r.keys)
    expect(puts).toEqual([8, 4, 1]) // 8 names, the 4 refused again, then the meta alone
    expect(waits).toEqual([100])
    expect(stats).toMatchObject({ puts: 9, unsuccessfulKeys: 4, retries: 1 })
    expect(writtenTwice()).toEqual([])
  })

  it('writes the meta key last, after the names and the deletes', async () => {
    const p = publisher()
    await p.apply(plan(world(3), new Map(), 'default'))
    api.writes.length = 0
    // a new zone (a new meta), one changed name, two gone; the changed name lands on a retry
    const next = kvEntries(recordSet({ 'h0.example.com': { a: ['10.0.0.9'] } }, { zones: [zoneMeta('example.com', { ns: [] })] }))
    const changes = plan(next, await p.list('default'), 'default')
    api.faults.push({ unsuccessful: (k) => k.endsWith('h0.example.com') })
    await p.apply(changes)
    expect(api.writes.at(-1)).toBe(`put ${META}`)
    expect(api.writes.slice(0, -1).sort()).toEqual([
      'delete v1/name/default/h1.example.com',
      'delete v1/name/default/h2.example.com',
      'put v1/name/default/h0.example.com',
    ])
  })

  it('fails without announcing the meta when keys stay unsuccessful, and counts only what landed', async () => {
    api.faults.push(...Array.from({ length: 3 }, () => ({ unsuccessful: everyOther })))
    const desired = world(8)
    const error = await publisher({ attempts: 3 })
      .apply(plan(desired, new Map(), 'default'))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PublishError)
    expect((error as PublishError).stats).toMatchObject({ puts: 4, unsuccessfulKeys: 12 })
    expect(api.store.has(META)).toBe(false)
    // the next run lists what is really there and writes only what is missing
    const p = publisher()
    const rest = plan(desired, await p.list('default'), 'default')
    expect(rest.puts.map((x) => x.key)).toEqual([...[1, 3, 5, 7].map((i) => `v1/name/default/h${i}.example.com`), META])
    await p.apply(rest)
    expect(stored()).toEqual(desired)
    expect(writtenTwice()).toEqual([])
  })

  it('retries unsuccessful deletes the same way', async () => {
    const p = publisher()
    await p.apply(plan(world(4), new Map(), 'default'))
    const changes = plan(new Map(), await p.list('default'), 'default')
    api.faults.push({ unsuccessful: everyOther })
    const stats = await p.apply(changes)
    expect(api.store.size).toBe(0)
    expect(stats).toMatchObject({ deletes: 5, unsuccessfulKeys: 2 })
  })

  it('an agent stopped between batches is finished by the next, nothing written twice, the meta last', async () => {
    const desired = world(6)
    // the first batch lands; the agent dies before the next one does
    api.faults.push({ pass: true }, { status: 500 })
    await publisher({ attempts: 1, bulkKeys: 2 })
      .apply(plan(desired, new Map(), 'default'))
      .catch(() => {})
    expect(api.store.size).toBe(2)
    expect(api.store.has(META)).toBe(false)
    const next = publisher({ bulkKeys: 2 })
    await next.apply(plan(desired, await next.list('default'), 'default'))
    expect(stored()).toEqual(desired)
    expect(writtenTwice()).toEqual([])
    expect(api.writes.at(-1)).toBe(`put ${META}`)
  })

  it('the controller lists KV again after a partial failure instead of calling it unchanged', async () => {
    const config = testConfig({ resources: ['Ingress'] })
    const snapshot = new Snapshot(['Ingress'])
    snapshot.replace('Ingress', [ingress('web', ['a.example.com', 'b.example.com'], [{ ip: '192.0.2.1' }])])
    const events = { warning() {}, published() {}, failed() {} }
    const controller = new Controller({ config, snapshot, publisher: publisher({ attempts: 1 }), isLeader: () => true, events })
    // two listing requests (meta, names) go through; the names' bulk write loses b
    api.faults.push({ pass: true }, { pass: true }, { unsuccessful: (k) => k.endsWith('/b.example.com') })
    await expect(controller.runOnce()).rejects.toThrow('1 of 3 keys unsuccessful')
    expect(api.store.has(META)).toBe(false)
    expect(await controller.runOnce()).toMatchObject({ kind: 'published', puts: 2 }) // b and the meta
    expect(stored().size).toBe(4) // a, b, the name server's marker, the meta
  })
})
