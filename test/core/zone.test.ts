/** A name's zone, and the records the zone itself owns at its apex (k8s_gateway apex.go). */
import { describe, expect, it } from 'vitest'
import { addressRecords, glueRecords, nameServerAt, nsRecords, soaRecord } from '../../src/core/dns/apex.ts'
import { findZone, longestZone, zoneAsAsked } from '../../src/core/dns/zone.ts'
import { rrText } from '../helpers/rr.ts'
import { zoneMeta } from '../helpers/recordset.ts'

describe('the zone of a name', () => {
  const zones = [zoneMeta('example.com'), zoneMeta('dev.example.com'), zoneMeta('')]
  it.each([
    ['web.dev.example.com', 'dev.example.com'],
    ['dev.example.com', 'dev.example.com'],
    ['web.example.com', 'example.com'],
    ['xdev.example.com', 'example.com'],
    ['example.org', ''],
  ])('%s lies in the most specific zone, %j', (name, zone) => {
    expect(findZone(name, zones)?.zone).toBe(zone)
    expect(longestZone(name, zones.map((z) => z.zone))).toBe(zone)
  })
  it('is none when no zone holds the name', () => {
    expect(findZone('example.org', [zoneMeta('example.com')])).toBeUndefined()
  })
  it.each([
    ['WeB.ExAmple.COM', 'example.com', 'ExAmple.COM'],
    ['WeB.ExAmple.COM.', 'example.com', 'ExAmple.COM'],
    ['ExAmple.COM.', 'example.com', 'ExAmple.COM'],
    ['WeB.ExAmple.COM', '', ''],
    ['WeB.ExAmple.COM.', '', ''],
  ])('spells the apex of %j in %j as the question did: %j', (qname, zone, apex) => {
    expect(zoneAsAsked(qname, zoneMeta(zone))).toBe(apex)
  })
})

describe('apex records', () => {
  const zone = zoneMeta('example.com', {
    ns: [
      { name: 'ns1.example.com', a: ['192.0.2.53'], aaaa: ['2001:db8::53'] },
      { name: 'ns2.example.net', a: ['198.51.100.53'], aaaa: [] },
    ],
  })
  it('gives the SOA the primary name server as MNAME and the SOA minimum as TTL', () => {
    expect(rrText(soaRecord(zone, 'Example.com'))).toBe('Example.com. 30 IN SOA ns1.example.com. hostmaster.dns1.kube-system.example.com. 12345 7200 1800 86400 30')
  })
  it('names the zone itself MNAME when it lists no name server', () => {
    const bare = zoneMeta('example.com', { ns: [] })
    expect(soaRecord(bare, 'example.com').data).toMatchObject({ mname: 'example.com' })
    expect([nsRecords(bare, 'example.com'), glueRecords(bare), nameServerAt(bare, 'example.com')]).toEqual([[], [], undefined])
  })
  it('lists every name server, and A and AAAA glue for each', () => {
    expect(nsRecords(zone, 'example.com').map(rrText)).toEqual(['example.com. 30 IN NS ns1.example.com.', 'example.com. 30 IN NS ns2.example.net.'])
    expect(glueRecords(zone).map(rrText)).toEqual([
      'ns1.example.com. 30 IN A 192.0.2.53',
      'ns1.example.com. 30 IN AAAA 2001:db8::53',
      'ns2.example.net. 30 IN A 198.51.100.53',
    ])
  })
  it('answers the primary name server\'s host from the glue, not a secondary\'s', () => {
    expect(nameServerAt(zone, 'ns1.example.com')).toBe(zone.ns[0])
    expect(nameServerAt(zone, 'ns2.example.net')).toBeUndefined()
    expect(nameServerAt(zone, 'example.com')).toBeUndefined()
  })
  it.each([
    ['A', ['NS1.example.com. 30 IN A 192.0.2.53']],
    ['AAAA', ['NS1.example.com. 30 IN AAAA 2001:db8::53']],
    ['ANY', ['NS1.example.com. 30 IN A 192.0.2.53', 'NS1.example.com. 30 IN AAAA 2001:db8::53']],
    ['TXT', []],
  ])('answers a name server\'s %s from its addresses', (qtype, lines) => {
    expect(addressRecords(zone, zone.ns[0]!, 'NS1.example.com', qtype).map(rrText)).toEqual(lines)
  })
})
