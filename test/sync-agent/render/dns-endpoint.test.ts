import { describe, expect, it } from 'vitest'
import { dnsEndpoint, names, run } from '../helpers.ts'

describe('DNSEndpoint', () => {
  it('serves A, AAAA and TXT endpoints, each at its own name', () => {
    const de = dnsEndpoint('records', [
      { dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.2', '192.0.2.1'] },
      { dnsName: 'a.example.com', recordType: 'AAAA', targets: ['2001:db8:0::1'] },
      { dnsName: 'b.example.com', recordType: 'A', targets: ['192.0.2.9'] },
      {
        dnsName: 'a.example.com',
        recordType: 'TXT',
        targets: ['v=spf1 -all', 'second', 'v=spf1 -all'],
      },
    ])
    expect(names([de])).toEqual({
      'a.example.com': {
        a: ['192.0.2.1', '192.0.2.2'],
        aaaa: ['2001:db8::1'],
        txt: ['v=spf1 -all', 'second'],
      },
      'b.example.com': { a: ['192.0.2.9'] },
    })
  })

  it('skips unsupported types and targets of the wrong family with warnings', () => {
    const de = dnsEndpoint('records', [
      { dnsName: 'c.example.com', recordType: 'CNAME', targets: ['x.example.net'] },
      { dnsName: 'd.example.com', recordType: 'A', targets: ['2001:db8::1', '192.0.2.4'] },
      { recordType: 'A', targets: ['192.0.2.5'] },
    ])
    const { recordSet, warnings } = run([de])
    expect(recordSet.names).toEqual({ 'd.example.com': { a: ['192.0.2.4'] } })
    expect(warnings).toEqual([
      'DNSEndpoint default/records: c.example.com: record type CNAME is not supported (A, AAAA, TXT), skipped',
      'DNSEndpoint default/records: d.example.com: A target "2001:db8::1" is not an IPv4 address, skipped',
      'DNSEndpoint default/records: endpoints[2] has no dnsName, skipped',
    ])
  })

  it('warns about a target that is no address at all, and still serves the rest', () => {
    const de = dnsEndpoint('records', [
      { dnsName: 'e.example.com', recordType: 'A', targets: ['lb.example.net', '192.0.2.6'] },
      { dnsName: 'e.example.com', recordType: 'AAAA', targets: ['not an address'] },
      { dnsName: 'f.example.com', recordType: 'A', targets: ['192.0.2.7'] },
    ])
    const { recordSet, warnings } = run([de])
    expect(recordSet.names).toEqual({
      'e.example.com': { a: ['192.0.2.6'] },
      'f.example.com': { a: ['192.0.2.7'] },
    })
    expect(warnings).toEqual([
      'DNSEndpoint default/records: e.example.com: A target "lb.example.net" is not an IPv4 address, skipped',
      'DNSEndpoint default/records: e.example.com: AAAA target "not an address" is not an IPv6 address, skipped',
    ])
  })

  it('keeps TXT in source order across objects (sorted by namespace and name)', () => {
    const one = dnsEndpoint('b', [
      { dnsName: 't.example.com', recordType: 'TXT', targets: ['from b'] },
    ])
    const two = dnsEndpoint('a', [
      { dnsName: 't.example.com', recordType: 'TXT', targets: ['from a'] },
    ])
    expect(names([one, two])['t.example.com']).toEqual({ txt: ['from a', 'from b'] })
  })
})
