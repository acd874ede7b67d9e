/** Synthetic clusters for the benchmarks: N Ingresses, one host each, IPv4 and IPv6 status. */
import type { KubeObject } from '../sync-agent/render/types.ts'

export function ingresses(n: number, version = 0): KubeObject[] {
  return Array.from({ length: n }, (_, i) => ingress(i, version))
}

export function ingress(i: number, version = 0, host = `app${i}.example.com`): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: `app${i}`, namespace: `ns${i % 100}`, uid: `uid-${i}` },
    spec: { rules: [{ host }] },
    status: {
      loadBalancer: {
        ingress: [{ ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i + version) & 255}` }, { ip: `2001:db8::${(i + version).toString(16)}` }],
      },
    },
  }
}
