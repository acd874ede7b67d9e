/** Several owners (clusters) publishing into one KV namespace. */
import { describe, expect, it } from 'vitest'
import { ask, check } from '../helpers/case.ts'
import { recordSet, zoneMeta } from '../helpers/recordset.ts'

const east = recordSet({ 'shared.example.com': { a: ['192.0.2.1'] }, 'east.example.com': { a: ['192.0.2.5'] } }, { owner: 'east' })
const west = recordSet(
  { 'shared.example.com': { a: ['198.51.100.1', '192.0.2.1'], aaaa: ['2001:db8::1'] }, 'lb.example.com': { cname: 'lb.example.net' } },
  { owner: 'west', zones: [zoneMeta('example.com', { ttl: 300 })] },
)
const SOA = 'example.com. 30 IN SOA dns1.kube-system.example.com. hostmaster.dns1.kube-system.example.com. 12345 7200 1800 86400 30'
const eastLb = recordSet({ 'lb.example.com': { a: ['192.0.2.7'] } }, { owner: 'east' })

describe('owners', () => {
  it('merges a shared hostname across owners, without duplicates', () => {
    check([east, west], {
      qname: 'shared.example.com',
      qtype: 'A',
      answer: ['shared.example.com. 60 IN A 192.0.2.1', 'shared.example.com. 60 IN A 198.51.100.1'],
    })
    check([east, west], { qname: 'shared.example.com', qtype: 'AAAA', answer: ['shared.example.com. 60 IN AAAA 2001:db8::1'] })
  })
  it('serves names only one owner has', () => {
    check([east, west], { qname: 'east.example.com', qtype: 'A', answer: ['east.example.com. 60 IN A 192.0.2.5'] })
  })
  it('takes zone settings from the first owner listed', () => {
    check([west, east], { qname: 'east.example.com', qtype: 'A', answer: ['east.example.com. 300 IN A 192.0.2.5'] })
  })
  it('takes relaying (fallthrough, upstream, server block) from the first owner alone', () => {
    const upstream = 'https://upstream.test/dns-query'
    const relaying = recordSet({}, { owner: 'west', upstream, fallthrough: { zones: [] }, serverBlock: [''] })
    // the first owner relays nothing: a second cluster cannot switch relaying on for its zones
    check([east, relaying], { qname: 'nope.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
    check([east, relaying], { qname: 'www.other.test', qtype: 'A', rcode: 'REFUSED' })
    check([relaying, east], { qname: 'nope.example.com', qtype: 'A', forward: upstream })
    check([relaying, east], { qname: 'www.other.test', qtype: 'A', forward: upstream })
  })
  it('merges an owner with AAAA for a name and one with none, in either order', () => {
    check([west, east], { qname: 'shared.example.com', qtype: 'AAAA', answer: ['shared.example.com. 300 IN AAAA 2001:db8::1'] })
    check([east, west], { qname: 'shared.example.com', qtype: 'AAAA', answer: ['shared.example.com. 60 IN AAAA 2001:db8::1'] })
    check([east, west], { qname: 'shared.example.com', qtype: 'ANY', answer: [
      'shared.example.com. 60 IN A 192.0.2.1',
      'shared.example.com. 60 IN A 198.51.100.1',
      'shared.example.com. 60 IN AAAA 2001:db8::1',
    ] })
  })
  it('unions TXT of a shared name without duplicates, and caps a union of addresses at 64', () => {
    const t1 = recordSet({ 't.example.com': { txt: ['a', 'b'] } }, { owner: 'east' })
    const t2 = recordSet({ 't.example.com': { txt: ['b', 'c'] } }, { owner: 'west' })
    check([t1, t2], { qname: 't.example.com', qtype: 'TXT', answer: ['a', 'b', 'c'].map((t) => `t.example.com. 60 IN TXT "${t}"`) })
    check([t1, east], { qname: 't.example.com', qtype: 'TXT', answer: ['a', 'b'].map((t) => `t.example.com. 60 IN TXT "${t}"`) })
    const ips = (from: number) => Array.from({ length: 64 }, (_, i) => `192.0.2.${from + i}`)
    const many = (owner: string, from: number) => recordSet({ 'm.example.com': { a: ips(from) } }, { owner })
    const outcome = ask([many('east', 100), many('west', 10)], 'm.example.com', 'A')
    expect(outcome.kind === 'reply' && outcome.reply.answers.length).toBe(64)
  })
  it('keeps the CNAME of a name only one owner has', () => {
    const westLb = recordSet({ 'lb.example.com': { cname: 'lb.example.net' } }, { owner: 'west' })
    check([east, westLb], {
      qname: 'lb.example.com',
      qtype: 'A',
      answer: ['lb.example.com. 60 IN CNAME lb.example.net.'],
    })
  })
  it('answers the first listed owner’s CNAME when two owners have one for the same name', () => {
    const eastCname = recordSet({ 'lb.example.com': { cname: 'lb-east.example.net' } }, { owner: 'east' })
    check([eastCname, west], { qname: 'lb.example.com', qtype: 'A', answer: ['lb.example.com. 60 IN CNAME lb-east.example.net.'] })
    check([west, eastCname], { qname: 'lb.example.com', qtype: 'A', answer: ['lb.example.com. 300 IN CNAME lb.example.net.'] })
  })
  it('falls through in any of the zones listed', () => {
    const upstream = 'https://upstream.test/dns-query'
    const listed = recordSet({}, { owner: 'east', upstream, fallthrough: { zones: ['a.example.com', 'b.example.com'] } })
    check([listed, west], { qname: 'x.b.example.com', qtype: 'A', forward: upstream })
    check([listed, west], { qname: 'x.c.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
  })
  it('prefers addresses over a CNAME another owner has for the same name', () => {
    check([west, eastLb], { qname: 'lb.example.com', qtype: 'A', answer: ['lb.example.com. 300 IN A 192.0.2.7'] })
  })
  it('unions MX, SRV, CAA and PTR of a shared name in their order, with the smaller TTL', () => {
    const a = recordSet({
      'mail.example.com': { mx: [{ preference: 20, exchange: 'b.example.com' }], caa: [{ flags: 0, tag: 'issue', value: 'ca-a' }], ptr: ['y.example.com'], ttl: 120 },
    }, { owner: 'a' })
    const b = recordSet({
      'mail.example.com': { mx: [{ preference: 10, exchange: 'a.example.com' }, { preference: 20, exchange: 'b.example.com' }], caa: [{ flags: 0, tag: 'issue', value: 'ca-b' }], ptr: ['x.example.com'], ttl: 30 },
    }, { owner: 'b' })
    check([a, b], { qname: 'mail.example.com', qtype: 'MX', answer: ['mail.example.com. 30 IN MX 10 a.example.com.', 'mail.example.com. 30 IN MX 20 b.example.com.'] })
    check([a, b], { qname: 'mail.example.com', qtype: 'CAA', answer: ['mail.example.com. 30 IN CAA 0 issue "ca-a"', 'mail.example.com. 30 IN CAA 0 issue "ca-b"'] })
    check([a, b], { qname: 'mail.example.com', qtype: 'PTR', answer: ['mail.example.com. 30 IN PTR x.example.com.', 'mail.example.com. 30 IN PTR y.example.com.'] })
    const srvOnly = recordSet({ '_x._tcp.example.com': { srv: [{ priority: 1, weight: 1, port: 1, target: 's.example.com' }] } }, { owner: 'c' })
    check([a, srvOnly], { qname: '_x._tcp.example.com', qtype: 'SRV', answer: ['_x._tcp.example.com. 60 IN SRV 1 1 1 s.example.com.'] })
  })
  it('prefers another owner\'s MX or TXT over a CNAME for the same name', () => {
    const mx = recordSet({ 'lb.example.com': { mx: [{ preference: 1, exchange: 'm.example.com' }] } }, { owner: 'mx' })
    const txt = recordSet({ 'lb.example.com': { txt: ['hello'] } }, { owner: 'txt' })
    check([mx, west], { qname: 'lb.example.com', qtype: 'MX', answer: ['lb.example.com. 60 IN MX 1 m.example.com.'] })
    check([west, mx], { qname: 'lb.example.com', qtype: 'A', ns: [SOA] })
    check([txt, west], { qname: 'lb.example.com', qtype: 'A', ns: [SOA] })
  })
})
