import { describe, expect, it } from 'vitest'
import { MAX_TTL } from '../../../src/core/limits.ts'
import { renderDNSEndpoint } from '../../../sync-agent/render/dns-endpoint.ts'
import { dnsEndpoint, ingress, names, run } from '../helpers.ts'
import { renderKind } from './kind-context.ts'

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
      { dnsName: 'c.example.com', recordType: 'NAPTR', targets: ['x.example.net'] },
      { dnsName: 'd.example.com', recordType: 'A', targets: ['2001:db8::1', '192.0.2.4'] },
      { recordType: 'A', targets: ['192.0.2.5'] },
    ])
    const { recordSet, warnings } = run([de])
    expect(recordSet.names).toEqual({ 'd.example.com': { a: ['192.0.2.4'] } })
    expect(warnings).toEqual([
      'DNSEndpoint default/records: c.example.com: record type NAPTR is not supported (A, AAAA, TXT, CNAME, MX, SRV, CAA, PTR), skipped',
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

  it('serves CNAME, MX, SRV, CAA and PTR endpoints, targets checked and put in their order', () => {
    const de = dnsEndpoint('typed', [
      { dnsName: 'alias.example.com', recordType: 'CNAME', targets: ['Target.Example.NET.'] },
      { dnsName: 'example.com', recordType: 'MX', targets: ['20 backup.example.net', '10 mail.example.com.', '10 mail.example.com'] },
      { dnsName: 'nomail.example.com', recordType: 'MX', targets: ['0 .'] },
      { dnsName: '_sip._udp.example.com', recordType: 'SRV', targets: ['20 0 5060 sip2.example.com', '10 5 5060 sip.example.com'] },
      { dnsName: 'example.com', recordType: 'CAA', targets: ['0 issue "letsencrypt.org"', '128 iodef "mailto:ca@example.com"', '0 issuewild ";"', '0 issue letsencrypt.org'] },
      { dnsName: '10.2.0.192.in-addr.arpa', recordType: 'PTR', targets: ['web.example.com', 'app.example.com.'] },
    ])
    const { recordSet, warnings } = run([de], { zones: ['example.com', '2.0.192.in-addr.arpa'] })
    expect(recordSet.names).toEqual({
      'alias.example.com': { cname: 'target.example.net' },
      'example.com': {
        mx: [{ preference: 10, exchange: 'mail.example.com' }, { preference: 20, exchange: 'backup.example.net' }],
        caa: [{ flags: 0, tag: 'issue', value: 'letsencrypt.org' }, { flags: 128, tag: 'iodef', value: 'mailto:ca@example.com' }, { flags: 0, tag: 'issuewild', value: ';' }],
      },
      'nomail.example.com': { mx: [{ preference: 0, exchange: '' }] },
      '_sip._udp.example.com': {
        srv: [{ priority: 10, weight: 5, port: 5060, target: 'sip.example.com' }, { priority: 20, weight: 0, port: 5060, target: 'sip2.example.com' }],
      },
      '10.2.0.192.in-addr.arpa': { ptr: ['app.example.com', 'web.example.com'] },
    })
    expect(warnings).toEqual([])
  })

  it.each([
    ['MX', '10', 'expected "preference host"'],
    ['MX', 'ten mail.example.com', 'expected "preference host"'],
    ['MX', '65536 mail.example.com', 'preference 65536 is not in 0-65535'],
    ['MX', '10 *.example.com', 'exchange "*.example.com": a wildcard cannot be a target'],
    ['SRV', '10 5 sip.example.com', 'expected "priority weight port host"'],
    ['SRV', '10 5 70000 sip.example.com', 'port 70000 is not in 0-65535'],
    ['SRV', '1 2 3 bad_host!', 'target "bad_host!": invalid label "bad_host!"'],
    ['CAA', 'issue letsencrypt.org', 'expected "flags tag value"'],
    ['CAA', '256 issue "x"', 'flags 256 is not in 0-255'],
    ['CAA', '0 is-sue "x"', 'tag "is-sue" is not 1-15 letters and digits'],
    ['CAA', '0 issue "unterminated', 'expected "flags tag value"'],
    ['CAA', `0 issue "${'x'.repeat(256)}"`, 'value of 256 octets, more than 255'],
    ['CNAME', 'not a host!', 'invalid label "not a host!"'],
    ['CNAME', '.', 'empty name'],
    ['PTR', '*.example.com', 'a wildcard cannot be a target'],
  ])('skips the bad %s target %s with a warning naming the object, and serves the rest', (recordType, bad, problem) => {
    const good = { MX: '10 mail.example.com', SRV: '1 1 1 s.example.com', CAA: '0 issue "ca.example"', CNAME: 'x.example.net', PTR: 'h.example.com' }[recordType]!
    const de = dnsEndpoint('bad', [
      { dnsName: 'x.example.com', recordType, targets: [bad, good] },
      { dnsName: 'y.example.com', recordType: 'A', targets: ['192.0.2.1'] },
    ])
    const { recordSet, warnings } = run([de])
    expect(Object.keys(recordSet.names)).toEqual(['x.example.com', 'y.example.com'])
    expect(warnings).toEqual([`DNSEndpoint default/bad: x.example.com: ${recordType} target "${bad}" is invalid (${problem}), skipped`])
  })

  it('serves other data over a CNAME at the same name, with a warning (RFC 1034 §3.6.2)', () => {
    const de = dnsEndpoint('mixed', [
      { dnsName: 'mixed.example.com', recordType: 'CNAME', targets: ['elsewhere.example.net'] },
      { dnsName: 'mixed.example.com', recordType: 'MX', targets: ['10 mail.example.com'] },
      { dnsName: 'two.example.com', recordType: 'CNAME', targets: ['b.example.net', 'a.example.net'] },
    ])
    const { recordSet, warnings } = run([de])
    expect(recordSet.names).toEqual({
      'mixed.example.com': { mx: [{ preference: 10, exchange: 'mail.example.com' }] },
      'two.example.com': { cname: 'a.example.net' },
    })
    expect(warnings).toEqual([
      'DNSEndpoint default/mixed: CNAME target elsewhere.example.net not served for mixed.example.com: the name has other records (RFC 1034 §3.6.2)',
      'DNSEndpoint default/mixed: CNAME target b.example.net not served for two.example.com: answering CNAME a.example.net',
    ])
  })

  it('gives a name its recordTTL, the smallest when endpoints disagree, and warns about a bad one', () => {
    const de = dnsEndpoint('ttl', [
      { dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.1'], recordTTL: 300 },
      { dnsName: 'a.example.com', recordType: 'TXT', targets: ['t'], recordTTL: 30 },
      { dnsName: 'b.example.com', recordType: 'MX', targets: ['1 m.example.com'], recordTTL: 0 },
      { dnsName: 'c.example.com', recordType: 'A', targets: ['192.0.2.3'], recordTTL: -5 },
      { dnsName: 'd.example.com', recordType: 'A', targets: ['192.0.2.4'], recordTTL: '60' },
    ])
    const { recordSet, warnings } = run([de])
    expect(recordSet.names).toEqual({
      'a.example.com': { a: ['192.0.2.1'], txt: ['t'], ttl: 30 },
      'b.example.com': { mx: [{ preference: 1, exchange: 'm.example.com' }] },
      'c.example.com': { a: ['192.0.2.3'] },
      'd.example.com': { a: ['192.0.2.4'] },
    })
    expect(warnings).toEqual([
      "DNSEndpoint default/ttl: c.example.com: recordTTL -5 is not a TTL (1-2147483647 seconds), the zone's used",
      `DNSEndpoint default/ttl: d.example.com: recordTTL "60" is not a TTL (1-2147483647 seconds), the zone's used`,
      'a.example.com: endpoints give different recordTTLs, 300 (DNSEndpoint default/ttl), 30 (DNSEndpoint default/ttl): 30 served for every record of the name',
    ])
  })

  it('warns about an endpoint without a recordType', () => {
    const de = dnsEndpoint('untyped', [{ dnsName: 'u.example.com', targets: ['192.0.2.1'] }])
    expect(run([de])).toMatchObject({
      recordSet: { names: {} },
      warnings: ['DNSEndpoint default/untyped: u.example.com: record type (none) is not supported (A, AAAA, TXT, CNAME, MX, SRV, CAA, PTR), skipped'],
    })
  })

  it.each<[number, boolean]>([
    [1, true],
    [MAX_TTL, true],
    [MAX_TTL + 1, false],
    [1.5, false],
  ])('takes a recordTTL of %d: %s', (recordTTL, taken) => {
    const de = dnsEndpoint('ttl', [{ dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.1'], recordTTL }])
    const { recordSet, warnings } = run([de])
    expect(recordSet.names['a.example.com']).toEqual(taken ? { a: ['192.0.2.1'], ttl: recordTTL } : { a: ['192.0.2.1'] })
    expect(warnings).toHaveLength(taken ? 0 : 1)
  })

  it('caps each record type of a name at 16, with a warning naming the objects', () => {
    const targets = Array.from({ length: 18 }, (_, i) => `${i} mx${i}.example.com`)
    const de = dnsEndpoint('many', [{ dnsName: 'm.example.com', recordType: 'MX', targets }])
    const { recordSet, warnings } = run([de])
    expect(recordSet.names['m.example.com']!.mx).toHaveLength(16)
    expect(recordSet.names['m.example.com']!.mx![15]).toEqual({ preference: 15, exchange: 'mx15.example.com' })
    expect(warnings).toEqual(['DNSEndpoint default/many: m.example.com: 18 MX records, more than 16: the first 16 served'])
  })
})

describe('a CNAME at a zone apex', () => {
  it('is never served: the apex holds SOA and NS (RFC 1034 §3.6.2)', () => {
    const de = dnsEndpoint('apex', [{ dnsName: 'example.com', recordType: 'CNAME', targets: ['elsewhere.example.net'] }])
    const { recordSet, warnings } = run([de])
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual(['DNSEndpoint default/apex: CNAME target elsewhere.example.net not served for example.com: a zone apex holds SOA and NS, never a CNAME (RFC 1034 §3.6.2)'])
  })
})

describe('a load balancer hostname at a zone apex', () => {
  it('is still answered as a CNAME, as before', () => {
    const { recordSet, warnings } = run([ingress('apex', ['example.com'], [{ hostname: 'lb.example.net' }])])
    expect(recordSet.names).toEqual({ 'example.com': { cname: 'lb.example.net' } })
    expect(warnings).toEqual([])
  })
})

describe('the entries of a DNSEndpoint', () => {
  it('none without endpoints, or with only targets that do not parse', () => {
    expect(renderKind(renderDNSEndpoint, dnsEndpoint('none', [])).entries).toEqual([])
    const bad = dnsEndpoint('bad', [{ dnsName: 'x.example.com', recordType: 'MX', targets: ['mail.example.com'] }])
    expect(renderKind(renderDNSEndpoint, bad).entries).toEqual([])
  })

  it('carries a ttl only when the endpoint sets a recordTTL', () => {
    const de = dnsEndpoint('ttl', [
      { dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.1'] },
      { dnsName: 'b.example.com', recordType: 'A', targets: ['192.0.2.2'], recordTTL: 300 },
    ])
    expect(renderKind(renderDNSEndpoint, de).entries).toStrictEqual([
      { host: 'a.example.com', addresses: ['192.0.2.1'] },
      { host: 'b.example.com', addresses: ['192.0.2.2'], ttl: 300 },
    ])
  })
})
