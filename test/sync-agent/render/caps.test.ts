/**
 * What one object may claim and one name may carry (src/core/limits.ts): the excess is skipped
 * with a warning naming the object, and everything else is served.
 */
import { describe, expect, it } from 'vitest'
import { MAX_ADDRESSES_PER_FAMILY, MAX_HOSTNAMES_PER_OBJECT, MAX_TXT_VALUES } from '../../../src/core/limits.ts'
import { dnsEndpoint, ingress, run } from '../helpers.ts'

const resources = { resources: ['Ingress' as const, 'DNSEndpoint' as const] }

describe('caps', () => {
  it('serves the first 100 hostnames of an object that claims more, and the other objects whole', () => {
    const hosts = Array.from({ length: 150 }, (_, i) => `h${i}.example.com`)
    const { recordSet, warnings } = run([ingress('many', hosts, [{ ip: '192.0.2.1' }]), ingress('web', ['web.example.com'], [{ ip: '192.0.2.2' }])], resources)
    const served = Object.keys(recordSet.names)
    expect(served.filter((n) => n.startsWith('h'))).toHaveLength(MAX_HOSTNAMES_PER_OBJECT)
    expect(served).toContain('h99.example.com')
    expect(served).not.toContain('h100.example.com')
    expect(recordSet.names['web.example.com']).toEqual({ a: ['192.0.2.2'] })
    expect(warnings).toEqual(['Ingress default/many: claims 150 hostnames, more than 100: the first 100 served, 50 skipped'])
  })

  it('serves the first 64 addresses per family of a name, sorted', () => {
    const targets = Array.from({ length: 70 }, (_, i) => `10.0.0.${i + 10}`)
    const { recordSet, warnings } = run([dnsEndpoint('lots', [{ dnsName: 'a.example.com', recordType: 'A', targets }])], resources)
    const a = recordSet.names['a.example.com']!.a!
    expect(a).toHaveLength(MAX_ADDRESSES_PER_FAMILY)
    expect(a).toEqual([...targets].sort().slice(0, 64))
    expect(warnings).toEqual(['DNSEndpoint default/lots: a.example.com: 70 IPv4 addresses, more than 64: the first 64 served'])
  })

  it('serves at most 16 TXT values of a name', () => {
    const targets = Array.from({ length: 20 }, (_, i) => `v${i}`)
    const { recordSet, warnings } = run([dnsEndpoint('txt', [{ dnsName: 't.example.com', recordType: 'TXT', targets }])], resources)
    expect(recordSet.names['t.example.com']!.txt).toEqual(targets.slice(0, MAX_TXT_VALUES))
    expect(warnings).toEqual(['DNSEndpoint default/txt: t.example.com: 20 TXT values, beyond 16 values or 4096 octets: 4 skipped'])
  })

  it('counts TXT size in UTF-8 octets, not characters', () => {
    const wide = 'é'.repeat(1100) // 1,100 characters, 2,200 octets
    const { recordSet, warnings } = run([dnsEndpoint('txt', [{ dnsName: 't.example.com', recordType: 'TXT', targets: [wide, `${wide}!`, 'short'] }])], resources)
    expect(recordSet.names['t.example.com']!.txt).toEqual([wide, 'short'])
    expect(warnings).toHaveLength(1)
  })
})
