import { describe, expect, it } from 'vitest'
import { ingress, run, service } from '../helpers.ts'

const dns1 = service('dns1', [{ ip: '192.0.2.53' }, { ip: '2001:db8::53' }], {
  namespace: 'kube-system',
})
const dns2 = service('dns2', [{ ip: '192.0.2.54' }], { namespace: 'kube-system' })

describe('zone metadata', () => {
  it('builds SOA and NS from apex, hostmaster and upstream timers, glue from the apex Service', () => {
    const { recordSet } = run([dns1], { ttl: 30 })
    expect(recordSet.zones).toEqual([
      {
        zone: 'example.com',
        ttl: 30,
        ns: [{ name: 'dns1.kube-system.example.com', a: ['192.0.2.53'], aaaa: ['2001:db8::53'] }],
        hostmaster: 'hostmaster.dns1.kube-system.example.com',
        serial: expect.any(Number),
        soa: { refresh: 7200, retry: 1800, expire: 86400, minimum: 60 },
      },
    ])
    // The name server's own name is answered from the glue, not from `names`.
    expect(recordSet.names).toEqual({})
  })

  it('adds the secondary name server with its own glue, per zone', () => {
    const { recordSet } = run([dns1, dns2], {
      secondary: 'dns2.kube-system',
      zones: ['example.com', 'example.org'],
    })
    expect(recordSet.zones.map((z) => z.ns.map((ns) => [ns.name, ns.a]))).toEqual([
      [
        ['dns1.kube-system.example.com', ['192.0.2.53']],
        ['dns2.kube-system.example.com', ['192.0.2.54']],
      ],
      [
        ['dns1.kube-system.example.org', ['192.0.2.53']],
        ['dns2.kube-system.example.org', ['192.0.2.54']],
      ],
    ])
  })

  it('has empty glue when nothing provides the apex key', () => {
    expect(run([]).recordSet.zones[0]!.ns).toEqual([
      { name: 'dns1.kube-system.example.com', a: [], aaaa: [] },
    ])
  })

  it('takes glue from every resource kind, like upstream SelfAddress', () => {
    const viaIngress = ingress('ns', ['dns1.kube-system'], [{ ip: '192.0.2.60' }])
    const glue = run([dns1, viaIngress], { resources: ['Ingress', 'Service'] }).recordSet.zones[0]!
      .ns[0]!
    expect(glue.a).toEqual(['192.0.2.53', '192.0.2.60'])
  })

  it('never uses a load-balancer hostname as glue', () => {
    const lb = service('dns1', [{ hostname: 'lb.example.net' }], { namespace: 'kube-system' })
    const { recordSet, warnings } = run([lb])
    expect(recordSet.zones[0]!.ns[0]!.a).toEqual([])
    expect(warnings).toEqual([
      'Service kube-system/dns1: name server glue cannot use load-balancer hostname lb.example.net',
    ])
  })

  it('derives the serial from the zone settings only: records do not change it', () => {
    const serial = (objects = [dns1], ttl = 60) => run(objects, { ttl }).recordSet.zones[0]!.serial
    expect(serial()).toBe(serial([]))
    expect(serial()).not.toBe(serial([dns1], 61))
    expect(serial()).toBeGreaterThanOrEqual(0)
    expect(serial()).toBeLessThan(2 ** 32)
  })

  it('changes the serial when a name server is renamed, since the NS records change', () => {
    const serial = (secondary: string | null) => run([], { secondary }).recordSet.zones[0]!.serial
    expect(serial('dns2.kube-system')).not.toBe(serial('dns3.kube-system'))
    expect(serial('dns2.kube-system')).not.toBe(serial(null))
  })

  it('carries fallthrough, the forward options (first upstream also alone, for older workers) and owner', () => {
    const forward = { upstreams: ['https://dns.example/q', 'https://b.example/q'], policy: 'sequential' as const, maxFails: 3, healthCheck: 1 }
    const { recordSet } = run([], { fallthrough: ['example.com'], forward, owner: 'eu', serverBlock: [''] })
    expect(recordSet).toMatchObject({
      version: 3,
      owner: 'eu',
      fallthrough: { zones: ['example.com'] },
      upstream: 'https://dns.example/q',
      forward,
      serverBlock: [''],
    })
    expect(run([]).recordSet.fallthrough).toBeNull()
    expect(run([]).recordSet).toMatchObject({ upstream: null })
    expect(run([]).recordSet.forward).toBeUndefined()
  })
})
