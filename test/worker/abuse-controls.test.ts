/** Off by default, for public resolver operators: a secret path token and a per-IP rate limit. */
import { beforeEach, describe, expect, it } from 'vitest'
import { getUrl, query } from '../helpers/dns.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

beforeEach(async () => {
  await publish(recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }))
})

const path = (p: string) => getUrl(query('web.example.com', 'A')).replace('/dns-query', p)

describe('path token', () => {
  it('is off by default: token paths do not exist', async () => {
    const app = testApp()
    expect((await app.fetch(path('/dns-query'))).status).toBe(200)
    expect((await app.fetch(path('/dns-query/abc'))).status).toBe(404)
  })
  it('with DOH_TOKEN set, answers only under /dns-query/<token> and /resolve/<token>', async () => {
    const app = testApp({ env: { DOH_TOKEN: 's3cret-token' } })
    expect((await app.fetch(path('/dns-query/s3cret-token'))).status).toBe(200)
    expect((await app.fetch('http://doh.test/resolve/s3cret-token?name=web.example.com')).status).toBe(200)
    for (const p of ['/dns-query', '/dns-query/wrong', '/dns-query/s3cret-tokenX', '/dns-query/s3cret-toke']) {
      expect((await app.fetch(path(p))).status, p).toBe(404)
    }
    expect((await app.fetch('http://doh.test/resolve?name=web.example.com')).status).toBe(404)
  })
})

describe('rate limit', () => {
  /** A binding shaped like Workers' rate limiter: `limit` requests per key. */
  function limiter(limit: number) {
    const seen = new Map<string, number>()
    return {
      keys: seen,
      limit: async ({ key }: { key: string }) => {
        seen.set(key, (seen.get(key) ?? 0) + 1)
        return { success: seen.get(key)! <= limit }
      },
    }
  }
  it('answers 429 with Retry-After past the limit, per client IP', async () => {
    const rl = limiter(2)
    const app = testApp({ env: { RATE_LIMITER: rl as unknown as RateLimit } })
    const from = (ip: string) => ({ headers: { 'cf-connecting-ip': ip } })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await app.fetch(path('/dns-query'), from('198.51.100.7'))).status)
    const other = await app.fetch(path('/dns-query'), from('198.51.100.8'))
    expect(statuses).toEqual([200, 200, 429])
    expect(other.status).toBe(200)
    const over = await app.fetch('http://doh.test/resolve?name=web.example.com', from('198.51.100.7'))
    expect([over.status, over.headers.get('retry-after')]).toEqual([429, '60'])
    expect(await over.text()).toMatch(/rate limit exceeded/)
  })
})
