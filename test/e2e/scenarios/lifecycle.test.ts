/**
 * Every kind the agent serves, through its life on a real API server: created with its status
 * (written through /status, as its controller would) -> answered; new address -> the answer
 * follows; new hostname -> the new name answers and the old one is NXDOMAIN; deleted ->
 * NXDOMAIN. Each step is timed from the API write's return to the first matching DoH answer
 * from the worker, and the figures are printed as a table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import type { KubeObject } from '../harness/kube.ts'
import { makeTempDir, sleep } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { chartAgent, leaseHolder } from './chart-agent.ts'
import { converge, firstSync, freshNamespace, remove, table, ZONE, type Expected } from './support.ts'

const SETTLE_MS = 1_100
const RESOURCES = ['Ingress', 'Service', 'HTTPRoute', 'TLSRoute', 'GRPCRoute', 'VirtualServer', 'DNSEndpoint', 'Node']

describe('lifecycle of every served kind', () => {
  let cluster: Cluster
  let worker: LocalWorker
  let agent: AgentProc
  let ns: string
  const tmp = makeTempDir('scenario-lifecycle-')
  const rows: (string | number)[][] = []

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.applyCrds()
    ns = await freshNamespace(cluster, 'life')
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir })
    // As the chart runs it: its ServiceAccount, RBAC, Corefile and args (leader election on).
    const chart = await chartAgent(cluster, tmp.dir, { domain: ZONE, ttl: 30, watchedResources: RESOURCES, owner: 'default' })
    agent = await startAgent({ ...chart, persistTo: tmp.dir, workDir: tmp.dir })
    await firstSync(agent)
    // It publishes as the leader, through the chart's Role for its Lease.
    expect(await leaseHolder(cluster, chart)).toBeTruthy()
  })

  afterAll(async () => {
    if (rows.length) table('lifecycle: ms from the API write to the first matching DoH answer', ['kind', 'create', 'address', 'hostname', 'delete'], rows)
    await agent?.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  const wait = (name: string, want: Expected, type = 'A') => converge(worker.dohUrl, name, type, want, { agent })
  const apply = <T extends KubeObject>(o: T) => cluster.kube.apply(o)
  const status = (o: KubeObject, s: unknown) => cluster.kube.applyStatus(o, s)

  /**
   * The common script: `create` writes the object and its status; `address` changes the
   * address; `rename` moves it from `host1` to `host2`; `destroy` deletes it. Each step waits
   * for the answer and records its time.
   */
  async function lifecycle(
    kind: string,
    s: {
      host1: string
      host2: string
      type?: string
      first: string[]
      second: string[]
      create(): Promise<unknown>
      address(): Promise<unknown>
      rename(): Promise<unknown>
      destroy(): Promise<unknown>
    },
  ): Promise<void> {
    const type = s.type ?? 'A'
    // The agent starts publishes at least 1 s apart (KV takes one write per second per key):
    // let that pass before each step, so the figure is an isolated change's latency.
    await sleep(SETTLE_MS)
    await s.create()
    const create = await wait(s.host1, s.first, type)
    await sleep(SETTLE_MS)
    await s.address()
    const address = await wait(s.host1, s.second, type)
    await sleep(SETTLE_MS)
    await s.rename()
    const hostname = await wait(s.host2, s.second, type)
    await wait(s.host1, 'NXDOMAIN', type)
    await sleep(SETTLE_MS)
    await s.destroy()
    const del = await wait(s.host2, 'NXDOMAIN', type)
    rows.push([kind, create, address, hostname, del])
  }

  it('Ingress: spec.rules[].host -> status.loadBalancer.ingress', async () => {
    const ing = (host: string) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns }, spec: { rules: [{ host }] } })
    const lb = (ip: string) => ({ loadBalancer: { ingress: [{ ip }] } })
    await lifecycle('Ingress', {
      host1: 'ing.example.com',
      host2: 'ing2.example.com',
      first: ['192.0.2.1'],
      second: ['192.0.2.2'],
      create: async () => status(await apply(ing('ing.example.com')), lb('192.0.2.1')),
      address: () => status(ing('ing.example.com'), lb('192.0.2.2')),
      rename: () => apply(ing('ing2.example.com')),
      destroy: () => remove(cluster, ing('ing2.example.com')),
    })
  })

  it('Service type LoadBalancer: name.namespace, then the hostname annotation -> status.loadBalancer.ingress', async () => {
    const svc = (annotations?: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb', namespace: ns, ...(annotations ? { annotations } : {}) },
      spec: { type: 'LoadBalancer', ports: [{ port: 443, protocol: 'TCP' }] },
    })
    const lb = (ip: string) => ({ loadBalancer: { ingress: [{ ip }] } })
    await lifecycle('Service (LoadBalancer)', {
      host1: `lb.${ns}.example.com`,
      host2: 'svc.example.com',
      first: ['192.0.2.11'],
      second: ['192.0.2.12'],
      create: async () => status(await apply(svc()), lb('192.0.2.11')),
      address: () => status(svc(), lb('192.0.2.12')),
      rename: () => apply(svc({ 'coredns.io/hostname': 'svc.example.com' })),
      destroy: () => remove(cluster, svc()),
    })
  })

  it('HTTPRoute, TLSRoute, GRPCRoute: spec.hostnames -> parent Gateway status.addresses', async () => {
    const gw = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: ns },
      spec: { gatewayClassName: 'e2e', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }, { name: 'tls', port: 443, protocol: 'TLS', tls: { mode: 'Passthrough' } }] },
    }
    const gwStatus = (ip: string) => ({ addresses: [{ type: 'IPAddress', value: ip }] })
    await status(await apply(gw), gwStatus('192.0.2.21'))
    await sleep(SETTLE_MS) // the Gateway's own publish (no route yet, nothing to serve) is not counted
    const parentRefs = [{ name: 'gw' }]
    const route = (kind: string, version: string, host: string, extra: Record<string, unknown> = {}) => ({
      apiVersion: `gateway.networking.k8s.io/${version}`,
      kind,
      metadata: { name: kind.toLowerCase(), namespace: ns },
      spec: { parentRefs, hostnames: [host], ...extra },
    })
    const tlsRules = { rules: [{ backendRefs: [{ name: 'backend', port: 443 }] }] }
    const kinds = [
      { kind: 'HTTPRoute', version: 'v1', short: 'http', extra: {} },
      { kind: 'TLSRoute', version: 'v1', short: 'tls', extra: tlsRules },
      { kind: 'GRPCRoute', version: 'v1', short: 'grpc', extra: {} },
    ]
    // The Gateway's address is shared: each route's address step moves it on and back.
    let gwIp = '192.0.2.21'
    for (const k of kinds) {
      const before = gwIp
      const after = gwIp === '192.0.2.21' ? '192.0.2.22' : '192.0.2.21'
      await lifecycle(k.kind, {
        host1: `${k.short}.example.com`,
        host2: `${k.short}2.example.com`,
        first: [before],
        second: [after],
        create: () => apply(route(k.kind, k.version, `${k.short}.example.com`, k.extra)),
        address: async () => {
          await status(gw, gwStatus(after))
          gwIp = after
        },
        rename: () => apply(route(k.kind, k.version, `${k.short}2.example.com`, k.extra)),
        destroy: () => remove(cluster, route(k.kind, k.version, `${k.short}2.example.com`)),
      })
    }
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['HTTPRoute', 'TLSRoute', 'GRPCRoute']))
  })

  it('VirtualServer: spec.host -> status.externalEndpoints', async () => {
    const vs = (host: string) => ({
      apiVersion: 'k8s.nginx.org/v1',
      kind: 'VirtualServer',
      metadata: { name: 'cafe', namespace: ns },
      spec: { host, upstreams: [{ name: 'tea', service: 'tea-svc', port: 80 }], routes: [{ path: '/', action: { pass: 'tea' } }] },
    })
    const ext = (ip: string) => ({ state: 'Valid', externalEndpoints: [{ ip, ports: '[80,443]' }] })
    await lifecycle('VirtualServer', {
      host1: 'vs.example.com',
      host2: 'vs2.example.com',
      first: ['192.0.2.31'],
      second: ['192.0.2.32'],
      create: async () => status(await apply(vs('vs.example.com')), ext('192.0.2.31')),
      address: () => status(vs('vs.example.com'), ext('192.0.2.32')),
      rename: () => apply(vs('vs2.example.com')),
      destroy: () => remove(cluster, vs('vs2.example.com')),
    })
  })

  it('DNSEndpoint: A, AAAA and TXT endpoints', async () => {
    const dep = (name: string, a: string, aaaa: string, txt: string) => ({
      apiVersion: 'externaldns.k8s.io/v1alpha1',
      kind: 'DNSEndpoint',
      metadata: { name: 'records', namespace: ns },
      spec: {
        endpoints: [
          { dnsName: name, recordType: 'A', targets: [a] },
          { dnsName: name, recordType: 'AAAA', targets: [aaaa] },
          { dnsName: name, recordType: 'TXT', targets: [txt] },
        ],
      },
    })
    await sleep(SETTLE_MS)
    const t0 = Date.now()
    await apply(dep('dep.example.com', '192.0.2.41', '2001:db8::41', 'v=one'))
    await converge(worker.dohUrl, 'dep.example.com', 'AAAA', ['2001:db8::41'], { agent })
    await converge(worker.dohUrl, 'dep.example.com', 'TXT', ['v=one'], { agent })
    const created = Date.now() - t0
    // The A record goes through the common script (as the other kinds); AAAA and TXT are checked at each step.
    await lifecycle('DNSEndpoint', {
      host1: 'dep.example.com',
      host2: 'dep2.example.com',
      first: ['192.0.2.41'],
      second: ['192.0.2.42'],
      create: async () => {},
      address: () => apply(dep('dep.example.com', '192.0.2.42', '2001:db8::42', 'v=two')),
      rename: async () => {
        await converge(worker.dohUrl, 'dep.example.com', 'AAAA', ['2001:db8::42'], { agent })
        await converge(worker.dohUrl, 'dep.example.com', 'TXT', ['v=two'], { agent })
        await apply(dep('dep2.example.com', '192.0.2.42', '2001:db8::42', 'v=two'))
      },
      destroy: async () => {
        await converge(worker.dohUrl, 'dep2.example.com', 'AAAA', ['2001:db8::42'], { agent })
        await converge(worker.dohUrl, 'dep2.example.com', 'TXT', ['v=two'], { agent })
        await remove(cluster, dep('dep2.example.com', '', '', ''))
      },
    })
    // The create time the script saw is ~0 (already answered): use the real one.
    rows[rows.length - 1]![1] = created
    await converge(worker.dohUrl, 'dep2.example.com', 'AAAA', 'NXDOMAIN', { agent })
    await converge(worker.dohUrl, 'dep2.example.com', 'TXT', 'NXDOMAIN', { agent })
  })

  it('Node (cluster-scoped): its Hostname address -> its InternalIP addresses', async () => {
    const name = `${ns}-node`
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name } }
    const addrs = (host: string, ip: string) => ({
      addresses: [
        { type: 'Hostname', address: host },
        { type: 'InternalIP', address: ip },
        { type: 'ExternalIP', address: '198.51.100.1' },
      ],
    })
    await lifecycle('Node', {
      host1: 'node-a.example.com',
      host2: 'node-b.example.com',
      first: ['192.0.2.51'],
      second: ['192.0.2.52'],
      create: async () => status(await apply(node), addrs('node-a', '192.0.2.51')),
      address: () => status(node, addrs('node-a', '192.0.2.52')),
      rename: () => status(node, addrs('node-b', '192.0.2.52')),
      destroy: () => remove(cluster, node),
    })
    expect(rows.at(-1)![0]).toBe('Node')
  })
})
