/** Relayed answers cached like a resolver caches them, per isolate and in caches.default. */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { beforeEach, describe, expect, it } from 'vitest'
import { TtlCache } from '../../src/store/ttl-cache.ts'
import type { Forwarder } from '../../src/upstream/forward.ts'
import type { Stored } from '../../src/upstream/relay-cache.ts'
import { decodeResponse, getUrl, query, rcodeOf } from '../helpers/dns.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

const UPSTREAM = 'https://upstream.test/dns-query'

/** An upstream answering by name: `neg.*` NXDOMAIN with an SOA, `fail.*` SERVFAIL, else an A of TTL 120. */
function upstream(count: { n: number; flags: string[] }): Forwarder {
  return async (_url, bytes) => {
    count.n++
    const q = packet.decode(Buffer.from(bytes))
    const opt = q.additionals?.find((r) => r.type === 'OPT') as { flags?: number } | undefined
    count.flags.push(`${opt?.flags ? 'do' : '-'}${(q.flags ?? 0) & packet.CHECKING_DISABLED ? 'cd' : '-'}`)
    const name = q.questions![0]!.name
    const base = { id: q.id, type: 'response' as const, questions: q.questions }
    if (name.startsWith('neg.')) {
      const soa = { name: 'test', type: 'SOA' as const, ttl: 900, data: { mname: 'ns.test', rname: 'h.test', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 300 } }
      return new Uint8Array(packet.encode({ ...base, flags: 3 | packet.RECURSION_AVAILABLE, authorities: [soa] }))
    }
    if (name.startsWith('fail.')) return new Uint8Array(packet.encode({ ...base, flags: 2 }))
    return new Uint8Array(packet.encode({ ...base, flags: packet.RECURSION_AVAILABLE, answers: [{ name, type: 'A', ttl: 120, data: '203.0.113.1' }] }))
  }
}

beforeEach(async () => {
  await publish(recordSet({ 'shop.example.com': { cname: 'lb-1.elb.example.net' } }, { upstream: UPSTREAM, serverBlock: [''] }))
})

function setup(shared?: Cache) {
  const clock = { t: 1_000_000 }
  const count = { n: 0, flags: [] as string[] }
  const isolate = new TtlCache<Stored>(100, () => clock.t)
  const app = testApp({ forward: upstream(count), relayCache: { maxTtl: 3600, now: () => clock.t, shared, isolate } })
  const ask = async (name: string, opts: Parameters<typeof query>[2] = {}) => decodeResponse(await app.fetch(getUrl(query(name, 'A', opts))))
  return { clock, count, app, ask, isolate }
}

describe('relay cache', () => {
  it('serves a cached answer with its TTL decreased by the age, and no upstream request', async () => {
    const { clock, count, ask } = setup()
    expect((await ask('www.other.test', { id: 1 })).answers?.[0]?.ttl).toBe(120)
    clock.t += 45_500
    const again = await ask('WWW.Other.TEST', { id: 2 })
    expect([count.n, again.id, again.answers?.[0]?.ttl, again.questions?.[0]?.name]).toEqual([1, 2, 75, 'WWW.Other.TEST'])
  })
  it('asks again once the TTL has run out', async () => {
    const { clock, count, ask } = setup()
    await ask('www.other.test')
    clock.t += 120_000
    await ask('www.other.test')
    expect(count.n).toBe(2)
  })
  it('caches a negative answer for the SOA minimum (RFC 2308 §5)', async () => {
    const { clock, count, ask } = setup()
    expect(rcodeOf(await ask('neg.other.test'))).toBe(3)
    clock.t += 299_000
    const cached = await ask('neg.other.test')
    expect([rcodeOf(cached), cached.authorities?.[0]?.ttl, count.n]).toEqual([3, 601, 1])
    clock.t += 2_000
    await ask('neg.other.test')
    expect(count.n).toBe(2)
  })
  it('keeps DO and CD apart: each combination asks once', async () => {
    const { count, ask } = setup()
    for (let round = 0; round < 2; round++) {
      await ask('www.other.test')
      await ask('www.other.test', { edns: { do: true } })
      await ask('www.other.test', { flags: packet.RECURSION_DESIRED | packet.CHECKING_DISABLED })
    }
    expect(count.flags).toEqual(['--', 'do-', '-cd'])
  })
  it('never caches SERVFAIL', async () => {
    const { count, ask } = setup()
    await ask('fail.other.test')
    await ask('fail.other.test')
    expect(count.n).toBe(2)
  })
  it('never caches a reply that failed the match check', async () => {
    const clock = { t: 0 }
    let n = 0
    const liar: Forwarder = async (url, bytes, signal) => {
      n++
      const good = await upstream({ n: 0, flags: [] })(url, bytes, signal)
      good[0] = good[0]! ^ 0xff // a wrong ID
      return good
    }
    const app = testApp({ forward: liar, relayCache: { maxTtl: 3600, now: () => clock.t } })
    for (let i = 0; i < 2; i++) expect(rcodeOf(await decodeResponse(await app.fetch(getUrl(query('www.other.test', 'A')))))).toBe(2)
    expect(n).toBe(2)
  })
  it('completes load-balancer CNAMEs from the same cache', async () => {
    const { count, ask } = setup()
    await ask('lb-1.elb.example.net')
    const chased = await ask('shop.example.com')
    expect(chased.answers?.map((a) => a.type)).toEqual(['CNAME', 'A'])
    expect(count.n).toBe(1)
  })
  it('shares answers through caches.default with the isolates of the colo', async () => {
    const shared = await caches.open('relay-cache-test')
    const first = setup(shared)
    await first.ask('shared.other.test')
    const other = setup(shared) // a fresh isolate cache, the same colo cache
    other.clock.t = first.clock.t + 10_000
    const msg = await other.ask('shared.other.test')
    expect([other.count.n, msg.answers?.[0]?.data, msg.answers?.[0]?.ttl]).toEqual([0, '203.0.113.1', 110])
  })
})
