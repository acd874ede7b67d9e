/**
 * What one object may claim and one name may carry (src/core/limits.ts): the excess is skipped
 * with a warning naming the object, and everything else is served.
 */
import { describe, expect, it } from 'vitest'
import { MAX_ADDRESSES_PER_FAMILY, MAX_HOSTNAMES_PER_OBJECT, MAX_RECORDS_PER_TYPE, MAX_TXT_OCTETS, MAX_TXT_VALUES } from '../../../src/core/limits.ts'
import { capAddresses, capHostnames, capRecords, capTxt } from '../../../sync-agent/render/caps.ts'
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

describe('caps at their limits: the limit itself is allowed, one more is not', () => {
  const kept = <T>(cap: (warn: (m: string) => void) => T) => {
    const warnings: string[] = []
    return { kept: cap((m) => void warnings.push(m)), warnings }
  }
  const seq = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i))

  it.each([
    [MAX_HOSTNAMES_PER_OBJECT, MAX_HOSTNAMES_PER_OBJECT, 0],
    [MAX_HOSTNAMES_PER_OBJECT + 1, MAX_HOSTNAMES_PER_OBJECT, 1],
  ])('an object with %i distinct hosts keeps %i (%i warnings)', (count, served, warned) => {
    // Two entries per host: the cap counts distinct hosts, not entries.
    const entries = seq(count, (i) => `h${i}.example.com`).flatMap((host) => [{ host, addresses: ['192.0.2.1'] }, { host, txt: ['x'] }])
    const r = kept((warn) => capHostnames(entries, warn))
    expect(new Set(r.kept.map((e) => e.host)).size).toBe(served)
    expect(r.kept).toHaveLength(served * 2)
    expect(r.warnings).toHaveLength(warned)
  })

  it.each([
    [MAX_ADDRESSES_PER_FAMILY, 0],
    [MAX_ADDRESSES_PER_FAMILY + 1, 1],
  ])('%i addresses of a family: the first 64 served, %i warnings', (count, warned) => {
    const r = kept((warn) => capAddresses(seq(count, (i) => `10.0.0.${i}`), 'IPv4', warn))
    expect(r.kept).toEqual(seq(Math.min(count, MAX_ADDRESSES_PER_FAMILY), (i) => `10.0.0.${i}`))
    expect(r.warnings).toHaveLength(warned)
  })

  it.each([
    [MAX_RECORDS_PER_TYPE, 0],
    [MAX_RECORDS_PER_TYPE + 1, 1],
  ])('%i records of a type: the first 16 served, %i warnings', (count, warned) => {
    const r = kept((warn) => capRecords(seq(count, (i) => `h${i}.example.com`), 'PTR', warn))
    expect(r.kept).toHaveLength(Math.min(count, MAX_RECORDS_PER_TYPE))
    expect(r.warnings).toHaveLength(warned)
  })

  it('keeps TXT values that fill exactly 4096 octets, and skips the octet beyond', () => {
    const quarter = 'x'.repeat(MAX_TXT_OCTETS / 4)
    expect(kept((warn) => capTxt([quarter, quarter, quarter, quarter], warn))).toEqual({ kept: [quarter, quarter, quarter, quarter], warnings: [] })
    const r = kept((warn) => capTxt([quarter, quarter, quarter, quarter, 'y'], warn))
    expect(r.kept).toEqual([quarter, quarter, quarter, quarter])
    expect(r.warnings).toEqual(['5 TXT values, beyond 16 values or 4096 octets: 1 skipped'])
  })
})
