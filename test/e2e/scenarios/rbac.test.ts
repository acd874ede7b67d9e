/**
 * The agent under the least-privilege identity we ship (deploy/rbac.yaml): a real
 * ServiceAccount token from the TokenRequest API, bound to the shipped ClusterRole, but with
 * one kind's rule (ingresses) removed. The other kinds keep being answered, the denial shows
 * in the logs (a warn line, state forbidden) and in /metrics; putting the rule back is picked
 * up without a restart. The shipped deploy/ manifests also pass a server-side dry run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { Kube, type KubeObject } from '../harness/kube.ts'
import { makeTempDir, progress, waitFor } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { converge, corefile, deployObjects, firstSync, freshNamespace, holds, logsWhere, metricValue, scrape, table, waitForLog } from './support.ts'

const KINDS = ['Ingress', 'Service', 'HTTPRoute', 'VirtualServer', 'DNSEndpoint']

describe('least-privilege agent: the shipped RBAC with one kind denied', () => {
  let cluster: Cluster
  let worker: LocalWorker
  let agent: AgentProc
  let ns: string
  const tmp = makeTempDir('scenario-rbac-')
  const objects = deployObjects()
  const find = (kind: string) => {
    const o = objects.find((x) => x.kind === kind)
    if (!o) throw new Error(`deploy/ has no ${kind}`)
    return o
  }
  const clusterRole = find('ClusterRole') as KubeObject & { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }
  const sa = find('ServiceAccount')
  const timings: (string | number)[][] = []

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.applyCrds()
    ns = await freshNamespace(cluster, 'rbac')
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir })
  })

  afterAll(async () => {
    if (timings.length) table('rbac timings', ['event', 'ms'], timings)
    await agent?.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  it('deploy/ manifests are accepted by a server-side dry run', async () => {
    const kube = cluster.kube
    // Namespaced objects are admitted only in an existing namespace: create it for real first.
    await kube.apply(find('Namespace'))
    for (const obj of objects) {
      const res = await kube.dryRunApply(obj)
      expect([200, 201], `${obj.kind} ${obj.metadata.name}: HTTP ${res.status}: ${res.body.slice(0, 500)}`).toContain(res.status)
      // The Deployment meets the namespace's restricted Pod Security profile (else a warning).
      expect(res.warnings, `${obj.kind} ${obj.metadata.name}`).toEqual([])
    }
    // Nothing was stored.
    expect((await kube.raw('GET', `/apis/apps/v1/namespaces/${sa.metadata.namespace}/deployments/${find('Deployment').metadata.name}`)).status).toBe(404)
    progress(`rbac: ${objects.length} deploy/ objects accepted by dry run: ${objects.map((o) => o.kind).join(', ')}`)
  })

  it('with ingresses removed from the ClusterRole, the other kinds are served and the denial is reported', async () => {
    const kube = cluster.kube
    const withoutIngress = structuredClone(clusterRole)
    withoutIngress.rules = withoutIngress.rules
      .map((r) => ({ ...r, resources: r.resources.filter((x) => x !== 'ingresses') }))
      .filter((r) => r.resources.length > 0)
    expect(JSON.stringify(withoutIngress.rules)).not.toContain('ingresses')
    for (const obj of objects) {
      if (['ServiceAccount', 'ClusterRoleBinding', 'Role', 'RoleBinding'].includes(obj.kind)) await kube.apply(obj)
    }
    await kube.apply(withoutIngress)

    const token = await kube.serviceAccountToken(sa.metadata.namespace!, sa.metadata.name)
    const kubeconfigPath = cluster.kubeconfigFor(token, 'sa-agent')
    // The token is the ServiceAccount's: it may read Services but not Ingresses.
    const review = await new Kube(cluster.server, token, cluster.caFile).raw('GET', '/apis/networking.k8s.io/v1/ingresses?limit=1')
    expect(review.status).toBe(403)

    agent = await startAgent({ corefile: corefile(KINDS), kubeconfigPath, persistTo: tmp.dir, workDir: tmp.dir })
    await firstSync(agent)

    const forbidden = await waitForLog(agent, 'kind forbidden', { kind: 'Ingress' })
    expect(forbidden).toMatchObject({ level: 'warn', state: 'forbidden' })
    expect(String(forbidden.error)).toContain('403')
    for (const kind of KINDS.filter((k) => k !== 'Ingress')) await waitForLog(agent, 'kind listed', { kind })

    // Objects of every kind, each with its status.
    const apply = <T extends KubeObject>(o: T) => kube.apply(o)
    const ing = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns }, spec: { rules: [{ host: 'ing.example.com' }] } }
    await kube.applyStatus(await apply(ing), { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } })
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb', namespace: ns, annotations: { 'coredns.io/hostname': 'svc.example.com' } }, spec: { type: 'LoadBalancer', ports: [{ port: 443 }] } }
    await kube.applyStatus(await apply(svc), { loadBalancer: { ingress: [{ ip: '192.0.2.2' }] } })
    const gw = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: ns }, spec: { gatewayClassName: 'e2e', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } }
    await kube.applyStatus(await apply(gw), { addresses: [{ type: 'IPAddress', value: '192.0.2.3' }] })
    await apply({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: ns }, spec: { parentRefs: [{ name: 'gw' }], hostnames: ['route.example.com'] } })
    const vs = { apiVersion: 'k8s.nginx.org/v1', kind: 'VirtualServer', metadata: { name: 'vs', namespace: ns }, spec: { host: 'vs.example.com' } }
    await kube.applyStatus(await apply(vs), { externalEndpoints: [{ ip: '192.0.2.4' }] })
    await apply({ apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', metadata: { name: 'd', namespace: ns }, spec: { endpoints: [{ dnsName: 'dep.example.com', recordType: 'A', targets: ['192.0.2.5'] }] } })

    const opts = { agent }
    await converge(worker.dohUrl, 'svc.example.com', 'A', ['192.0.2.2'], opts)
    await converge(worker.dohUrl, 'route.example.com', 'A', ['192.0.2.3'], opts)
    await converge(worker.dohUrl, 'vs.example.com', 'A', ['192.0.2.4'], opts)
    await converge(worker.dohUrl, 'dep.example.com', 'A', ['192.0.2.5'], opts)
    await holds(worker.dohUrl, 'ing.example.com', 'A', 'NXDOMAIN', 1_500)

    const metrics = await scrape(agent)
    expect(metricValue(metrics, 'k8s_gateway_doh_kind_status', { kind: 'Ingress', state: 'forbidden' })).toBe(1)
    expect(metricValue(metrics, 'k8s_gateway_doh_kind_status', { kind: 'Ingress', state: 'listed' })).toBe(0)
    for (const kind of [...KINDS.filter((k) => k !== 'Ingress'), 'Gateway']) {
      expect(metricValue(metrics, 'k8s_gateway_doh_kind_status', { kind, state: 'listed' }), kind).toBe(1)
    }
    expect(metricValue(metrics, 'k8s_gateway_doh_watch_restarts_total', { kind: 'Ingress', reason: 'forbidden' })).toBeGreaterThanOrEqual(1)
    // A denied kind is reported, not fatal: the agent has published the others. It is not
    // ready, though, for it has never seen the denied kind, and /readyz says which.
    const unready = await fetch(`${agent.opsUrl}/readyz`)
    expect(unready.status).toBe(503)
    expect(((await unready.json()) as { detail: { waiting: string[] } }).detail.waiting).toEqual(['Ingress'])

    // The full shipped ClusterRole back: the agent retries forbidden kinds (every 30 s) on its own.
    const fixedAt = Date.now()
    await kube.apply(clusterRole)
    await converge(worker.dohUrl, 'ing.example.com', 'A', ['192.0.2.1'], { agent, timeoutMs: 45_000, intervalMs: 250 })
    timings.push(['ClusterRole fixed -> Ingress answered (no restart)', Date.now() - fixedAt])
    await waitFor('Ingress listed', async () => (logsWhere(agent, 'kind listed', { kind: 'Ingress' }).length ? true : undefined), { timeoutMs: 5_000 })
    const after = await scrape(agent)
    expect(metricValue(after, 'k8s_gateway_doh_kind_status', { kind: 'Ingress', state: 'listed' })).toBe(1)
    expect((await fetch(`${agent.opsUrl}/readyz`)).status).toBe(200)
  })
})
