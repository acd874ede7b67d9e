/**
 * A kind whose CRD is installed after the agent started: `resources Ingress VirtualServer` on
 * a cluster without the VirtualServer CRD. Ingress is served meanwhile; the agent looks for the
 * missing kind again every 10 s (its default), so once the CRD is installed a VirtualServer is
 * answered without a restart. Removing the CRD again unpublishes its names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { makeTempDir } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { converge, corefile, firstSync, freshNamespace, logsWhere, metricValue, scrape, table, waitForLog } from './support.ts'

const VS_CRD = 'virtualservers.k8s.nginx.org'

describe('a CRD installed after the agent started', () => {
  let cluster: Cluster
  let worker: LocalWorker
  let agent: AgentProc
  let ns: string
  const tmp = makeTempDir('scenario-crd-later-')
  const timings: (string | number)[][] = []

  beforeAll(async () => {
    cluster = await startCluster()
    await cluster.applyCrds({ groups: ['external-dns'] }) // other CRDs, not VirtualServer's
    ns = await freshNamespace(cluster, 'crd')
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir })
    agent = await startAgent({ corefile: corefile(['Ingress', 'VirtualServer']), kubeconfigPath: cluster.kubeconfigPath, persistTo: tmp.dir, workDir: tmp.dir })
    await firstSync(agent)
  })

  afterAll(async () => {
    if (timings.length) table('crd-later timings (absent kinds are looked for every 10 s)', ['event', 'ms'], timings)
    await agent?.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  it('serves Ingress while VirtualServer is not installed', async () => {
    const absent = await waitForLog(agent, 'kind not installed', { kind: 'VirtualServer' })
    expect(absent).toMatchObject({ level: 'info', state: 'absent' })
    const ing = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns }, spec: { rules: [{ host: 'ing.example.com' }] } }
    await cluster.kube.applyStatus(await cluster.kube.apply(ing), { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } })
    await converge(worker.dohUrl, 'ing.example.com', 'A', ['192.0.2.1'], { agent })
    const m = await scrape(agent)
    expect(metricValue(m, 'k8s_gateway_doh_kind_status', { kind: 'VirtualServer', state: 'absent' })).toBe(1)
    expect(metricValue(m, 'k8s_gateway_doh_kind_status', { kind: 'Ingress', state: 'listed' })).toBe(1)
    expect((await fetch(`${agent.opsUrl}/readyz`)).status).toBe(200)
  })

  it('answers a VirtualServer once its CRD is installed, without a restart', async () => {
    const t0 = Date.now()
    await cluster.applyCrds({ groups: ['nginx'] })
    const established = Date.now()
    const vs = {
      apiVersion: 'k8s.nginx.org/v1',
      kind: 'VirtualServer',
      metadata: { name: 'cafe', namespace: ns },
      spec: { host: 'vs.example.com', upstreams: [{ name: 'tea', service: 'tea-svc', port: 80 }], routes: [{ path: '/', action: { pass: 'tea' } }] },
    }
    await cluster.kube.applyStatus(await cluster.kube.apply(vs), { state: 'Valid', externalEndpoints: [{ ip: '192.0.2.31', ports: '[80]' }] })
    await converge(worker.dohUrl, 'vs.example.com', 'A', ['192.0.2.31'], { agent, timeoutMs: 25_000, intervalMs: 200 })
    timings.push(['CRD applied -> established', established - t0])
    timings.push(['CRD established -> VirtualServer answered', Date.now() - established])
    await waitForLog(agent, 'kind listed', { kind: 'VirtualServer' })
    expect(metricValue(await scrape(agent), 'k8s_gateway_doh_kind_status', { kind: 'VirtualServer', state: 'listed' })).toBe(1)
    expect(logsWhere(agent, 'agent started')).toHaveLength(1) // the same process throughout
    // Further changes arrive through the new watch.
    await cluster.kube.applyStatus(vs, { state: 'Valid', externalEndpoints: [{ ip: '192.0.2.32', ports: '[80]' }] })
    timings.push(['VirtualServer address change -> answered', await converge(worker.dohUrl, 'vs.example.com', 'A', ['192.0.2.32'], { agent })])
  })

  it('unpublishes the kind\'s names when its CRD is removed again', async () => {
    const t0 = Date.now()
    await cluster.kube.delete('apiextensions.k8s.io/v1', 'CustomResourceDefinition', VS_CRD)
    await converge(worker.dohUrl, 'vs.example.com', 'A', 'NXDOMAIN', { agent, timeoutMs: 30_000, intervalMs: 200 })
    timings.push(['CRD deleted -> VirtualServer NXDOMAIN', Date.now() - t0])
    await converge(worker.dohUrl, 'ing.example.com', 'A', ['192.0.2.1'], { agent })
  })
})
