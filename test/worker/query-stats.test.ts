/** Analytics Engine data points, one per query, through a fake dataset binding; none without it. */
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import worker from '../../src/index.ts'
import type { Env } from '../../src/env.ts'
import { analyticsObserver } from '../../src/observe/analytics.ts'
import { getUrl, query } from '../helpers/dns.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

function fakeDataset() {
  const points: AnalyticsEngineDataPoint[] = []
  return { points, dataset: { writeDataPoint: (p?: AnalyticsEngineDataPoint) => void points.push(p!) } as AnalyticsEngineDataset }
}

beforeEach(async () => {
  await publish(recordSet({ 'web.example.com': { a: ['192.0.2.10'] } }, { fallthrough: { zones: [] }, upstream: 'https://upstream.test/dns-query' }))
})

describe('query data points', () => {
  it('writes qtype, rcode, source, owners, colo and latency for every kind of answer', async () => {
    const { points, dataset } = fakeDataset()
    const app = testApp({ observe: analyticsObserver(dataset), forward: () => Promise.reject(new Error('upstream down')) })
    await app.fetch(getUrl(query('web.example.com', 'A')))
    await app.fetch('http://doh.test/resolve?name=nope.example.com&type=AAAA')
    await app.fetch(getUrl(query('x', 'A', { questions: [] }))) // no question: FORMERR
    await app.fetch('http://doh.test/?name=web.example.com&type=TXT') // the page's lookup counts too
    expect(points.map((p) => p.blobs)).toEqual([
      ['A', 'NOERROR', 'records', 'default', ''],
      ['AAAA', 'SERVFAIL', 'failed', 'default', ''], // a fallthrough miss, the upstream down
      ['', 'FORMERR', 'malformed', 'default', ''],
      ['TXT', 'NOERROR', 'records', 'default', ''],
    ])
    for (const p of points) {
      expect(p.indexes).toEqual(['default'])
      expect(p.doubles).toHaveLength(1)
      expect(p.doubles![0]).toBeGreaterThanOrEqual(0)
    }
  })
  it('never carries the query name', async () => {
    const { points, dataset } = fakeDataset()
    await testApp({ observe: analyticsObserver(dataset) }).fetch(getUrl(query('web.example.com', 'A')))
    expect(JSON.stringify(points)).not.toContain('web.example.com')
  })
  it('writes nothing when no page lookup was asked', async () => {
    const { points, dataset } = fakeDataset()
    await testApp({ observe: analyticsObserver(dataset) }).fetch('http://doh.test/')
    expect(points).toEqual([])
  })
})

describe('the worker entry', () => {
  const envWith = (extra: Partial<Env>) => ({ ...(env as unknown as Env), ...extra })
  it('writes to QUERY_STATS when it is bound, with the colo from request.cf', async () => {
    const { points, dataset } = fakeDataset()
    const request = new Request(getUrl(query('web.example.com', 'A')), { cf: { colo: 'AMS' } } as RequestInit)
    const res = await worker.fetch(request, envWith({ QUERY_STATS: dataset }))
    expect(res.status).toBe(200)
    expect(points.map((p) => p.blobs)).toEqual([['A', 'NOERROR', 'records', 'default', 'AMS']])
  })
  it('answers as before without the binding', async () => {
    const res = await worker.fetch(new Request(getUrl(query('web.example.com', 'A'))), envWith({}))
    expect(res.status).toBe(200)
  })
})
