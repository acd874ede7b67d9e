/** Fallthrough and out-of-zone names relayed to the configured upstream DoH server. */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Forwarder } from '../../src/upstream/forward.ts'
import { decodeResponse, getUrl, query, rcodeOf } from '../helpers/dns.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

const UPSTREAM = 'https://upstream.test/dns-query'

/** An upstream that answers every A question with 203.0.113.1 and records what it was sent. */
function fakeUpstream(seen: { url: string; id: number; name: string }[]): Forwarder {
  return async (url, bytes) => {
    const q = packet.decode(Buffer.from(bytes))
    seen.push({ url, id: q.id ?? 0, name: q.questions![0]!.name })
    return new Uint8Array(
      packet.encode({
        id: 4242,
        type: 'response',
        flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
        questions: q.questions,
        answers: [{ name: q.questions![0]!.name, type: 'A', ttl: 120, data: '203.0.113.1' }],
      }),
    )
  }
}

beforeEach(async () => {
  await publish(recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }, { upstream: UPSTREAM, fallthrough: { zones: [] } }))
})

describe('upstream', () => {
  it('relays names outside every zone with the client ID restored', async () => {
    const seen: { url: string; id: number; name: string }[] = []
    const res = await testApp({ forward: fakeUpstream(seen) }).fetch(getUrl(query('example.org', 'A', { id: 77 })))
    const msg = await decodeResponse(res)
    expect(seen).toEqual([{ url: UPSTREAM, id: 77, name: 'example.org' }])
    expect(msg.id).toBe(77)
    expect(msg.answers?.map((a) => a.data)).toEqual(['203.0.113.1'])
    expect(res.headers.get('cache-control')).toBe('max-age=120')
  })
  it('relays fallthrough misses but answers its own names', async () => {
    const seen: { url: string; id: number; name: string }[] = []
    const app = testApp({ forward: fakeUpstream(seen) })
    await app.fetch(getUrl(query('nope.example.com', 'A')))
    const own = await decodeResponse(await app.fetch(getUrl(query('web.example.com', 'A'))))
    expect(seen.map((s) => s.name)).toEqual(['nope.example.com'])
    expect(own.answers?.map((a) => a.data)).toEqual(['192.0.2.1'])
  })
  it('renders relayed replies in the JSON API', async () => {
    const body = (await (await testApp({ forward: fakeUpstream([]) }).fetch('http://doh.test/resolve?name=example.org')).json()) as Record<string, unknown>
    expect(body).toMatchObject({ Status: 0, RA: true, Answer: [{ name: 'example.org.', type: 1, TTL: 120, data: '203.0.113.1' }] })
  })
  it('answers SERVFAIL when the upstream fails', async () => {
    const app = testApp({ forward: () => Promise.reject(new Error('timeout')) })
    const msg = await decodeResponse(await app.fetch(getUrl(query('example.org', 'A'))))
    expect(rcodeOf(msg)).toBe(2)
    expect(app.warnings).toEqual(['upstream failed: timeout'])
  })
})

describe('load-balancer hostnames', () => {
  beforeEach(async () => {
    await publish(recordSet({ 'shop.example.com': { cname: 'lb-1.elb.example.net' } }, { upstream: UPSTREAM }))
  })
  it('completes the CNAME with the addresses the upstream has for its target', async () => {
    const seen: { url: string; id: number; name: string }[] = []
    const msg = await decodeResponse(await testApp({ forward: fakeUpstream(seen) }).fetch(getUrl(query('shop.example.com', 'A', { id: 5 }))))
    expect(seen.map((s) => s.name)).toEqual(['lb-1.elb.example.net'])
    expect(msg.id).toBe(5)
    expect(msg.flag_aa).toBe(true)
    expect(msg.answers?.map((a) => [a.name, a.type, a.data])).toEqual([
      ['shop.example.com', 'CNAME', 'lb-1.elb.example.net'],
      ['lb-1.elb.example.net', 'A', '203.0.113.1'],
    ])
  })
  it('answers the CNAME alone when the upstream fails', async () => {
    const app = testApp({ forward: () => Promise.reject(new Error('down')) })
    const msg = await decodeResponse(await app.fetch(getUrl(query('shop.example.com', 'A'))))
    expect([rcodeOf(msg), msg.answers?.map((a) => a.type)]).toEqual([0, ['CNAME']])
    expect(app.warnings).toEqual(['upstream failed while following a CNAME: down'])
  })
  it('does not chase for other types', async () => {
    const seen: { url: string; id: number; name: string }[] = []
    await testApp({ forward: fakeUpstream(seen) }).fetch(getUrl(query('shop.example.com', 'TXT')))
    expect(seen).toEqual([])
  })
})
