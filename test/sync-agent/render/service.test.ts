import { describe, expect, it } from 'vitest'
import { names, run, service } from '../helpers.ts'

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

  it('says resolve-endpoints is not supported', () => {
    const svc = service('x', [], {
      spec: { type: 'ClusterIP' },
      annotations: { 'k8s-gateway.dns/resolve-endpoints': 'true' },
    })
    expect(run([svc]).warnings).toEqual([
      'Service default/x: k8s-gateway.dns/resolve-endpoints is not supported, only LoadBalancer Services are served',
    ])
  })
})
