/**
 * The sources k8s_gateway users ask for, on a real API server, each answered over DoH and
 * followed through a change: an ExternalName Service (a CNAME), an Ingress whose controller
 * leaves status empty (the external-dns target annotation), a headless Service answered with
 * its EndpointSlices (watched only once a Service asks), and an HTTPRoute without hostnames
 * (its Gateway listener's hostname). The agent runs as the chart deploys it, RBAC included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { makeTempDir } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { chartAgent } from './chart-agent.ts'
import { converge, firstSync, freshNamespace, logsWhere, remove, table, waitForLog, ZONE, type Expected } from './support.ts'

const TARGET = 'external-dns.alpha.kubernetes.io/target'
const RESOLVE = 'k8s-gateway.dns/resolve-endpoints'

describe('new sources on a real API server', () => {
  let cluster: Cluster
  let worker: LocalWorker
  let agent: AgentProc
  let ns: string
  const tmp = makeTempDir('scenario-sources-')
  const rows: (string | number)[][] = []

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.applyCrds()
    ns = await freshNamespace(cluster, 'src')
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir })
    const chart = await chartAgent(cluster, tmp.dir, { domain: ZONE, ttl: 30, watchedResources: ['Ingress', 'Service', 'HTTPRoute'], owner: 'default' })
    agent = await startAgent({ ...chart, persistTo: tmp.dir, workDir: tmp.dir })
    await firstSync(agent)
  })

  afterAll(async () => {
    // Steps follow each other closely, so most figures include the agent's 1 s publish spacing
    // (lifecycle.test.ts measures isolated changes).
    if (rows.length) table('sources: ms from the API write to the first matching DoH answer (changes back to back)', ['source', 'step', 'ms'], rows)
    await agent?.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  const apply = <T extends { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }>(o: T) => cluster.kube.apply(o)
  /** Waits for the answer and records how long it took. */
  const step = async (source: string, what: string, name: string, type: string, want: Expected) => {
    rows.push([source, what, await converge(worker.dohUrl, name, type, want, { agent })])
  }

  it('ExternalName Service: a CNAME to spec.externalName, then the target annotation instead', async () => {
    const svc = (externalName: string, annotations?: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'billing', namespace: ns, ...(annotations ? { annotations } : {}) },
      spec: { type: 'ExternalName', externalName },
    })
    const name = `billing.${ns}.${ZONE}`
    await apply(svc('billing.saas.example.net'))
    await step('ExternalName', 'create', name, 'CNAME', ['billing.saas.example.net'])
    await apply(svc('billing-eu.saas.example.net'))
    await step('ExternalName', 'new externalName', name, 'CNAME', ['billing-eu.saas.example.net'])
    await apply(svc('billing-eu.saas.example.net', { [TARGET]: '192.0.2.61' }))
    await step('ExternalName', 'target annotation', name, 'A', ['192.0.2.61'])
    await remove(cluster, svc(''))
    await step('ExternalName', 'delete', name, 'A', 'NXDOMAIN')
  })

  it('Ingress without status: the target annotation gives its addresses, or a CNAME', async () => {
    const ing = (target: string) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'tunnel', namespace: ns, annotations: { [TARGET]: target } },
      spec: { rules: [{ host: `tunnel.${ZONE}` }] },
    })
    const name = `tunnel.${ZONE}`
    await apply(ing('192.0.2.71, 2001:db8::71'))
    await step('Ingress target', 'create', name, 'A', ['192.0.2.71'])
    await converge(worker.dohUrl, name, 'AAAA', ['2001:db8::71'], { agent })
    await apply(ing('0b5e7a1c.cfargotunnel.com'))
    await step('Ingress target', 'IPs -> hostname', name, 'CNAME', ['0b5e7a1c.cfargotunnel.com'])
    await remove(cluster, ing(''))
    await step('Ingress target', 'delete', name, 'CNAME', 'NXDOMAIN')
  })

  it('headless Service with resolve-endpoints: the ready addresses of its EndpointSlices', async () => {
    // Nothing asked for endpoints yet: the agent has not watched EndpointSlices at all.
    expect(logsWhere(agent, 'watching EndpointSlices')).toEqual([])
    const slice = (endpoints: { ip: string; ready: boolean }[]) => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'cache-abc12', namespace: ns, labels: { 'kubernetes.io/service-name': 'cache' } },
      addressType: 'IPv4',
      ports: [{ port: 6379, protocol: 'TCP' }],
      endpoints: endpoints.map(({ ip, ready }) => ({ addresses: [ip], conditions: { ready } })),
    })
    const svc = (annotations: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cache', namespace: ns, annotations },
      spec: { clusterIP: 'None', selector: { app: 'cache' }, ports: [{ port: 6379, protocol: 'TCP' }] },
    })
    const name = `cache.${ns}.${ZONE}`
    await apply(slice([{ ip: '10.0.3.11', ready: true }, { ip: '10.0.3.12', ready: false }]))
    await apply(svc({ [RESOLVE]: 'true' }))
    await step('headless', 'create (NotReady skipped)', name, 'A', ['10.0.3.11'])
    await waitForLog(agent, 'a Service asks for its endpoints: watching EndpointSlices')
    await apply(slice([{ ip: '10.0.3.11', ready: true }, { ip: '10.0.3.12', ready: true }]))
    await step('headless', 'endpoint ready', name, 'A', ['10.0.3.11', '10.0.3.12'])
    await apply(svc({ [RESOLVE]: 'false' }))
    await step('headless', 'opted out', name, 'A', 'NXDOMAIN')
    await waitForLog(agent, 'no Service asks for its endpoints any more: EndpointSlices no longer watched')
    await remove(cluster, svc({}))
  })

  it('HTTPRoute without hostnames: the hostname of the listener it attaches to', async () => {
    const gw = (hostname: string) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: ns },
      spec: { gatewayClassName: 'e2e', listeners: [{ name: 'web', port: 80, protocol: 'HTTP', hostname }] },
    })
    const route = (hostnames?: string[]) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'docs', namespace: ns },
      spec: { parentRefs: [{ name: 'gw', sectionName: 'web' }], ...(hostnames ? { hostnames } : {}) },
    })
    await cluster.kube.applyStatus(await apply(gw(`docs.${ZONE}`)), { addresses: [{ type: 'IPAddress', value: '192.0.2.81' }] })
    await apply(route())
    await step('hostless HTTPRoute', 'create', `docs.${ZONE}`, 'A', ['192.0.2.81'])
    await apply(gw(`*.docs.${ZONE}`))
    await step('hostless HTTPRoute', 'wildcard listener', `any.docs.${ZONE}`, 'A', ['192.0.2.81'])
    // docs.example.com is now only the wildcard's parent: an empty non-terminal (NODATA).
    await converge(worker.dohUrl, `docs.${ZONE}`, 'A', [], { agent })
    // A route hostname outside the listener's is not served through it; one inside is.
    // The wildcard goes first (so the answers below are the new route's, not the wildcard's).
    await apply(route([`other.${ZONE}`, `v2.docs.${ZONE}`]))
    await step('hostless HTTPRoute', 'hostnames, one outside', `any.docs.${ZONE}`, 'A', 'NXDOMAIN')
    await converge(worker.dohUrl, `v2.docs.${ZONE}`, 'A', ['192.0.2.81'], { agent })
    await converge(worker.dohUrl, `other.${ZONE}`, 'A', 'NXDOMAIN', { agent })
    await remove(cluster, route())
    await step('hostless HTTPRoute', 'delete', `v2.docs.${ZONE}`, 'A', 'NXDOMAIN')
  })
})
