/**
 * Two replicas of one agent (same owner) with Lease leader election, at the default durations
 * (lease 15 s, renew deadline 10 s, retry 2 s): only the leader publishes; when the leader
 * crashes (SIGKILL: the lease is not released) the standby takes over once the lease expires;
 * when a leader shuts down (SIGTERM) it releases the lease and a standby takes over at its next
 * try. Takeover times are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { crash, makeTempDir, progress } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { converge, corefile, freshNamespace, logsWhere, metricValue, scrape, table, waitForLog } from './support.ts'

const LEASE = 'k8s-gateway-doh-agent'

describe('leader election between two replicas', () => {
  let cluster: Cluster
  let worker: LocalWorker
  let ns: string
  const agents: AgentProc[] = []
  const tmp = makeTempDir('scenario-leader-')
  const timings: (string | number)[][] = []

  const replica = async (identity: string): Promise<AgentProc> => {
    const agent = await startAgent({
      corefile: corefile(['Ingress']),
      kubeconfigPath: cluster.kubeconfigPath,
      persistTo: tmp.dir,
      workDir: tmp.dir,
      name: `agent-${identity}`,
      extraArgs: ['--leader-election', 'true', '--lease-namespace', ns, '--lease-name', LEASE, '--identity', identity],
    })
    agents.push(agent)
    return agent
  }
  const leaderGauge = async (agent: AgentProc) => metricValue(await scrape(agent), 'k8s_gateway_doh_leader')
  const publishIngress = async (name: string, host: string, ip: string) => {
    const obj = await cluster.kube.apply({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: ns }, spec: { rules: [{ host }] } })
    await cluster.kube.applyStatus(obj, { loadBalancer: { ingress: [{ ip }] } })
  }
  const holder = async () =>
    (await cluster.kube.get<{ spec: { holderIdentity?: string } }>(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${LEASE}`)).spec.holderIdentity ?? null

  beforeAll(async () => {
    cluster = await startCluster()
    ns = await freshNamespace(cluster, 'leader')
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir })
  })

  afterAll(async () => {
    if (timings.length) table('leader election (default durations 15/10/2 s)', ['event', 'ms'], timings)
    for (const a of agents) await a.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  it('only the leader publishes; the standby is synced and ready', async () => {
    const a = await replica('a')
    await waitForLog(a, 'leading: publishing', {}, 60_000)
    await waitForLog(a, 'first sync done')
    const b = await replica('b')
    await waitForLog(b, 'kind listed', { kind: 'Ingress' }, 60_000)

    await publishIngress('one', 'one.example.com', '192.0.2.1')
    await converge(worker.dohUrl, 'one.example.com', 'A', ['192.0.2.1'], { agent: a })
    await publishIngress('one', 'one.example.com', '192.0.2.2')
    await converge(worker.dohUrl, 'one.example.com', 'A', ['192.0.2.2'], { agent: a })

    expect(await holder()).toBe('a')
    expect(logsWhere(a, 'published').length).toBeGreaterThanOrEqual(2)
    expect(logsWhere(b, 'published')).toEqual([])
    expect(logsWhere(b, 'leading: publishing')).toEqual([])
    expect(await leaderGauge(a)).toBe(1)
    expect(await leaderGauge(b)).toBe(0)
    expect((await fetch(`${b.opsUrl}/readyz`)).status).toBe(200)
  })

  it('SIGKILL of the leader: the standby takes over when the lease expires; changes converge again', async () => {
    const [a, b] = agents as [AgentProc, AgentProc]
    const killedAt = Date.now()
    await crash(a.proc) // SIGKILL, and its workerd (local KV) with it
    // Meanwhile: nobody publishes, the last answer stays.
    await publishIngress('one', 'one.example.com', '192.0.2.3')
    await waitForLog(b, 'leading: publishing', {}, 30_000)
    const takeover = Date.now() - killedAt
    timings.push(['SIGKILL leader -> standby leading', takeover])
    progress(`leader: standby took over ${takeover} ms after the leader was killed`)
    // Expiry is judged from when b first saw a's last renewal (b reads every 2-4.4 s, so up to
    // 4.4 s after the kill), then b takes the lease at its next read: at most 15 s + 2 x 4.4 s.
    expect(takeover).toBeLessThan(15_000 + 2 * 4_400 + 1_000)
    // The change made while nobody led, and one made after, are published by b.
    timings.push(['change made while leaderless -> answered (from kill)', Date.now() - killedAt + (await converge(worker.dohUrl, 'one.example.com', 'A', ['192.0.2.3'], { agent: b }))])
    await publishIngress('two', 'two.example.com', '192.0.2.4')
    timings.push(['change after takeover -> answered', await converge(worker.dohUrl, 'two.example.com', 'A', ['192.0.2.4'], { agent: b })])
    expect(await holder()).toBe('b')
    expect(await leaderGauge(b)).toBe(1)
  })

  it('SIGTERM of the leader releases the lease: a standby takes over at its next try', async () => {
    const b = agents[1]!
    const c = await replica('c')
    await waitForLog(c, 'kind listed', { kind: 'Ingress' }, 60_000)
    const stoppedAt = Date.now()
    await b.stop()
    const stopMs = Date.now() - stoppedAt
    expect(logsWhere(b, 'lease released').length).toBe(1)
    await waitForLog(c, 'leading: publishing', {}, 15_000)
    const handover = Date.now() - stoppedAt
    timings.push(['SIGTERM leader -> it exited (released)', stopMs])
    timings.push(['SIGTERM leader -> standby leading', handover])
    // The standby tries every 2-4.4 s (retry period with jitter); no waiting for expiry.
    expect(handover).toBeLessThan(8_000)
    await publishIngress('three', 'three.example.com', '192.0.2.5')
    timings.push(['change after handover -> answered', await converge(worker.dohUrl, 'three.example.com', 'A', ['192.0.2.5'], { agent: c })])
    expect(await holder()).toBe('c')
  })
})
