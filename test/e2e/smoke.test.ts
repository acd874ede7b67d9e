/**
 * Smoke test of the e2e harness: a real kube-apiserver + etcd, an Ingress whose status
 * is written through the /status subresource, and CoreDNS's k8s_gateway answering the
 * Ingress host with that address over DoH (GET and POST) and over UDP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from './harness/cluster.ts'
import { startCoreDNS, type CoreDNS } from './harness/coredns.ts'
import { answerData, dohQuery, RCODE, rcodeOf, udpQuery } from './harness/dns.ts'
import { waitFor } from './harness/proc.ts'

describe('e2e harness smoke', () => {
  let cluster: Cluster | undefined
  let coredns: CoreDNS | undefined
  const ns = `smoke-${Date.now().toString(36)}`
  // Documentation addresses (RFC 5737): data only, never contacted.
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: ns },
    spec: {
      rules: [
        {
          host: 'web.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] },
        },
      ],
    },
  }

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.applyCrds()
  })

  afterAll(async () => {
    await coredns?.stop()
    await cluster?.stop()
  })

  it('serves the CRD fixtures with status subresources', async () => {
    const kube = cluster!.kube
    for (const name of [
      'gateways.gateway.networking.k8s.io',
      'gatewayclasses.gateway.networking.k8s.io',
      'httproutes.gateway.networking.k8s.io',
      'grpcroutes.gateway.networking.k8s.io',
      'tlsroutes.gateway.networking.k8s.io',
      'virtualservers.k8s.nginx.org',
      'dnsendpoints.externaldns.k8s.io',
    ]) {
      const crd = await kube.get<{ spec: { versions: { name: string; subresources?: { status?: object } }[] } }>(
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      )
      expect(crd.spec.versions.every((v) => v.subresources?.status !== undefined), name).toBe(true)
    }
  })

  it('CoreDNS k8s_gateway answers an Ingress host with its /status address', async () => {
    const kube = cluster!.kube
    await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
    await kube.apply(ingress)
    await kube.applyStatus(ingress, { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } })
    const stored = await kube.get(`/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses/web`)
    expect(stored.status.loadBalancer.ingress).toEqual([{ ip: '192.0.2.10' }])

    coredns = await startCoreDNS({
      corefileBlock: 'k8s_gateway example.com {\n  resources Ingress\n  ttl 30\n}',
      kubeconfigPath: cluster!.kubeconfigPath,
    })

    const get = await dohQuery(coredns.dohUrl, 'web.example.com', 'A')
    expect(rcodeOf(get)).toBe(RCODE.NOERROR)
    expect(answerData(get, 'A')).toEqual(['192.0.2.10'])
    expect((get.answers?.[0] as { ttl?: number } | undefined)?.ttl).toBe(30)

    const post = await dohQuery(coredns.dohUrl, 'web.example.com', 'A', { method: 'POST' })
    expect(answerData(post, 'A')).toEqual(['192.0.2.10'])

    const udp = await udpQuery(coredns.dns.host, coredns.dns.port, 'web.example.com', 'A')
    expect(answerData(udp, 'A')).toEqual(['192.0.2.10'])

    const missing = await dohQuery(coredns.dohUrl, 'missing.example.com', 'A')
    expect(rcodeOf(missing)).toBe(RCODE.NXDOMAIN)

    // A status change reaches CoreDNS through its watch.
    await kube.applyStatus(ingress, { loadBalancer: { ingress: [{ ip: '192.0.2.11' }] } })
    const changed = await waitFor('CoreDNS to see the new Ingress status', async () => {
      const msg = await dohQuery(coredns!.dohUrl, 'web.example.com', 'A')
      const ips = answerData(msg, 'A')
      return ips.includes('192.0.2.11') ? ips : undefined
    }, { timeoutMs: 30_000 })
    expect(changed).toEqual(['192.0.2.11'])
  })

  it('kube-apiserver restarts on the same address with its data', async () => {
    await cluster!.restartApiServer()
    const stored = await cluster!.kube.get(`/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses/web`)
    expect(stored.status.loadBalancer.ingress).toEqual([{ ip: '192.0.2.11' }])
  })
})
