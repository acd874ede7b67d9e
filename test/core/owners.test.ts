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
  it('falls through in any of the zones listed', () => {
    const upstream = 'https://upstream.test/dns-query'
    const listed = recordSet({}, { owner: 'east', upstream, fallthrough: { zones: ['a.example.com', 'b.example.com'] } })
    check([listed, west], { qname: 'x.b.example.com', qtype: 'A', forward: upstream })
    check([listed, west], { qname: 'x.c.example.com', qtype: 'A', rcode: 'NXDOMAIN', ns: [SOA] })
  })
  it('prefers addresses over a CNAME another owner has for the same name', () => {
    check([west, eastLb], { qname: 'lb.example.com', qtype: 'A', answer: ['lb.example.com. 300 IN A 192.0.2.7'] })
  })
})
