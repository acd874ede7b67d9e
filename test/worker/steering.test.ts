/**
 * Several owners steered by where the query comes from (`request.cf`) and by heartbeats, in the
 * Workers runtime: nearest, failover, staleness, and the warm path never serving an answer
 * chosen for one place to another.
 */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import worker from '../../src/index.ts'
import type { Env } from '../../src/env.ts'
import type { Heartbeat } from '../../src/core/recordset/schema.ts'
import { AnswerCache } from '../../src/doh/answer-cache.ts'
import type { QueryEvent } from '../../src/observe/query-event.ts'
import { decodeResponse, getUrl, query } from '../helpers/dns.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

const NOW = Date.parse('2026-12-01T12:00:00Z')
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString()
const live = (extra: Partial<Heartbeat> = {}): Heartbeat => ({ at: ago(5), every: 60, ...extra })
const dead = (extra: Partial<Heartbeat> = {}): Heartbeat => ({ at: ago(3600), every: 60, ...extra })

const FRANKFURT = { latitude: 50.11, longitude: 8.68 }
const SYDNEY = { latitude: -33.87, longitude: 151.21 }
const BERLIN = { latitude: '52.52000', longitude: '13.40500', continent: 'EU', country: 'DE', colo: 'FRA' }
const MELBOURNE = { latitude: '-37.81400', longitude: '144.96332', continent: 'OC', country: 'AU', colo: 'MEL' }

const EU_IP = '192.0.2.1'
const AP_IP = '198.51.100.1'

/** Two clusters serving `name`, each with its own address; `only` names only one of them has. */
async function twoClusters(name: string, beats: { eu: Heartbeat; ap: Heartbeat }, only: { eu?: string; ap?: string } = {}): Promise<void> {
  await publish(
    recordSet({ [name]: { a: [EU_IP] }, ...(only.eu ? { [only.eu]: { a: ['192.0.2.99'] } } : {}) }, { owner: 'eu', heartbeat: beats.eu }),
    recordSet({ [name]: { a: [AP_IP] }, ...(only.ap ? { [only.ap]: { a: ['198.51.100.99'] } } : {}) }, { owner: 'ap', heartbeat: beats.ap }),
  )
}

const from = (cf: object | null, name: string, type = 'A'): Request => new Request(getUrl(query(name, type)), (cf ? { cf } : {}) as RequestInit)
const addresses = async (res: Response): Promise<string[]> => ((await decodeResponse(res)).answers ?? []).map((a) => String(a.data)).sort()

function app(vars: Partial<Env>, extra: Parameters<typeof testApp>[0] = {}) {
  return testApp({ owners: ['eu', 'ap'], env: vars, now: () => NOW, ...extra })
}

describe('nearest', () => {
  it('answers each place with the nearest live owner', async () => {
    await twoClusters('near.example.com', { eu: live(FRANKFURT), ap: live(SYDNEY) })
    const a = app({ STEERING: 'nearest' })
    expect(await addresses(await a.fetch(from(BERLIN, 'near.example.com')))).toEqual([EU_IP])
    expect(await addresses(await a.fetch(from(MELBOURNE, 'near.example.com')))).toEqual([AP_IP])
  })
  it('passes over the nearest owner when it is stale', async () => {
    await twoClusters('near-stale.example.com', { eu: dead(FRANKFURT), ap: live(SYDNEY) })
    expect(await addresses(await app({ STEERING: 'nearest' }).fetch(from(BERLIN, 'near-stale.example.com')))).toEqual([AP_IP])
  })
  it('answers with every owner when the query has no location (no cf)', async () => {
    await twoClusters('near-nowhere.example.com', { eu: live(FRANKFURT), ap: live(SYDNEY) })
    expect(await addresses(await app({ STEERING: 'nearest' }).fetch(from(null, 'near-nowhere.example.com')))).toEqual([EU_IP, AP_IP])
  })
  it('answers from the far owner a name the near one does not have', async () => {
    await twoClusters('near-x.example.com', { eu: live(FRANKFURT), ap: live(SYDNEY) }, { ap: 'ap-only.example.com' })
    expect(await addresses(await app({ STEERING: 'nearest' }).fetch(from(BERLIN, 'ap-only.example.com')))).toEqual(['198.51.100.99'])
  })
  it('steers the JSON API the same way', async () => {
    await twoClusters('near-json.example.com', { eu: live(FRANKFURT), ap: live(SYDNEY) })
    const res = await app({ STEERING: 'nearest' }).fetch(new Request('http://doh.test/resolve?name=near-json.example.com&type=A', { cf: MELBOURNE } as RequestInit))
    expect(((await res.json()) as { Answer: { data: string }[] }).Answer.map((a) => a.data)).toEqual([AP_IP])
  })
})

describe('failover', () => {
  it('answers from the first owner of STEERING_ORDER alone, wherever the query comes from', async () => {
    await twoClusters('fo.example.com', { eu: live(FRANKFURT), ap: live(SYDNEY) })
    const a = app({ STEERING: 'failover', STEERING_ORDER: 'ap,eu' })
    expect(await addresses(await a.fetch(from(BERLIN, 'fo.example.com')))).toEqual([AP_IP])
    expect(await addresses(await a.fetch(from(MELBOURNE, 'fo.example.com')))).toEqual([AP_IP])
  })
  it('moves to the next owner when the first is stale', async () => {
    await twoClusters('fo-stale.example.com', { eu: live(FRANKFURT), ap: dead(SYDNEY) })
    expect(await addresses(await app({ STEERING: 'failover', STEERING_ORDER: 'ap,eu' }).fetch(from(BERLIN, 'fo-stale.example.com')))).toEqual([EU_IP])
  })
  it('follows OWNERS order without STEERING_ORDER', async () => {
    await twoClusters('fo-owners.example.com', { eu: live(), ap: live() })
    expect(await addresses(await app({ STEERING: 'failover' }).fetch(from(MELBOURNE, 'fo-owners.example.com')))).toEqual([EU_IP])
  })
})

describe('staleness under all (the default)', () => {
  it('drops a stale owner’s addresses from a name a live owner also serves', async () => {
    await twoClusters('st.example.com', { eu: dead(), ap: live() })
    expect(await addresses(await app({}).fetch(from(BERLIN, 'st.example.com')))).toEqual([AP_IP])
  })
  it('keeps a stale owner that alone serves a name', async () => {
    await twoClusters('st2.example.com', { eu: dead(), ap: live() }, { eu: 'eu-only.example.com' })
    expect(await addresses(await app({}).fetch(from(BERLIN, 'eu-only.example.com')))).toEqual(['192.0.2.99'])
  })
  it('serves every owner when all are stale', async () => {
    await twoClusters('st3.example.com', { eu: dead(), ap: dead() })
    expect(await addresses(await app({}).fetch(from(BERLIN, 'st3.example.com')))).toEqual([EU_IP, AP_IP])
  })
  it('honours STALE_AFTER over the owners’ own heartbeats', async () => {
    await twoClusters('st4.example.com', { eu: live({ at: ago(100) }), ap: live() })
    expect(await addresses(await app({}).fetch(from(BERLIN, 'st4.example.com')))).toEqual([EU_IP, AP_IP]) // 100 s < 3 x 60 s + 60 s
    expect(await addresses(await app({ STALE_AFTER: '90' }).fetch(from(BERLIN, 'st4.example.com')))).toEqual([AP_IP])
  })
  it('serves as today from owners without heartbeats (older agents)', async () => {
    await publish(recordSet({ 'old.example.com': { a: [EU_IP] } }, { owner: 'eu' }), recordSet({ 'old.example.com': { a: [AP_IP] } }, { owner: 'ap' }))
    expect(await addresses(await app({ STEERING: 'nearest' }).fetch(from(BERLIN, 'old.example.com')))).toEqual([EU_IP, AP_IP])
  })
})

describe('the warm path', () => {
  it('never serves an answer kept for one place to another, and serves it again to the first', async () => {
    await twoClusters('warm.example.com', { eu: live(FRANKFURT), ap: live(SYDNEY) })
    const events: QueryEvent[] = []
    const a = app({ STEERING: 'nearest' }, { answers: new AnswerCache(() => NOW), observe: (e) => events.push(e) })
    expect(await addresses(await a.fetch(from(BERLIN, 'warm.example.com')))).toEqual([EU_IP])
    expect(await addresses(await a.fetch(from(MELBOURNE, 'warm.example.com')))).toEqual([AP_IP])
    expect(await addresses(await a.fetch(from(BERLIN, 'warm.example.com')))).toEqual([EU_IP])
    expect(await addresses(await a.fetch(from({ ...BERLIN, latitude: '48.13', longitude: '11.58' }, 'warm.example.com')))).toEqual([EU_IP]) // Munich: the same route
    expect(await addresses(await a.fetch(from(MELBOURNE, 'warm.example.com')))).toEqual([AP_IP])
    expect(events.map((e) => e.source)).toEqual(['records', 'records', 'cached', 'cached', 'cached'])
  })
  it('keeps an answer under the owners that were live: one going stale is not served from the cache', async () => {
    await twoClusters('warm-stale.example.com', { eu: live({ at: ago(230) }), ap: live() })
    let now = NOW
    const events: QueryEvent[] = []
    const a = testApp({ owners: ['eu', 'ap'], now: () => now, answers: new AnswerCache(() => now), observe: (e) => events.push(e) })
    expect(await addresses(await a.fetch(from(BERLIN, 'warm-stale.example.com')))).toEqual([EU_IP, AP_IP])
    now += 20_000 // eu's heartbeat is now 250 s old, past 3 x 60 s + 60 s; the KV values are still cached
    expect(await addresses(await a.fetch(from(BERLIN, 'warm-stale.example.com')))).toEqual([AP_IP])
    expect(events.map((e) => e.source)).toEqual(['records', 'records'])
  })
})

describe('the worker entry (index.ts)', () => {
  it('steers by request.cf and keeps the places apart on its module-level warm path', async () => {
    const fresh = new Date(Date.now() - 5_000).toISOString()
    await publish(
      recordSet({ 'entry.example.com': { a: [EU_IP] } }, { owner: 'eu', heartbeat: { at: fresh, every: 60, ...FRANKFURT } }),
      recordSet({ 'entry.example.com': { a: [AP_IP] } }, { owner: 'ap', heartbeat: { at: fresh, every: 60, ...SYDNEY } }),
    )
    const vars = { ...(env as unknown as Env), OWNERS: 'eu,ap', STEERING: 'nearest' }
    for (let i = 0; i < 2; i++) {
      expect(await addresses(await worker.fetch(from(BERLIN, 'entry.example.com'), vars))).toEqual([EU_IP])
      expect(await addresses(await worker.fetch(from(MELBOURNE, 'entry.example.com'), vars))).toEqual([AP_IP])
    }
  })
})
