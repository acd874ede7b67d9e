/**
 * The agent at 100k objects, in a process of its own so its RSS is the agent's alone: a
 * snapshot of 100k Ingresses, the controller's first reconcile into an empty KV, then a
 * reconcile with nothing changed (what every resync does: KV listed again, the plan
 * recomputed) and one after a single object changed. The publisher keeps only what the agent
 * learns from a KV listing (key -> hash), as against the real API.
 *
 *   node --expose-gc --import tsx bench/agent-scale.ts [objects]
 */
import { performance } from 'node:perf_hooks'
import { parseConfig } from '../sync-agent/config/k8s-gateway.ts'
import { Controller } from '../sync-agent/controller.ts'
import { applied, type Changes } from '../sync-agent/plan/plan.ts'
import { noStats, type Publisher } from '../sync-agent/publish/publisher.ts'
import { Snapshot } from '../sync-agent/watch/snapshot.ts'
import { ingress, ingresses } from './fixtures.ts'
import { fmt, heapMiB } from './stats.ts'

const n = Number(process.argv[2] ?? 100_000)
const { config } = parseConfig('example.com {\n  k8s_gateway {\n    resources Ingress Service\n  }\n}\n', 'bench')

let kv = new Map<string, string>()
const listing: Publisher = {
  name: 'listing only',
  list: async () => new Map(kv),
  readStamp: async () => null,
  apply: async (changes: Changes) => {
    kv = applied(kv, changes)
    return { ...noStats(), puts: changes.puts.length, deletes: changes.deletes.length }
  },
  close: async () => {},
}

const snapshot = new Snapshot(['Ingress', 'Service'])
snapshot.replace('Ingress', ingresses(n))
snapshot.replace('Service', [])
const controller = new Controller({ config: { ...config, owner: 'default' }, snapshot, publisher: listing, isLeader: () => true, events: { warning() {}, published() {}, failed() {} } })

const time = async (what: () => void): Promise<number> => {
  heapMiB()
  const t = performance.now()
  what()
  await controller.runOnce()
  return performance.now() - t
}
const first = await time(() => {})
const unchanged: number[] = []
for (let i = 0; i < 3; i++) unchanged.push(await time(() => controller.resync()))
const oneChange = await time(() => snapshot.upsert('Ingress', ingress(7, 1)))
heapMiB()
const rss = process.memoryUsage().rss / 2 ** 20
console.log(JSON.stringify({ objects: n, firstMs: fmt(first, 0), unchangedMs: fmt(Math.min(...unchanged), 0), oneChangeMs: fmt(oneChange, 0), rssMiB: fmt(rss, 0) }))
