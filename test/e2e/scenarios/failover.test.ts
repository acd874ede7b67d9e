/**
 * Two clusters (two agents, two owners) serving one hostname, with a short heartbeat and
 * staleness limit: stopping one agent takes its address out of the shared answer once its
 * heartbeat is stale, a name only it serves stays served, and restarting it brings its address
 * back. The times it took are printed (README "Several clusters").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { makeTempDir } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { converge, corefile, firstSync, freshNamespace, holds, publishIngress, table } from './support.ts'

const HEARTBEAT_S = 5
const STALE_AFTER_S = 12

describe('failover between two clusters', () => {
  let cluster: Cluster
  let worker: LocalWorker
  let east: AgentProc
  let west: AgentProc
  let ns: string
  const tmp = makeTempDir('scenario-failover-')
  const timings: (string | number)[][] = []

  const publish = (name: string, cls: string, host: string, ip: string) => publishIngress(cluster, ns, name, cls, host, ip)
  const agent = (owner: string) =>
    startAgent({
      kubeconfigPath: cluster.kubeconfigPath,
      persistTo: tmp.dir,
      workDir: tmp.dir,
      owner,
      corefile: corefile(['Ingress'], [`ingressClasses ${owner}`]),
      extraArgs: ['--heartbeat', String(HEARTBEAT_S), '--region', `${owner}-1`],
    })

  beforeAll(async () => {
    cluster = await startCluster()
    ns = await freshNamespace(cluster, 'failover')
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir, owners: ['east', 'west'], vars: { STALE_AFTER: String(STALE_AFTER_S) } })
    east = await agent('east')
    west = await agent('west')
    await Promise.all([firstSync(east), firstSync(west)])
    await publish('shared-east', 'east', 'shared.example.com', '192.0.2.1')
    await publish('shared-west', 'west', 'shared.example.com', '192.0.2.2')
    await publish('only-west', 'west', 'west.example.com', '192.0.2.22')
  })

  afterAll(async () => {
    if (timings.length) table(`failover timings (heartbeat ${HEARTBEAT_S} s, STALE_AFTER ${STALE_AFTER_S} s, CACHE_SECONDS 0)`, ['event', 'ms'], timings)
    await east?.stop()
    await west?.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  it('answers with both clusters while both heartbeat, past the staleness limit', async () => {
    await converge(worker.dohUrl, 'shared.example.com', 'A', ['192.0.2.1', '192.0.2.2'], { timeoutMs: 20_000 })
    await holds(worker.dohUrl, 'shared.example.com', 'A', ['192.0.2.1', '192.0.2.2'], (STALE_AFTER_S + HEARTBEAT_S) * 1000, 500)
  })

  it('drops a stopped cluster’s address once its heartbeat is stale, keeping the names it alone serves', async () => {
    const stopped = Date.now()
    await west.stop()
    const ms = await converge(worker.dohUrl, 'shared.example.com', 'A', ['192.0.2.1'], { timeoutMs: (STALE_AFTER_S + 20) * 1000, intervalMs: 250 })
    const sinceStop = Date.now() - stopped
    timings.push(['agent stopped -> its address out of the shared answer', sinceStop])
    expect(ms).toBeLessThanOrEqual((STALE_AFTER_S + 5) * 1000 + 1000)
    await converge(worker.dohUrl, 'west.example.com', 'A', ['192.0.2.22'], { timeoutMs: 5_000 })
    const health = await fetch(worker.dohUrl.replace('/dns-query', '/healthz'))
    expect(health.status).toBe(503)
    expect(await health.text()).toMatch(/^owner west: stale: last heartbeat \d+ s ago \(limit 12 s\)/)
  })

  it('brings it back when the agent starts again', async () => {
    const started = Date.now()
    west = await agent('west')
    await converge(worker.dohUrl, 'shared.example.com', 'A', ['192.0.2.1', '192.0.2.2'], { timeoutMs: 60_000, intervalMs: 250 })
    timings.push(['agent started -> its address back', Date.now() - started])
    expect((await fetch(worker.dohUrl.replace('/dns-query', '/healthz'))).status).toBe(200)
  })
})
