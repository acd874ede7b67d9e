import { describe, expect, it } from 'vitest'
import { renderService } from '../../../sync-agent/render/service.ts'
import type { KubeObject } from '../../../sync-agent/render/types.ts'
import { endpointSlice, names, run, service } from '../helpers.ts'
import { renderKind } from './kind-context.ts'

describe('Service', () => {
  it('serves a LoadBalancer Service as name.namespace in every zone', () => {
    const db = service('db', [{ ip: '192.0.2.20' }], { namespace: 'data' })
    expect(names([db], { zones: ['example.com', 'example.org'] })).toEqual({
      'db.data.example.com': { a: ['192.0.2.20'] },
      'db.data.example.org': { a: ['192.0.2.20'] },
    })
  })

  it('ignores other Service types', () => {
    const internal = service('int', [{ ip: '192.0.2.1' }], { spec: { type: 'ClusterIP' } })
    expect(names([internal])).toEqual({})
  })

  it('prefers spec.externalIPs over the status', () => {
    const svc = service('ext', [{ ip: '192.0.2.1' }], {
      spec: { type: 'LoadBalancer', externalIPs: ['198.51.100.7'] },
    })
    expect(names([svc])).toEqual({ 'ext.default.example.com': { a: ['198.51.100.7'] } })
  })

  it('takes the strings of spec.externalIPs only, silently', () => {
    const svc = service('ext', [], { spec: { type: 'LoadBalancer', externalIPs: [42, null, '198.51.100.7'] } })
    expect(run([svc])).toMatchObject({ recordSet: { names: { 'ext.default.example.com': { a: ['198.51.100.7'] } } }, warnings: [] })
  })

  it('says nothing of the health annotation of a Service that has no address to publish', () => {
    const pending = service('p', [], { annotations: { 'k8s-gateway-doh/health': 'yes' } })
    expect(run([pending]).warnings).toEqual([
      'Service default/p: no externalIPs and no address in status.loadBalancer.ingress yet, not served',
    ])
  })

  it.each<[string, KubeObject, object]>([
    ['of type ClusterIP', service('s', [{ ip: '192.0.2.1' }], { spec: { type: 'ClusterIP' } }), {}],
    ['not selected by serviceLabelSelectors', service('s', [{ ip: '192.0.2.1' }]), { serviceLabelSelectors: ['expose=public'] }],
    ['without an address yet', service('s', []), {}],
    ['health-checked, without a ready endpoint', service('s', [{ ip: '192.0.2.1' }], { annotations: { 'k8s-gateway-doh/health': 'endpoints' } }), { endpointHealth: true }],
  ])('gives no entry for a Service %s', (_, svc, overrides) => {
    const notReady = endpointSlice('s-1', 's', [{ addresses: ['10.0.0.1'], ready: false }])
    expect(renderKind(renderService, svc, [notReady], overrides).entries).toEqual([])
  })

  it.each([
    'coredns.io/hostname',
    'external-dns.alpha.kubernetes.io/hostname',
    'external-dns.kubernetes.io/hostname',
  ])('uses the %s annotation instead of name.namespace', (key) => {
    const svc = service('web', [{ ip: '192.0.2.1' }], {
      annotations: { [key]: 'Web.example.com, *.apps.example.com ,api' },
    })
    expect(Object.keys(names([svc]))).toEqual([
      '*.apps.example.com',
      'api.example.com',
      'web.example.com',
    ])
  })

  it('takes the first annotation present, in upstream order', () => {
    const svc = service('web', [{ ip: '192.0.2.1' }], {
      annotations: {
        'external-dns.alpha.kubernetes.io/hostname': 'b.example.com',
        'coredns.io/hostname': 'a.example.com',
      },
    })
    expect(Object.keys(names([svc]))).toEqual(['a.example.com'])
  })

  it('filters by serviceLabelSelectors: any selector may match', () => {
    const a = service('a', [{ ip: '192.0.2.1' }], { labels: { expose: 'public' } })
    const b = service('b', [{ ip: '192.0.2.2' }], { labels: { team: 'dns', tier: 'edge' } })
    const c = service('c', [{ ip: '192.0.2.3' }], { labels: { team: 'dns' } })
    const result = names([a, b, c], {
      serviceLabelSelectors: ['expose=public', 'team=dns,tier in (edge)'],
    })
    expect(Object.keys(result)).toEqual(['a.default.example.com', 'b.default.example.com'])
  })

  it('warns about an empty annotation and a pending load balancer', () => {
    const empty = service('e', [{ ip: '192.0.2.1' }], {
      annotations: { 'coredns.io/hostname': ' ' },
    })
    const pending = service('p', [])
    const { recordSet, warnings } = run([empty, pending])
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual([
      'Service default/e: annotation coredns.io/hostname is empty, not served',
      'Service default/p: no externalIPs and no address in status.loadBalancer.ingress yet, not served',
    ])
  })

  describe('type ExternalName', () => {
    const ext = (externalName: unknown, m: { annotations?: Record<string, string> } = {}) =>
      service('ext', [], { spec: { type: 'ExternalName', externalName }, ...m })

    it('answers a CNAME to spec.externalName under name.namespace in every zone', () => {
      expect(names([ext('DB.Provider.example.net.')], { zones: ['example.com', 'example.org'] })).toEqual({
        'ext.default.example.com': { cname: 'db.provider.example.net' },
        'ext.default.example.org': { cname: 'db.provider.example.net' },
      })
    })

    it('answers under the hostname annotation instead, as a LoadBalancer Service would', () => {
      const svc = ext('db.provider.example.net', { annotations: { 'coredns.io/hostname': 'db.example.com' } })
      expect(names([svc])).toEqual({ 'db.example.com': { cname: 'db.provider.example.net' } })
    })

    it.each([
      [undefined, 'type ExternalName without spec.externalName, not served'],
      ['  ', 'type ExternalName without spec.externalName, not served'],
      ['192.0.2.7', 'spec.externalName 192.0.2.7 is an IP address, not a DNS name: not served (use externalIPs or the target annotation)'],
      ['bad..name', 'load-balancer hostname "bad..name" is invalid (empty label), skipped'],
    ])('does not serve spec.externalName %j', (externalName, warning) => {
      const { recordSet, warnings } = run([ext(externalName)])
      expect(recordSet.names).toEqual({})
      expect(warnings).toEqual([`Service default/ext: ${warning}`])
    })
  })

  it('does not serve a ClusterIP Service that does not ask for its endpoints, even with a target annotation', () => {
    const svc = service('int', [], {
      spec: { type: 'ClusterIP' },
      annotations: { 'external-dns.alpha.kubernetes.io/target': '192.0.2.1' },
    })
    expect(run([svc])).toMatchObject({ recordSet: { names: {} }, warnings: [] })
  })
})

describe('a CNAME to the name itself', () => {
  it('is skipped with a warning, for an ExternalName or a target annotation', () => {
    const loop = service('db', [], {
      spec: { type: 'ExternalName', externalName: 'DB.example.com.' },
      annotations: { 'coredns.io/hostname': 'db.example.com,db2.example.com' },
    })
    const { recordSet, warnings } = run([loop])
    expect(recordSet.names).toEqual({ 'db2.example.com': { cname: 'db.example.com' } })
    expect(warnings).toEqual(['Service default/db: db.example.com would be a CNAME to itself, that target skipped'])
  })
})
