/**
 * Two agents with different owner ids (two clusters, as far as KV is concerned) publishing
 * into the same KV, and the worker reading both (OWNERS=east,west). Each agent sees its own
 * objects through an ingressClasses filter, as two clusters would. A hostname both serve
 * answers with both clusters' addresses; deleting it from one leaves the other's address, and
 * neither agent ever deletes the other's keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, type Cluster } from '../harness/cluster.ts'
import { makeTempDir } from '../harness/proc.ts'
import { startAgent, startWorker, type AgentProc, type LocalWorker } from '../harness/stack.ts'
import { classIngress, converge, corefile, firstSync, freshNamespace, holds, publishIngress, logsWhere, remove, table } from './support.ts'

describe('two owners publishing into one KV', () => {
  let cluster: Cluster
  let worker: LocalWorker
  let east: AgentProc
  let west: AgentProc
  let ns: string
  const tmp = makeTempDir('scenario-owners-')
  const timings: (string | number)[][] = []

  const ingress = (name: string, cls: string, host: string) => classIngress(ns, name, cls, host)
  const publish = (name: string, cls: string, host: string, ip: string) => publishIngress(cluster, ns, name, cls, host, ip)
  const wait = (name: string, want: string[] | 'NXDOMAIN', type = 'A') => converge(worker.dohUrl, name, type, want, { timeoutMs: 20_000 })

  beforeAll(async () => {
    cluster = await startCluster()
    ns = await freshNamespace(cluster, 'owners')
    worker = await startWorker({ persistTo: tmp.dir, logDir: tmp.dir, owners: ['east', 'west'] })
    const common = { kubeconfigPath: cluster.kubeconfigPath, persistTo: tmp.dir, workDir: tmp.dir }
    east = await startAgent({ ...common, owner: 'east', corefile: corefile(['Ingress'], ['ingressClasses east']) })
    west = await startAgent({ ...common, owner: 'west', corefile: corefile(['Ingress'], ['ingressClasses west']) })
    await Promise.all([firstSync(east), firstSync(west)])
  })

  afterAll(async () => {
    if (timings.length) table('owners timings', ['event', 'ms'], timings)
    await east?.stop()
    await west?.stop()
    await worker?.stop()
    await cluster?.stop()
    tmp.remove()
  })

  it('a hostname both owners serve answers with both addresses', async () => {
    await publish('shared-east', 'east', 'shared.example.com', '192.0.2.1')
    await publish('only-east', 'east', 'east.example.com', '192.0.2.11')
    await publish('shared-west', 'west', 'shared.example.com', '192.0.2.2')
    await publish('only-west', 'west', 'west.example.com', '192.0.2.22')
    timings.push(['both owners published -> merged answer', await wait('shared.example.com', ['192.0.2.1', '192.0.2.2'])])
    await wait('east.example.com', ['192.0.2.11'])
    await wait('west.example.com', ['192.0.2.22'])
    // Each agent rendered only its own cluster's objects (its class).
    const names = (a: AgentProc) => Math.max(...logsWhere(a, 'published').map((l) => Number(l.names)))
    expect(names(east)).toBe(2)
    expect(names(west)).toBe(2)
  })

  it('deleting the hostname from one owner leaves the other owner\'s address', async () => {
    await remove(cluster, ingress('shared-east', 'east', ''))
    timings.push(['delete in east -> west address alone', await wait('shared.example.com', ['192.0.2.2'])])
    // East deleted its own key only: west's records are all still there, and stay.
    await holds(worker.dohUrl, 'west.example.com', 'A', ['192.0.2.22'], 1_500)
    await wait('east.example.com', ['192.0.2.11'])
    const eastDeletes = logsWhere(east, 'published').reduce((n, l) => n + Number(l.deletes), 0)
    expect(eastDeletes).toBe(1)
    expect(logsWhere(west, 'published').reduce((n, l) => n + Number(l.deletes), 0)).toBe(0)

    // And the other way round: the name goes when its last owner drops it.
    await remove(cluster, ingress('shared-west', 'west', ''))
    await wait('shared.example.com', 'NXDOMAIN')
    await wait('east.example.com', ['192.0.2.11'])
  })

  it('an agent that stops leaves its records served (it deletes nothing on shutdown)', async () => {
    await west.stop()
    expect(west.logs().map((l) => l.msg)).toContain('shutting down')
    await holds(worker.dohUrl, 'west.example.com', 'A', ['192.0.2.22'], 1_500)
    await publish('only-east', 'east', 'east.example.com', '192.0.2.12')
    await wait('east.example.com', ['192.0.2.12'])
    await wait('west.example.com', ['192.0.2.22'])
  })
})
