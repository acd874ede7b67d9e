import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../../../sync-agent/render/types.ts'
import { gateway, ingress, run } from '../helpers.ts'

describe('malformed objects never throw', () => {
  it('skips an object without metadata.name, with a warning', () => {
    const { metadata: _m, ...nameless } = ingress('x', ['x.example.com'], [{ ip: '192.0.2.1' }])
    const { recordSet, warnings } = run([nameless as KubeObject])
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual(['Ingress default/<no name>: no metadata.name, skipped'])
  })

  // Each object carries a status, so the renderers do reach the ill-typed fields (no early return
  // on a missing status); every one is read as absent, with the kind's own warning.
  it('reads fields of the wrong type as absent', () => {
    const lb = { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } }
    const weird: KubeObject[] = [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'a' },
        spec: { rules: 'nope' },
        status: lb,
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'b' },
        spec: { rules: [null, 3, { host: 7 }] },
        status: lb,
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'b2' },
        spec: { rules: [{ host: 'b2.example.com' }] },
        status: { loadBalancer: { ingress: [null, 5, { ip: 7 }, { hostname: [] }] } },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'c', labels: 'x' },
        spec: { type: 'LoadBalancer', externalIPs: 'x' },
        status: lb,
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'c2' },
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: { ingress: 'x' } },
      },
      gateway('gw', 'default', [{ value: '192.0.2.9' }]),
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'd' },
        spec: { hostnames: ['d.example.com', 5], parentRefs: [null, {}, { name: 7 }] },
      },
      {
        apiVersion: 'externaldns.k8s.io/v1alpha1',
        kind: 'DNSEndpoint',
        metadata: { name: 'e' },
        spec: {
          endpoints: [
            { dnsName: 'e.example.com', recordType: 'A', targets: [1] },
            null,
            { dnsName: 3 },
          ],
        },
      },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'f' }, status: { addresses: {} } },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'f2' },
        status: { addresses: [null, { type: 'ExternalIP', address: 9 }] },
      },
      {
        apiVersion: 'k8s.nginx.org/v1',
        kind: 'VirtualServer',
        metadata: { name: 'g' },
        spec: {},
        status: null,
      },
      {
        apiVersion: 'k8s.nginx.org/v1',
        kind: 'VirtualServer',
        metadata: { name: 'g2' },
        spec: { host: 'g2.example.com' },
        status: { externalEndpoints: [null, { ip: 4 }] },
      },
    ]
    const { recordSet, warnings } = run(weird)
    // A Service's name is its own, not read from its ill-typed labels or externalIPs.
    expect(recordSet.names).toEqual({ 'c.default.example.com': { a: ['192.0.2.1'] } })
    expect(warnings).toEqual([
      'DNSEndpoint default/e: endpoints[1] has no dnsName, skipped',
      'DNSEndpoint default/e: endpoints[2] has no dnsName, skipped',
      'Ingress default/b2: no address in status.loadBalancer.ingress yet, its hosts are not served',
      'Node f: no status address of type Hostname, not served',
      'Node f2: no status address of type Hostname, not served',
      'Service default/c2: no externalIPs and no address in status.loadBalancer.ingress yet, not served',
      'VirtualServer default/g: no spec.host, nothing to serve',
      'VirtualServer default/g2: no address in status.externalEndpoints yet, its host is not served',
    ])
  })

  it('ignores kinds it does not know', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }
    expect(run([deployment])).toMatchObject({ recordSet: { names: {} }, warnings: [] })
  })
})
