import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../../../sync-agent/render/types.ts'
import { ingress, run } from '../helpers.ts'

describe('malformed objects never throw', () => {
  it('skips an object without metadata.name, with a warning', () => {
    const { metadata: _m, ...nameless } = ingress('x', ['x.example.com'], [{ ip: '192.0.2.1' }])
    const { recordSet, warnings } = run([nameless as KubeObject])
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual(['Ingress default/<no name>: no metadata.name, skipped'])
  })

  it('reads fields of the wrong type as absent', () => {
    const weird: KubeObject[] = [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'a' },
        spec: { rules: 'nope' },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'b' },
        spec: { rules: [null, 3, { host: 7 }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'c', labels: 'x' },
        spec: { type: 'LoadBalancer', externalIPs: 'x' },
      },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'd' },
        spec: { hostnames: ['d.example.com'], parentRefs: [null, {}] },
      },
      {
        apiVersion: 'externaldns.k8s.io/v1alpha1',
        kind: 'DNSEndpoint',
        metadata: { name: 'e' },
        spec: { endpoints: [{ dnsName: 'e.example.com', recordType: 'A', targets: [1] }] },
      },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'f' }, status: { addresses: {} } },
      {
        apiVersion: 'k8s.nginx.org/v1',
        kind: 'VirtualServer',
        metadata: { name: 'g' },
        spec: {},
        status: null,
      },
    ]
    const { recordSet, warnings } = run(weird)
    expect(recordSet.names).toEqual({})
    expect(
      warnings.every((w) => /^(Service|Node|VirtualServer|HTTPRoute|DNSEndpoint|Ingress) /.test(w))
    ).toBe(true)
  })

  it('ignores kinds it does not know', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }
    expect(run([deployment])).toMatchObject({ recordSet: { names: {} }, warnings: [] })
  })
})
