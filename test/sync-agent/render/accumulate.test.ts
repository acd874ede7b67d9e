/**
 * One name's values from the objects of one kind (accumulate.ts): checked per entry, merged,
 * then turned into the name's records with the caps and the one-TTL rule.
 */
import { describe, expect, it } from 'vitest'
import { MAX_RECORDS_PER_TYPE } from '../../../src/core/limits.ts'
import { addValues, entryValues, finalize, hasData, isEmpty, newAcc, type Values } from '../../../sync-agent/render/accumulate.ts'
import type { Entry } from '../../../sync-agent/render/types.ts'
import { dnsEndpoint, ingress, run } from '../helpers.ts'

const none: Values = { a: [], aaaa: [], txt: [], hostnames: [], cnames: [], mx: [], srv: [], caa: [], ptr: [] }
const collect = () => {
  const warnings: string[] = []
  return { warnings, warn: (m: string) => void warnings.push(m) }
}

/** The records of `name` from these entries, each given by the object named with it. */
function records(name: string, entries: [string, Entry][], apex?: boolean) {
  const { warnings, warn } = collect()
  const acc = newAcc()
  for (const [object, entry] of entries) addValues(acc, entryValues(entry, warn), object)
  return { records: apex === undefined ? finalize(acc, name, warn) : finalize(acc, name, warn, apex), warnings }
}

describe('emptiness', () => {
  it('values with nothing in them are empty', () => {
    expect(isEmpty(none)).toBe(true)
  })

  it.each<[keyof Values, unknown]>([
    ['aaaa', '2001:db8::1'],
    ['txt', 'hello'],
    ['hostnames', 'lb.example.net'],
    ['cnames', 'web.example.net'],
    ['mx', { preference: 10, exchange: 'mail.example.com' }],
    ['srv', { priority: 1, weight: 1, port: 443, target: 'web.example.com' }],
    ['caa', { flags: 0, tag: 'issue', value: 'ca.example' }],
    ['ptr', 'web.example.com'],
  ])('one address and one %s are not empty', (field, value) => {
    expect(isEmpty({ ...none, a: ['192.0.2.1'], [field]: [value] })).toBe(false)
  })

  it('a name with nothing collected has no data, one address is data', () => {
    const acc = newAcc()
    expect(hasData(acc)).toBe(false)
    addValues(acc, { ...none, a: ['192.0.2.1'] }, 'Ingress default/web')
    expect(hasData(acc)).toBe(true)
  })
})

describe('entry values', () => {
  it('reads a load-balancer hostname trimmed, lower-cased, without its final dot', () => {
    const { warn, warnings } = collect()
    expect(entryValues({ host: 'web.example.com', hostnames: [' LB.Example.NET. '] }, warn).hostnames).toEqual(['lb.example.net'])
    expect(warnings).toEqual([])
    expect(run([ingress('web', ['web.example.com'], [{ hostname: ' lb.example.net ' }])]).recordSet.names).toEqual({ 'web.example.com': { cname: 'lb.example.net' } })
  })
})

describe('records', () => {
  it('serves a CNAME target outside a zone apex unless told the name is an apex', () => {
    const entries: [string, Entry][] = [['DNSEndpoint default/c', { host: 'www.example.com', cnames: ['web.example.net'] }]]
    expect(records('www.example.com', entries).records).toEqual({ cname: 'web.example.net' })
    expect(records('example.com', entries, true).records).toEqual({})
  })

  it('names every object of the name when a cap applies', () => {
    const half = (from: number) => Array.from({ length: 40 }, (_, i) => `10.0.${from}.${i}`)
    const { recordSet, warnings } = run([
      dnsEndpoint('a', [{ dnsName: 'many.example.com', recordType: 'A', targets: half(1) }]),
      dnsEndpoint('b', [{ dnsName: 'many.example.com', recordType: 'A', targets: half(2) }]),
    ])
    expect(recordSet.names['many.example.com']!.a).toHaveLength(64)
    expect(warnings).toEqual(['DNSEndpoint default/a, DNSEndpoint default/b: many.example.com: 80 IPv4 addresses, more than 64: the first 64 served'])
  })

  const over = MAX_RECORDS_PER_TYPE + 1
  const seq = <T>(f: (i: number) => T) => Array.from({ length: over }, (_, i) => f(i))
  it.each<[string, Entry]>([
    ['IPv6 addresses', { host: 'x', addresses: Array.from({ length: 65 }, (_, i) => `2001:db8::${(i + 1).toString(16)}`) }],
    ['MX records', { host: 'x', mx: seq((i) => ({ preference: i, exchange: 'mail.example.com' })) }],
    ['SRV records', { host: 'x', srv: seq((i) => ({ priority: i, weight: 1, port: 443, target: 'web.example.com' })) }],
    ['CAA records', { host: 'x', caa: seq((i) => ({ flags: 0, tag: 'issue', value: `ca${i}.example` })) }],
    ['PTR records', { host: 'x', ptr: seq((i) => `h${i}.example.com`) }],
  ])('the cap warning on %s names the kind of record', (what, entry) => {
    const { warnings } = records('x.example.com', [['DNSEndpoint default/d', entry]])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(new RegExp(`^DNSEndpoint default/d: x\\.example\\.com: \\d+ ${what}, more than \\d+: the first \\d+ served$`))
  })
})

describe('one TTL per name', () => {
  it('serves the one recordTTL given without a warning', () => {
    expect(records('x.example.com', [['DNSEndpoint default/a', { host: 'x', addresses: ['192.0.2.1'], ttl: 300 }], ['DNSEndpoint default/b', { host: 'x', addresses: ['192.0.2.2'], ttl: 300 }]])).toEqual({
      records: { a: ['192.0.2.1', '192.0.2.2'], ttl: 300 },
      warnings: [],
    })
  })

  it('serves the smallest of different recordTTLs, naming who gave each', () => {
    const { records: r, warnings } = records('x.example.com', [
      ['DNSEndpoint default/a', { host: 'x', addresses: ['192.0.2.1'], ttl: 300 }],
      ['DNSEndpoint default/b', { host: 'x', addresses: ['192.0.2.2'], ttl: 300 }],
      ['DNSEndpoint default/c', { host: 'x', addresses: ['192.0.2.3'], ttl: 60 }],
    ])
    expect(r.ttl).toBe(60)
    expect(warnings).toEqual([
      'x.example.com: endpoints give different recordTTLs, 300 (DNSEndpoint default/a, DNSEndpoint default/b), 60 (DNSEndpoint default/c): 60 served for every record of the name',
    ])
  })
})
