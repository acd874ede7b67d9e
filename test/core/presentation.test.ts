/** Records as zone-file text (RFC 1035 §5.1, RFC 3597 §5), and TXT data on the wire. */
import { describe, expect, it } from 'vitest'
import { rdataText, rrLine } from '../../src/core/dns/presentation.ts'
import { txtStrings, txtText } from '../../src/core/dns/txt.ts'
import type { RR } from '../../src/core/dns/types.ts'

const octets = (...values: number[]): Uint8Array => Uint8Array.from(values)

describe('txtStrings', () => {
  // RFC 1035 §3.3.14: one character-string holds at most 255 octets; text counts in UTF-8.
  it.each([
    ['', [0]],
    ['hello', [5]],
    ['a'.repeat(255), [255]],
    ['a'.repeat(256), [255, 1]],
    ['a'.repeat(510), [255, 255]],
    ['é'.repeat(200), [255, 145]],
  ])('splits %j into strings of %j octets', (text, lengths) => {
    const parts = txtStrings(text)
    expect(parts.map((p) => p.length)).toEqual(lengths)
    expect(Buffer.concat(parts).toString('utf8')).toBe(text)
  })
})

describe('txtText', () => {
  it.each([
    [octets(0x68, 0x69), '"hi"'],
    [octets(), '""'],
    [octets(0x20), '" "'],
    [octets(0x7e), '"~"'],
    [octets(0x22), '"\\""'],
    [octets(0x5c), '"\\\\"'],
    [octets(0x00), '"\\000"'],
    [octets(0x1f), '"\\031"'],
    [octets(0x7f), '"\\127"'],
    [octets(0xc3, 0xa9), '"\\195\\169"'],
  ])('writes %j as %s', (data, text) => {
    expect(txtText(data)).toBe(text)
  })
})

describe('rrLine', () => {
  type Rdata<R = RR> = R extends RR ? Omit<R, 'name' | 'ttl'> : never
  const rr = (record: Rdata): RR => ({ name: 'x.example.com', ttl: 60, ...record }) as RR
  it.each([
    [rr({ type: 'A', data: '192.0.2.1' }), 'x.example.com. 60 IN A 192.0.2.1'],
    [rr({ type: 'AAAA', data: '2001:db8::1' }), 'x.example.com. 60 IN AAAA 2001:db8::1'],
    [rr({ type: 'CNAME', data: 'lb.example.net' }), 'x.example.com. 60 IN CNAME lb.example.net.'],
    [rr({ type: 'NS', data: 'ns1.example.com' }), 'x.example.com. 60 IN NS ns1.example.com.'],
    [rr({ type: 'PTR', data: 'web.example.com' }), 'x.example.com. 60 IN PTR web.example.com.'],
    [rr({ type: 'DNAME', data: 'example.net' }), 'x.example.com. 60 IN DNAME example.net.'],
    [rr({ type: 'TXT', data: [octets(0x61), octets(0x62, 0x22)] }), 'x.example.com. 60 IN TXT "a" "b\\""'],
    [rr({ type: 'MX', data: { preference: 10, exchange: 'mail.example.com' } }), 'x.example.com. 60 IN MX 10 mail.example.com.'],
    [rr({ type: 'MX', data: { preference: 0, exchange: '' } }), 'x.example.com. 60 IN MX 0 .'],
    [rr({ type: 'SRV', data: { priority: 1, weight: 2, port: 443, target: 'web.example.com' } }), 'x.example.com. 60 IN SRV 1 2 443 web.example.com.'],
    [rr({ type: 'CAA', data: { flags: 128, tag: 'issue', value: octets(0x63, 0x61) } }), 'x.example.com. 60 IN CAA 128 issue "ca"'],
    [
      rr({ type: 'SOA', data: { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 7, refresh: 1, retry: 2, expire: 3, minimum: 4 } }),
      'x.example.com. 60 IN SOA ns1.example.com. hostmaster.example.com. 7 1 2 3 4',
    ],
    // RFC 3597 §5: an unknown type by number, its RDATA as a length and hex.
    [rr({ type: 'OTHER', code: 4000, data: octets(0x0a, 0x00, 0xff) }), 'x.example.com. 60 IN TYPE4000 \\# 3 0a00ff'],
    [rr({ type: 'OTHER', code: 4000, data: octets() }), 'x.example.com. 60 IN TYPE4000 \\# 0'],
    [rr({ type: 'OTHER', code: 13, data: octets(0x01) }), 'x.example.com. 60 IN HINFO \\# 1 01'],
  ])('writes %j as %s', (record, line) => {
    expect(rrLine(record)).toBe(line)
  })
  it('writes the root as "."', () => {
    expect(rrLine({ name: '', ttl: 5, type: 'NS', data: 'a.root-servers.net' })).toBe('. 5 IN NS a.root-servers.net.')
    expect(rdataText({ name: '', ttl: 5, type: 'CNAME', data: '' })).toBe('.')
  })
})
