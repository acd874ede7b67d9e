/**
 * The agent through the failures a real control plane produces:
 *
 * (a) Watch expiry. The watch's resourceVersion is compacted away in etcd while the agent
 *     watches; when the watch reconnects it gets 410 Gone ("Expired"), and the agent lists
 *     again and goes on. With the API server's watch cache (the default) a compaction alone
 *     never expires a watch: the cache keeps its own window, and only a restarted API server
 *     answers 410 for an old resourceVersion, which an agent whose connection broke never
 *     sends (it lists afresh). So this cluster runs with --watch-cache=false (watches read
 *     etcd directly, as a cache whose window has passed would answer) and
 *     --min-request-timeout=5 (the server ends each watch after 5-10 s, so reconnects come soon).
 * (b) kube-apiserver down mid-run: answers stay served from the last good state, every kind
 *     reports failing, and after the restart a change converges and every kind is listed again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { makeTempDir, progress, waitFor } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { converge, corefile, firstSync, freshNamespace, holds, logsWhere, metricValue, scrape, table, waitForLog } from './support.ts'

const KINDS = ['Ingress', 'Service', 'DNSEndpoint']

describe('recovery from watch expiry and an API server outage', () => {
  let cluster: Cluster
  let worker: LocalWorker
  let agent: AgentProc
  let ns: string
  const tmp = makeTempDir('scenario-recovery-')
  const timings: (string | number)[][] = []

  const ingress = (name: string, host: string) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: ns },
    spec: { rules: [{ host }] },
  })
  const publishIngress = async (name: string, host: string, ip: string) => {
    const obj = await cluster.kube.apply(ingress(name, host))
    await cluster.kube.applyStatus(obj, { loadBalancer: { ingress: [{ ip }] } })
  }
  const wait = (name: string, want: string[] | 'NXDOMAIN', timeoutMs = 20_000) => converge(worker.dohUrl, name, 'A', want, { agent, timeoutMs })

  beforeAll(async () => {
    cluster = await startCluster({ apiServerArgs: ['--watch-cache=false', '--min-request-timeout=5'] })
    await cluster.applyCrds({ groups: ['external-dns'] })
    ns = await freshNamespace(cluster, 'recovery')
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir })
    agent = await startAgent({ corefile: corefile(KINDS), kubeconfigPath: cluster.kubeconfigPath, persistTo: tmp.dir, workDir: tmp.dir })
    await firstSync(agent)
    await publishIngress('keep', 'keep.example.com', '192.0.2.1')
    await wait('keep.example.com', ['192.0.2.1'])
  })

  afterAll(async () => {
    if (timings.length) table('recovery timings', ['event', 'ms'], timings)
    await agent?.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  it('(a) a watch whose resourceVersion was compacted gets 410 Gone; the agent lists again and converges', async () => {
    const kube = cluster.kube
    const listedBefore = logsWhere(agent, 'kind listed', { kind: 'Ingress' }).length
    const failingBefore = logsWhere(agent, /^kind failing/).length
    // Writes the agent does not watch move etcd's revision past every watch's resourceVersion.
    for (let i = 0; i < 40; i++) {
      await kube.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `filler-${i}`, namespace: ns }, data: { i: String(i) } })
    }
    const revision = Number((await kube.get<{ metadata: { resourceVersion: string } }>('/api/v1/configmaps?limit=1')).metadata.resourceVersion)
    const res = await fetch(`${cluster.etcdUrl}/v3/kv/compaction`, { method: 'POST', body: JSON.stringify({ revision, physical: true }) })
    expect(res.status, await res.text()).toBe(200)
    const compactedAt = Date.now()
    progress(`recovery: etcd compacted at revision ${revision}`)

    // The server ends each watch within 10 s; the reconnect from the old resourceVersion expires.
    await waitFor('Ingress listed again after its watch expired', async () => (logsWhere(agent, 'kind listed', { kind: 'Ingress' }).length > listedBefore ? true : undefined), {
      timeoutMs: 45_000,
      onTimeout: () => agent.proc.tail(),
    })
    const relistMs = Date.now() - compactedAt
    timings.push(['compaction -> Ingress relisted (410 Gone)', relistMs])
    // An expiry, not a failure: nothing was reported failing, and the metric names the reason.
    expect(logsWhere(agent, /^kind failing/).length).toBe(failingBefore)
    const metrics = await scrape(agent)
    expect(metricValue(metrics, 'k8s_gateway_doh_watch_restarts_total', { kind: 'Ingress', reason: 'expired' })).toBeGreaterThanOrEqual(1)
    expect(metricValue(metrics, 'k8s_gateway_doh_kind_status', { kind: 'Ingress', state: 'listed' })).toBe(1)

    // Still answering, and the new watch sees changes.
    await wait('keep.example.com', ['192.0.2.1'])
    await publishIngress('after-expiry', 'expiry.example.com', '192.0.2.2')
    timings.push(['change after relist -> answered', await wait('expiry.example.com', ['192.0.2.2'])])
  })

  it('(b) with kube-apiserver down the last good answers stay; after it returns a change converges', async () => {
    const listedBefore = Object.fromEntries(KINDS.map((k) => [k, logsWhere(agent, 'kind listed', { kind: k }).length]))
    // (a)'s last change can be answered before the agent has logged its publish: count the
    // publishes only once none has been logged for longer than the coalescer's 1 s spacing.
    let publishedBefore = logsWhere(agent, 'published').length
    for (let quietSince = Date.now(); Date.now() - quietSince < 1500; ) {
      await new Promise((r) => setTimeout(r, 100))
      const now = logsWhere(agent, 'published').length
      if (now !== publishedBefore) [publishedBefore, quietSince] = [now, Date.now()]
    }
    const stoppedAt = Date.now()
    await cluster.stopApiServer()

    // Every kind notices (its watch breaks, the relist is refused) and keeps its objects.
    for (const kind of KINDS) await waitForLog(agent, 'kind failing', { kind, state: 'failing' }, 30_000)
    timings.push(['API server stopped -> every kind failing', Date.now() - stoppedAt])
    const failing = await scrape(agent)
    for (const kind of KINDS) expect(metricValue(failing, 'k8s_gateway_doh_kind_status', { kind, state: 'failing' }), kind).toBe(1)
    expect(logsWhere(agent, 'kind failing', { kind: 'Ingress' }).at(-1)).toMatchObject({ level: 'warn', objects: 2 })

    // Served from the last good state meanwhile (the worker never needs the cluster), and
    // the agent deletes nothing.
    const n = await holds(worker.dohUrl, 'keep.example.com', 'A', ['192.0.2.1'], 4_000)
    await holds(worker.dohUrl, 'expiry.example.com', 'A', ['192.0.2.2'], 1_000)
    progress(`recovery: ${n} queries answered from the last good state while the API server was down`)
    expect(logsWhere(agent, 'published').length).toBe(publishedBefore)

    const downFor = Date.now() - stoppedAt
    await cluster.startApiServer()
    timings.push(['API server down for (stop + checks + start)', downFor])
    // A change made right after the restart converges (after the watch's backoff runs out).
    const restartedAt = Date.now()
    await publishIngress('keep', 'keep.example.com', '192.0.2.9')
    await publishIngress('back', 'back.example.com', '192.0.2.10')
    timings.push(['change right after restart -> answered', await wait('back.example.com', ['192.0.2.10'], 45_000)])
    await wait('keep.example.com', ['192.0.2.9'])
    for (const kind of KINDS) {
      await waitFor(`${kind} listed again`, async () => (logsWhere(agent, 'kind listed', { kind }).length > listedBefore[kind]! ? true : undefined), {
        timeoutMs: 45_000,
        onTimeout: () => agent.proc.tail(),
      })
    }
    timings.push(['restart -> every kind listed again', Date.now() - restartedAt])

    // A watch reopened on a loaded machine can fail once more before it holds: take the
    // metrics once every kind reports listed (bounded), then check them all.
    let metrics = await scrape(agent)
    await waitFor('every kind listed in the metrics', async () => {
      metrics = await scrape(agent)
      return KINDS.every((kind) => metricValue(metrics, 'k8s_gateway_doh_kind_status', { kind, state: 'listed' }) === 1) ? true : undefined
    }, { timeoutMs: 30_000, onTimeout: () => agent.proc.tail() })
    for (const kind of KINDS) {
      expect(metricValue(metrics, 'k8s_gateway_doh_kind_status', { kind, state: 'listed' }), kind).toBe(1)
      expect(metricValue(metrics, 'k8s_gateway_doh_watch_restarts_total', { kind, reason: 'error' }), kind).toBeGreaterThanOrEqual(1)
    }
    // Nothing was lost: the objects made before the outage still answer.
    await wait('expiry.example.com', ['192.0.2.2'])
    const ready = await fetch(`${agent.opsUrl}/readyz`)
    expect(ready.status).toBe(200)
  })
})
