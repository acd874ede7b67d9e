/** PTR names of reverse zones, derived from the addresses every other name is served with. */
import { describe, expect, it } from 'vitest'
import { reverseName } from '../../../src/core/dns/reverse.ts'
import { withReversePointers } from '../../../sync-agent/render/reverse-zones.ts'
import { zoneMeta } from '../../helpers/recordset.ts'
import { dnsEndpoint, ingress, run, service } from '../helpers.ts'

const V4_ZONE = '2.0.192.in-addr.arpa'
const V6_ZONE = '8.b.d.0.1.0.0.2.ip6.arpa'

describe('reverse names', () => {
  it.each([
    ['192.0.2.10', '10.2.0.192.in-addr.arpa'],
    ['0.0.0.0', '0.0.0.0.in-addr.arpa'],
    ['2001:db8::1', `1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.${V6_ZONE}`],
    ['2001:db8:abcd:12::ff00', `0.0.f.f.0.0.0.0.0.0.0.0.0.0.0.0.2.1.0.0.d.c.b.a.${V6_ZONE}`],
  ])('%s -> %s', (address, name) => {
    expect(reverseName(address)).toBe(name)
  })
})

describe('PTR records of reverse zones', () => {
  const web = ingress('web', ['web.example.com', 'www.example.com'], [{ ip: '192.0.2.10' }, { ip: '2001:db8::10' }])
  const api = ingress('api', ['api.example.com'], [{ ip: '192.0.2.20' }, { ip: '198.51.100.1' }])

  it('gives every served address inside a reverse zone a PTR name, several names sorted', () => {
    const { recordSet, warnings } = run([web, api], { zones: ['example.com', V4_ZONE, V6_ZONE] })
    expect(recordSet.names[`10.${V4_ZONE}`]).toEqual({ ptr: ['web.example.com', 'www.example.com'] })
    expect(recordSet.names[`20.${V4_ZONE}`]).toEqual({ ptr: ['api.example.com'] })
    expect(recordSet.names[reverseName('2001:db8::10')!]).toEqual({ ptr: ['web.example.com', 'www.example.com'] })
    // 198.51.100.1 lies in no reverse zone we serve: no PTR for it.
    expect(Object.keys(recordSet.names).filter((n) => n.endsWith('.arpa'))).toHaveLength(3)
    expect(warnings).toEqual([])
  })

  it('keeps the names sorted, reverse names among them', () => {
    const { recordSet } = run([web, api], { zones: ['example.com', V4_ZONE] })
    const keys = Object.keys(recordSet.names)
    expect(keys).toEqual([...keys].sort())
  })

  it('serves nothing extra without a reverse zone', () => {
    expect(Object.keys(run([web]).recordSet.names)).toEqual(['web.example.com', 'www.example.com'])
  })

  it('serves the whole in-addr.arpa as one zone', () => {
    const { recordSet } = run([api], { zones: ['example.com', 'in-addr.arpa'] })
    expect(recordSet.names[`20.${V4_ZONE}`]).toEqual({ ptr: ['api.example.com'] })
    expect(recordSet.names['1.100.51.198.in-addr.arpa']).toEqual({ ptr: ['api.example.com'] })
  })

  it('points the name server glue back at the name server host', () => {
    const dns = service('dns1', [{ ip: '192.0.2.53' }], { namespace: 'kube-system' })
    const { recordSet } = run([dns], { zones: ['example.com', V4_ZONE] })
    expect(recordSet.names[`53.${V4_ZONE}`]).toEqual({ ptr: ['dns1.kube-system.example.com'] })
  })

  it('gives wildcards and load-balancer hostnames no PTR', () => {
    const wild = ingress('wild', ['*.apps.example.com'], [{ ip: '192.0.2.30' }])
    const lb = ingress('lb', ['lb.example.com'], [{ hostname: 'lb.example.net' }])
    const { recordSet } = run([wild, lb], { zones: ['example.com', V4_ZONE] })
    expect(Object.keys(recordSet.names).filter((n) => n.endsWith('.arpa'))).toEqual([])
  })

  it('serves a reverse name a DNSEndpoint gives records itself as given', () => {
    const own = dnsEndpoint('ptr', [{ dnsName: `10.${V4_ZONE}`, recordType: 'PTR', targets: ['canonical.example.com'] }])
    const { recordSet } = run([web, own], { zones: ['example.com', V4_ZONE] })
    expect(recordSet.names[`10.${V4_ZONE}`]).toEqual({ ptr: ['canonical.example.com'] })
  })

  it('serves the first 16 names pointing at one address, with a warning', () => {
    const crowd = ingress('crowd', Array.from({ length: 20 }, (_, i) => `h${String(i).padStart(2, '0')}.example.com`), [{ ip: '192.0.2.40' }])
    const { recordSet, warnings } = run([crowd], { zones: ['example.com', V4_ZONE] })
    expect(recordSet.names[`40.${V4_ZONE}`]!.ptr).toEqual(Array.from({ length: 16 }, (_, i) => `h${String(i).padStart(2, '0')}.example.com`))
    expect(warnings).toEqual([`40.${V4_ZONE} (192.0.2.40): 20 names point at the address: 20 PTR records, more than 16: the first 16 served`])
  })
})

describe('relative names and reverse zones', () => {
  it('serves a relative host (a Service name.namespace) in the forward zones only', () => {
    const svc = service('web', [{ ip: '192.0.2.10' }])
    const { recordSet } = run([svc], { zones: ['example.com', V4_ZONE] })
    expect(Object.keys(recordSet.names)).toEqual([`10.${V4_ZONE}`, 'web.default.example.com'])
    expect(recordSet.names[`10.${V4_ZONE}`]).toEqual({ ptr: ['web.default.example.com'] })
  })
})

describe('PTR names from the name server glue', () => {
  it('points IPv6 glue back at the name server host too', () => {
    const dns = service('dns1', [{ ip: '2001:db8::53' }], { namespace: 'kube-system' })
    const { recordSet } = run([dns], { zones: ['example.com', V6_ZONE] })
    expect(recordSet.names[reverseName('2001:db8::53')!]).toEqual({ ptr: ['dns1.kube-system.example.com'] })
  })

  it('sorts the names at one address, glue hosts among them', () => {
    const dns = service('dns1', [{ ip: '192.0.2.53' }], { namespace: 'kube-system' })
    const web = ingress('web', ['web.example.com'], [{ ip: '192.0.2.53' }])
    const { recordSet } = run([web, dns], { zones: ['example.com', V4_ZONE], resources: ['Ingress', 'Service'] })
    expect(recordSet.names[`53.${V4_ZONE}`]).toEqual({ ptr: ['dns1.kube-system.example.com', 'web.example.com'] })
  })
})

describe('withReversePointers', () => {
  const zones = [zoneMeta('example.com', { ns: [] }), zoneMeta(V4_ZONE, { ns: [] })]

  it('returns the names as given when no address lies in a reverse zone', () => {
    const given = { 'b.example.com': { a: ['198.51.100.1'] }, 'a.example.com': { a: ['198.51.100.2'] } }
    expect(withReversePointers(given, zones, () => {})).toBe(given)
  })

  it('skips a value that is no IP address', () => {
    const given = { 'web.example.com': { a: ['not-an-address', '192.0.2.1'] } }
    expect(withReversePointers(given, zones, () => {})).toEqual({ [`1.${V4_ZONE}`]: { ptr: ['web.example.com'] }, 'web.example.com': given['web.example.com'] })
  })
})

