/** How long a reply may be kept: by HTTP caches (RFC 8484 §5.1) and by our relay cache. */
import { describe, expect, it } from 'vitest'
import { aged, cacheableFor, replyMaxAge } from '../../src/core/dns/ttl.ts'
import { emptyReply, type Rcode, type Reply, type RR } from '../../src/core/dns/types.ts'

const a = (ttl: number, data = '192.0.2.1'): RR => ({ name: 'web.example.com', type: 'A', ttl, data })
const ns = (ttl: number): RR => ({ name: 'example.com', type: 'NS', ttl, data: 'ns1.example.com' })
const soa = (ttl: number, minimum: number): RR => ({
  name: 'example.com',
  type: 'SOA',
  ttl,
  data: { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 1, refresh: 7200, retry: 1800, expire: 86400, minimum },
})
const reply = (rcode: Rcode, sections: Partial<Pick<Reply, 'answers' | 'authorities' | 'additionals' | 'tc'>> = {}): Reply => ({
  ...emptyReply(rcode),
  ...sections,
})

describe('replyMaxAge', () => {
  it('is the smallest answer TTL, whatever the authority holds', () => {
    expect(replyMaxAge(reply('NOERROR', { answers: [a(300), a(60, '192.0.2.2'), a(120, '192.0.2.3')] }))).toBe(60)
    expect(replyMaxAge(reply('NOERROR', { answers: [a(300)], authorities: [soa(10, 5)] }))).toBe(300)
  })
  // RFC 2308 §5: a negative answer is cached for min(SOA TTL, SOA MINIMUM).
  it.each([
    ['NXDOMAIN', [soa(300, 60)], 60],
    ['NXDOMAIN', [soa(30, 60)], 30],
    ['NOERROR', [soa(300, 60)], 60],
    ['NOERROR', [ns(3600), soa(300, 60)], 60],
  ] as const)('times a negative %s answer with authority %j by its SOA', (rcode, authorities, maxAge) => {
    expect(replyMaxAge(reply(rcode, { authorities: [...authorities] }))).toBe(maxAge)
  })
  it('is 0 when nothing times the reply: no answer and no SOA', () => {
    expect(replyMaxAge(emptyReply('REFUSED'))).toBe(0)
    expect(replyMaxAge(reply('SERVFAIL', { authorities: [ns(3600)] }))).toBe(0)
  })
})

describe('cacheableFor', () => {
  it('keeps positive and negative answers for their max-age, capped by the maximum', () => {
    expect(cacheableFor(reply('NOERROR', { answers: [a(60)] }), 300)).toBe(60)
    expect(cacheableFor(reply('NOERROR', { answers: [a(600)] }), 300)).toBe(300)
    expect(cacheableFor(reply('NXDOMAIN', { authorities: [soa(300, 60)] }), 300)).toBe(60)
    expect(cacheableFor(reply('NXDOMAIN', { authorities: [soa(900, 900)] }), 300)).toBe(300)
  })
  it.each(['SERVFAIL', 'REFUSED', 'FORMERR', 'NOTIMP'] as const)('never keeps a %s reply, even one carrying records', (rcode) => {
    expect(cacheableFor(reply(rcode, { answers: [a(60)], authorities: [soa(300, 60)] }), 300)).toBe(0)
  })
  it('never keeps a truncated reply: the client retries over TCP for the whole of it', () => {
    expect(cacheableFor(reply('NOERROR', { answers: [a(60)], tc: true }), 300)).toBe(0)
    expect(cacheableFor(reply('NXDOMAIN', { authorities: [soa(300, 60)], tc: true }), 300)).toBe(0)
  })
})

describe('aged', () => {
  const stored = reply('NOERROR', { answers: [a(60), a(5, '192.0.2.2')], authorities: [soa(300, 60)], additionals: [a(20)] })
  it('takes the age off every TTL in every section, never below 0', () => {
    const older = aged(stored, 10)
    expect([older.answers, older.authorities, older.additionals].map((rrs) => rrs.map((rr) => rr.ttl))).toEqual([[50, 0], [290], [10]])
    expect({ ...older, answers: [], authorities: [], additionals: [] }).toEqual({ ...stored, answers: [], authorities: [], additionals: [] })
    expect(older.answers.map((rr) => rr.type === 'A' && rr.data)).toEqual(['192.0.2.1', '192.0.2.2'])
    expect(older.authorities[0]).toEqual({ ...soa(300, 60), ttl: 290 })
  })
  it('leaves the stored reply as it was', () => {
    aged(stored, 10)
    expect(stored.answers.map((rr) => rr.ttl)).toEqual([60, 5])
  })
  it('serves a reply of no age, or of a clock gone backwards, as it was stored', () => {
    expect(aged(stored, 0)).toBe(stored)
    expect(aged(stored, -5)).toBe(stored)
  })
})
