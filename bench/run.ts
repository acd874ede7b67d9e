/**
 * `npm run bench`: the figures the README quotes. Runs on Node (the V8 that workerd embeds),
 * so worker CPU is measured on the same pipeline the worker runs, minus the KV network.
 *   1. render + plan time and heap for 1k / 10k / 100k objects; the agent's reconcile at 100k
 *      with nothing changed and after one change, and its RSS (bench/agent-scale.ts)
 *   2. KV operations and bytes one hostname change causes, by zone size
 *   3. a burst of 500 changes: how many publishes and keys
 *   4. worker CPU per request at 100k hostnames, warm (isolate cache) and cold (parse + validate)
 *   5. watch event to new answer through the local worker
 *   6. worker CPU for the worst-case requests the limits allow (worst-case.ts)
 *   7. our answer against the dns-packet decode + encode floor (warm-path.ts)
 *   8. the watch edge: heap held by 100k objects as the API sends them and slimmed (watch-edge.ts)
 * `npm run bench -- worst` runs only 6 and 7; `npm run bench -- load` the load benchmark (load.ts).
 */
import { execFileSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { kvEntries } from '../src/core/recordset/keys.ts'
import { createApp } from '../src/app.ts'
import type { Env } from '../src/env.ts'
import type { Cached } from '../src/store/kv-reader.ts'
import { createKvReader } from '../src/store/kv-reader.ts'
import { TtlCache } from '../src/store/ttl-cache.ts'
import { encodeBase64Url } from '../src/doh/parse.ts'
import * as packet from 'dns-packet'
import { parseConfig } from '../sync-agent/config/k8s-gateway.ts'
import { contentHash } from '../sync-agent/plan/hash.ts'
import { plan } from '../sync-agent/plan/plan.ts'
import { render } from '../sync-agent/render/render.ts'
import { burst } from './burst.ts'
import { eventToAnswer } from './event-to-answer.ts'
import { load } from './load.ts'
import { warmPath } from './warm-path.ts'
import { watchEdge } from './watch-edge.ts'
import { worstCase } from './worst-case.ts'
import { ingress, ingresses } from './fixtures.ts'
import { fmt, heapMiB, percentile, table } from './stats.ts'

const { config } = parseConfig('example.com {\n  k8s_gateway {\n    resources Ingress Service\n  }\n}\n', 'bench')
const SIZES = [1_000, 10_000, 100_000]

function renderAndPlan(): void {
  const rows: (string | number)[][] = []
  for (const n of SIZES) {
    const objects = ingresses(n)
    const before = heapMiB()
    let t = performance.now()
    const { recordSet } = render(objects, config)
    const renderMs = performance.now() - t
    t = performance.now()
    const desired = kvEntries(recordSet)
    const changes = plan(desired, new Map(), config.owner)
    const planMs = performance.now() - t
    const published = new Map(changes.puts.map((p) => [p.key, p.hash]))
    t = performance.now()
    plan(kvEntries(render(objects, config).recordSet), published, config.owner)
    const replanMs = performance.now() - t
    const heap = heapMiB() - before
    void recordSet
    rows.push([n.toLocaleString('en'), fmt(renderMs), fmt(planMs), fmt(replanMs), fmt(heap)])
  }
  table('Render and plan (ms; heap MiB held after GC with objects, record set and plan alive)', ['objects', 'render', 'plan (empty KV)', 'render+plan (no change)', 'heap'], rows)
}

/** bench/agent-scale.ts in a child process, so the RSS it reports is the agent's alone. */
function agentAtScale(): void {
  const n = 100_000
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/agent-scale.ts', String(n)], { encoding: 'utf8' })
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, string>
  table(`The agent's reconcile at ${n.toLocaleString('en')} objects (ms; RSS of the agent process, MiB)`, ['first (empty KV)', 'nothing changed (resync)', 'one object changed', 'RSS'], [
    [r.firstMs!, r.unchangedMs!, r.oneChangeMs!, r.rssMiB!],
  ])
}

function oneHostnameChange(): void {
  const rows: (string | number)[][] = []
  for (const n of SIZES) {
    const objects = ingresses(n)
    const base = kvEntries(render(objects, config).recordSet)
    const published = new Map([...base].map(([k, v]) => [k, contentHash(v)]))
    const cases: [string, ReturnType<typeof ingresses>][] = [
      ['address changed', objects.map((o, i) => (i === 7 ? ingress(7, 1) : o))],
      ['hostname added', [...objects, ingress(n)]],
      ['hostname removed', objects.slice(1)],
      ['deep hostname added (new ENT)', [...objects, ingress(n, 0, `x.newlevel.example.com`)]],
    ]
    for (const [what, next] of cases) {
      const changes = plan(kvEntries(render(next, config).recordSet), published, config.owner)
      const bytes = changes.puts.reduce((sum, p) => sum + p.key.length + p.value.length, 0)
      rows.push([n.toLocaleString('en'), what, changes.puts.length, changes.deletes.length, bytes])
    }
  }
  table('KV operations for one hostname change', ['hostnames', 'change', 'puts', 'deletes', 'bytes written'], rows)
}

async function workerCpu(): Promise<void> {
  const n = 100_000
  const kv = kvEntries(render(ingresses(n), config).recordSet)
  let reads = 0
  const stub = {
    get: async (keys: string[]) => {
      reads++
      return new Map(keys.map((k) => [k, kv.get(k) ?? null]))
    },
  } as unknown as KVNamespace
  const makeApp = (cacheSeconds: number) => {
    const cache = new TtlCache<Cached>(10_000)
    return createApp(() => ({
      reader: createKvReader(stub, { owners: ['default'], cacheSeconds, cache, warn: () => {} }),
      relay: () => Promise.reject(new Error('none')),
      warn: () => {},
    }))
  }
  const url = (name: string, type: 'A' | 'AAAA') =>
    `http://bench/dns-query?dns=${encodeBase64Url(new Uint8Array(packet.encode({ id: 1, type: 'query', flags: 256, questions: [{ name, type, class: 'IN' }] })))}`
  const queries = Array.from({ length: 5000 }, (_, i) => url(i % 10 === 0 ? `missing${i}.example.com` : `app${(i * 7919) % n}.example.com`, i % 2 ? 'A' : 'AAAA'))
  const env = {} as Env
  const rows: (string | number)[][] = []
  // Two rounds, the first thrown away: whichever path runs first pays for the heap the render
  // left behind (measured: about twice the CPU), which no worker request ever sees.
  for (const round of [1, 2]) {
    for (const [label, cacheSeconds] of [['warm (isolate cache)', 30], ['cold (KV values parsed)', 0]] as const) {
      const app = makeApp(cacheSeconds)
      for (const q of queries) await app.request(q, {}, env) // warm-up: JIT, and the cache when on
      reads = 0
      heapMiB() // a full GC now, so earlier garbage is not billed to requests
      const cpu = process.cpuUsage()
      const times: number[] = []
      for (const q of queries) {
        const t = performance.now()
        const res = await app.request(q, {}, env)
        await res.arrayBuffer()
        times.push((performance.now() - t) * 1000)
      }
      const used = process.cpuUsage(cpu)
      const cpuPerQuery = (used.user + used.system) / queries.length
      times.sort((a, b) => a - b)
      if (round === 1) continue
      rows.push([label, fmt(cpuPerQuery, 0), fmt(percentile(times, 50), 0), fmt(percentile(times, 99), 0), fmt(times.at(-1)!, 0), fmt(reads / queries.length, 2)])
    }
  }
  table(`Worker time per DoH GET at ${n.toLocaleString('en')} hostnames (µs, whole Hono app, KV stubbed in memory)`, ['path', 'CPU mean', 'p50', 'p99', 'max', 'KV reads/query'], rows)
}

console.log(`k8s-gateway-doh benchmarks on Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`)
if (process.argv[2] === 'worst') {
  await warmPath()
  await worstCase()
  process.exit(0)
}
if (process.argv[2] === 'load') {
  await load()
  process.exit(0)
}
renderAndPlan()
agentAtScale()
oneHostnameChange()
await burst()
await workerCpu()
await eventToAnswer()
await worstCase()
await warmPath()
watchEdge()
