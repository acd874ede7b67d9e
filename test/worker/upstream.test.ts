/**
 * The upstream relay: only names inside the server block, re-encoded from the parsed question,
 * and only replies that answer what we asked; plus CNAME completion for load balancers.
 */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { beforeEach, describe, expect, it } from 'vitest'
import { question } from '../../src/core/dns/types.ts'
import { FORWARD_DEFAULTS } from '../../src/core/recordset/schema.ts'
import type { Forwarder } from '../../src/upstream/forward.ts'
import { createRelay } from '../../src/upstream/relay.ts'
import { decodeResponse, getUrl, postInit, query, rcodeOf } from '../helpers/dns.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

const UPSTREAM = 'https://upstream.test/dns-query?token=s3cret'

interface Seen {
  url: string
  id: number
  name: string
  bytes: Uint8Array
}

type Answer = packet.Answer
/** An upstream that answers every question with `answers` (default one A) and records what it was sent. */
function fakeUpstream(seen: Seen[], answers?: (name: string) => Answer[], tweak: (reply: packet.Packet) => void = () => {}): Forwarder {
  return async (url, bytes) => {
    const q = packet.decode(Buffer.from(bytes))
    const name = q.questions![0]!.name
    seen.push({ url, id: q.id ?? 0, name, bytes })
    const reply: packet.Packet = {
      id: q.id,
      type: 'response',
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
      questions: q.questions,
      answers: answers ? answers(name) : [{ name, type: 'A', ttl: 120, data: '203.0.113.1' }],
    }
    tweak(reply)
    return new Uint8Array(packet.encode(reply))
  }
}

const resolverSet = (extra: Record<string, unknown> = {}) =>
  recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }, { upstream: UPSTREAM, fallthrough: { zones: [] }, serverBlock: [''], ...extra })

beforeEach(async () => {
  await publish(resolverSet())
})

describe('relaying', () => {
  it('relays names outside the zones in a "." block, with the client ID and question restored', async () => {
    const seen: Seen[] = []
    const res = await testApp({ forward: fakeUpstream(seen) }).fetch(getUrl(query('Example.ORG', 'A', { id: 77 })))
    const msg = await decodeResponse(res)
    expect(seen.map((s) => [s.url, s.name])).toEqual([[UPSTREAM, 'Example.ORG']])
    expect(msg.id).toBe(77)
    expect(msg.questions).toEqual([{ name: 'Example.ORG', type: 'A', class: 'IN' }])
    expect(msg.answers?.map((a) => a.data)).toEqual(['203.0.113.1'])
    expect(msg.flag_ra).toBe(true)
    expect(res.headers.get('cache-control')).toBe('max-age=120')
  })
  it('sends a query of its own making: a fresh ID and no octets the client appended', async () => {
    const seen: Seen[] = []
    const clean = query('example.org', 'A', { id: 9 })
    const junk = new Uint8Array([...clean, ...new Uint8Array(2000).fill(0xee)])
    await testApp({ forward: fakeUpstream(seen) }).fetch('http://doh.test/dns-query', postInit(junk))
    expect(seen).toHaveLength(1)
    expect(seen[0]!.bytes.length).toBe(clean.length)
    expect(seen[0]!.bytes.includes(0xee)).toBe(false)
  })
  it('relays fallthrough misses but answers its own names', async () => {
    const seen: Seen[] = []
    const app = testApp({ forward: fakeUpstream(seen) })
    await app.fetch(getUrl(query('nope.example.com', 'A')))
    const own = await decodeResponse(await app.fetch(getUrl(query('web.example.com', 'A'))))
    expect(seen.map((s) => s.name)).toEqual(['nope.example.com'])
    expect(own.answers?.map((a) => a.data)).toEqual(['192.0.2.1'])
  })
  it('refuses names outside every key of the server block, with forward set (not an open relay)', async () => {
    await publish(resolverSet({ serverBlock: ['example.com'] }))
    const seen: Seen[] = []
    const msg = await decodeResponse(await testApp({ forward: fakeUpstream(seen) }).fetch(getUrl(query('www.google.com', 'A'))))
    expect(rcodeOf(msg)).toBe(5)
    expect(seen).toEqual([])
  })
  it('refuses other classes without asking the upstream', async () => {
    const seen: Seen[] = []
    const app = testApp({ forward: fakeUpstream(seen) })
    for (const name of ['web.example.com', 'example.org']) {
      const q = packet.encode({ id: 1, type: 'query', questions: [{ name, type: 'A', class: 'CH' }] })
      expect(rcodeOf(await decodeResponse(await app.fetch(getUrl(new Uint8Array(q)))))).toBe(5)
    }
    expect(seen).toEqual([])
  })
  it('renders relayed MX, SRV and other types in the JSON API', async () => {
    const answers = (name: string): Answer[] => [
      { name, type: 'MX', ttl: 60, data: { preference: 10, exchange: 'mail.example.org' } },
      { name, type: 'SRV', ttl: 60, data: { priority: 1, weight: 2, port: 443, target: 'srv.example.org' } },
      { name, type: 'NULL', ttl: 60, data: Buffer.from([0xab, 0xcd]) } as unknown as Answer,
    ]
    const body = (await (await testApp({ forward: fakeUpstream([], answers) }).fetch('http://doh.test/resolve?name=example.org&type=MX')).json()) as Record<string, unknown>
    expect(body).toMatchObject({
      Status: 0,
      RA: true,
      Answer: [
        { name: 'example.org.', type: 15, TTL: 60, data: '10 mail.example.org.' },
        { name: 'example.org.', type: 33, TTL: 60, data: '1 2 443 srv.example.org.' },
        { name: 'example.org.', type: 10, TTL: 60, data: '\\# 2 abcd' },
      ],
    })
  })
  it('never names the upstream by its path or query in a warning (tokens live there)', async () => {
    const app = testApp({ forward: () => Promise.reject(new Error(`upstream https://upstream.test unreachable: TimeoutError`)) })
    const msg = await decodeResponse(await app.fetch(getUrl(query('example.org', 'A'))))
    expect(rcodeOf(msg)).toBe(2)
    expect(app.warnings.join('\n')).not.toContain('s3cret')
  })
  it('does not relay to plain http off loopback, whatever KV says', async () => {
    await publish(resolverSet({ upstream: 'http://dns.example/dns-query?token=s3cret' }))
    const seen: Seen[] = []
    const app = testApp({ forward: fakeUpstream(seen) })
    const msg = await decodeResponse(await app.fetch(getUrl(query('example.org', 'A'))))
    expect(rcodeOf(msg)).toBe(5)
    expect(seen).toEqual([])
    expect(app.warnings).toEqual(['KV v1/meta/default: upstream http://dns.example ignored: plain http is allowed to loopback only'])
  })
})

describe('an upstream that lies', () => {
  const lying: [string, Forwarder][] = [
    ['a wrong ID', fakeUpstream([], undefined, (r) => void (r.id = ((r.id ?? 0) + 1) & 0xffff))],
    ['another question', fakeUpstream([], undefined, (r) => void (r.questions = [{ name: 'victim.example.com', type: 'A', class: 'IN' }]))],
    ['another type', fakeUpstream([], undefined, (r) => void (r.questions = [{ name: r.questions![0]!.name, type: 'AAAA', class: 'IN' }]))],
    ['a query instead of a response', fakeUpstream([], undefined, (r) => void (r.type = 'query'))],
    ['junk', async () => new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])],
    ['a truncated message', async (url, bytes, signal) => (await fakeUpstream([])(url, bytes, signal)).slice(0, 30)],
    ['nothing in time', () => Promise.reject(new DOMException('timed out', 'TimeoutError'))],
  ]
  it.each(lying)('with %s gets SERVFAIL, nothing of its reply passed on', async (_, forward) => {
    const app = testApp({ forward })
    const msg = await decodeResponse(await app.fetch(getUrl(query('other.test', 'A', { id: 3 }))))
    expect([msg.id, rcodeOf(msg), msg.answers ?? []]).toEqual([3, 2, []])
    expect(msg.questions).toEqual([{ name: 'other.test', type: 'A', class: 'IN' }])
    expect(app.warnings).toHaveLength(1)
    expect(app.warnings[0]).toMatch(/^upstream failed: /)
  })
  it('bounds the relays in flight per isolate: the excess is SERVFAIL at once', async () => {
    const release: (() => void)[] = []
    const good = fakeUpstream([])
    const slow: Forwarder = (url, bytes, signal) => new Promise((done) => release.push(() => done(good(url, bytes, signal))))
    const relay = createRelay(slow, { maxInFlight: 2 })
    const forward = { upstreams: [UPSTREAM], ...FORWARD_DEFAULTS }
    const asked = { id: 0, opcode: 0, recursionDesired: true, checkingDisabled: false, edns: null, question: question('a.test', 'A') }
    const first = [relay(forward, asked), relay(forward, asked)]
    await expect(relay(forward, asked)).rejects.toThrow('2 relays already in flight')
    for (const go of release) go()
    expect((await Promise.all(first)).map((r) => r.rcode)).toEqual(['NOERROR', 'NOERROR'])
    const after = relay(forward, asked)
    release.at(-1)!()
    expect((await after).rcode).toBe('NOERROR')
  })
})

describe('load-balancer hostnames', () => {
  beforeEach(async () => {
    await publish(recordSet({ 'shop.example.com': { cname: 'lb-1.elb.example.net' } }, { upstream: UPSTREAM }))
  })
  it('completes the CNAME with the addresses the upstream has for its target', async () => {
    const seen: Seen[] = []
    const msg = await decodeResponse(await testApp({ forward: fakeUpstream(seen) }).fetch(getUrl(query('shop.example.com', 'A', { id: 5 }))))
    expect(seen.map((s) => s.name)).toEqual(['lb-1.elb.example.net'])
    expect(msg.id).toBe(5)
    expect(msg.flag_aa).toBe(true)
    expect(msg.answers?.map((a) => [a.name, a.type, a.data])).toEqual([
      ['shop.example.com', 'CNAME', 'lb-1.elb.example.net'],
      ['lb-1.elb.example.net', 'A', '203.0.113.1'],
    ])
  })
  it('keeps only records on the chain: an unrelated name the upstream adds is dropped', async () => {
    const answers = (name: string): Answer[] => [
      { name: 'victim.example.com', type: 'A', ttl: 86400, data: '6.6.6.6' },
      { name, type: 'CNAME', ttl: 60, data: 'edge.example.net' },
      { name: 'edge.example.net', type: 'A', ttl: 60, data: '203.0.113.9' },
    ]
    const msg = await decodeResponse(await testApp({ forward: fakeUpstream([], answers) }).fetch(getUrl(query('shop.example.com', 'A'))))
    expect(msg.answers?.map((a) => [a.name, a.type, a.data])).toEqual([
      ['shop.example.com', 'CNAME', 'lb-1.elb.example.net'],
      ['lb-1.elb.example.net', 'CNAME', 'edge.example.net'],
      ['edge.example.net', 'A', '203.0.113.9'],
    ])
  })
  it('answers the CNAME alone when the upstream fails', async () => {
    const app = testApp({ forward: () => Promise.reject(new Error('down')) })
    const msg = await decodeResponse(await app.fetch(getUrl(query('shop.example.com', 'A'))))
    expect([rcodeOf(msg), msg.answers?.map((a) => a.type)]).toEqual([0, ['CNAME']])
    expect(app.warnings).toEqual(['upstream failed while following a CNAME: down'])
  })
  it('does not chase for other types', async () => {
    const seen: Seen[] = []
    await testApp({ forward: fakeUpstream(seen) }).fetch(getUrl(query('shop.example.com', 'TXT')))
    expect(seen).toEqual([])
  })
})
