/**
 * `npm run bench -- load`: the local stack under load, side by side with a no-op Hono worker on
 * the same runtime (workerd via wrangler dev), driven by autocannon with the same rotating set
 * of DoH GETs at a fixed concurrency, through the worker's own port and through the front.
 * Then the relay path against a loopback mock upstream: cold, cached, and with a dead first
 * upstream. CPU per request is the workerd process tree's, read from /proc.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import * as packet from 'dns-packet'
import { kvEntries } from '../src/core/recordset/keys.ts'
import type { Forward, RecordSet } from '../src/core/recordset/schema.ts'
import { encodeBase64Url } from '../src/doh/parse.ts'
import { plan } from '../sync-agent/plan/plan.ts'
import { openLocalKv } from '../sync-agent/publish/local-kv.ts'
import { renderFiles } from '../sync-agent/render-files.ts'
import { startH2cFront } from '../scripts/h2c-front.ts'
import { freePort, startLocalWorker, type LocalWorker } from '../scripts/wrangler-dev.ts'
import { recordSet } from '../test/helpers/recordset.ts'
import { fmt, percentile, table } from './stats.ts'

const CONNECTIONS = 10
const SECONDS = 8
const CLOCK_TICK_US = 10_000 // /proc counts CPU in USER_HZ ticks, 100 a second

const dohPath = (name: string, type: string): string =>
  `/dns-query?dns=${encodeBase64Url(new Uint8Array(packet.encode({ id: 0, type: 'query', flags: packet.RECURSION_DESIRED, questions: [{ name, type: type as packet.RecordType, class: 'IN' }] })))}`

/** CPU microseconds used so far by `pid` and every process below it. */
async function treeCpu(pid: number): Promise<number> {
  const stats = new Map<number, { ppid: number; ticks: number }>()
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    if (fields.length > 13) stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) })
  }
  let total = 0
  const stack = [pid]
  while (stack.length) {
    const p = stack.pop()!
    total += (stats.get(p)?.ticks ?? 0) * CLOCK_TICK_US
    for (const [child, s] of stats) if (s.ppid === p) stack.push(child)
  }
  return total
}

interface Run {
  label: string
  reqs: number
  p50: number
  p99: number
  cpuUs: number
}

async function drive(label: string, port: number, paths: string[], worker: LocalWorker): Promise<Run> {
  const url = `http://127.0.0.1:${port}`
  await autocannon({ url, connections: CONNECTIONS, duration: 2, requests: paths.map((path) => ({ path })) }) // warm-up
  const before = await treeCpu(worker.child.pid!)
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests: paths.map((path) => ({ path })) })
  const cpu = (await treeCpu(worker.child.pid!)) - before
  const total = result.requests.total
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { label, reqs: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuUs: cpu / total }
}

async function withWorker<T>(persistTo: string, vars: Record<string, string>, run: (port: number, worker: LocalWorker) => Promise<T>, config?: string): Promise<T> {
  const port = await freePort()
  const worker = startLocalWorker({ port, persistTo, vars, ...(config ? { config } : {}) })
  try {
    await worker.ready
    return await run(port, worker)
  } finally {
    worker.child.kill('SIGTERM')
    await worker.exited
  }
}

/** A DoH upstream on loopback: every question answered with one A record of TTL 300. */
async function mockUpstream(): Promise<{ server: Server; url: string; count: () => number }> {
  let n = 0
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      n++
      const q = packet.decode(Buffer.concat(chunks))
      const name = q.questions![0]!.name
      const body = packet.encode({ id: q.id, type: 'response', flags: packet.RECURSION_AVAILABLE, questions: q.questions, answers: [{ name, type: 'A', ttl: 300, data: '203.0.113.7' }] })
      res.writeHead(200, { 'content-type': 'application/dns-message' }).end(body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  return { server, url: `http://127.0.0.1:${port}/dns-query`, count: () => n }
}

/** A port that accepts and drops every connection, counting them: a dead upstream. */
async function deadUpstream(): Promise<{ url: string; count: () => number; close: () => void }> {
  let n = 0
  const server = createTcpServer((socket) => (n++, socket.destroy()))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}/dns-query`, count: () => n, close: () => server.close() }
}

async function timed(port: number, paths: string[]): Promise<number[]> {
  const times: number[] = []
  for (const path of paths) {
    const t = performance.now()
    const res = await fetch(`http://127.0.0.1:${port}${path}`)
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`)
    times.push(performance.now() - t)
  }
  return times
}

const median = (times: number[]): number => percentile([...times].sort((a, b) => a - b), 50)

export async function load(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'k8sgw-load-'))
  const upstream = await mockUpstream()
  const dead = await deadUpstream()
  try {
    const { recordSet: examples } = await renderFiles('examples/Corefile', 'examples/manifests', 'default')
    const relayOwner = (owner: string, forward: Forward): RecordSet =>
      recordSet({}, { owner, zones: examples.zones, serverBlock: [''], upstream: forward.upstreams[0]!, forward })
    const sets = [
      examples,
      relayOwner('relay', { upstreams: [upstream.url], policy: 'sequential', maxFails: 2, healthCheck: 10 }),
      relayOwner('relay-dead', { upstreams: [dead.url, upstream.url], policy: 'sequential', maxFails: 2, healthCheck: 10 }),
    ]
    const kv = await openLocalKv({ configPath: 'wrangler.toml', persistTo: dir })
    for (const set of sets) await kv.apply(plan(kvEntries(set), await kv.list(set.owner), set.owner))
    await kv.close()

    const hosts = Object.keys(examples.names).filter((n) => !n.startsWith('*'))
    const paths = Array.from({ length: 40 }, (_, i) => dohPath(hosts[i % hosts.length]!, ['A', 'AAAA', 'TXT', 'MX'][Math.floor(i / hosts.length) % 4]!))
    const runs: Run[] = []
    for (const [label, vars, config] of [
      ['no-op Hono worker', {}, 'bench/noop/wrangler.toml'],
      ['k8s-gateway-doh', { OWNERS: 'default', CACHE_SECONDS: '30' }, undefined],
    ] as const) {
      await withWorker(dir, vars, async (port, worker) => {
        runs.push(await drive(`${label}, worker port`, port, paths, worker))
        const frontPort = await freePort()
        const front = await startH2cFront({ port: frontPort, target: port })
        try {
          runs.push(await drive(`${label}, through the front`, frontPort, paths, worker))
        } finally {
          front.close()
        }
      }, config)
    }
    const noop = (via: string) => runs.find((r) => r.label === `no-op Hono worker, ${via}`)!
    table(
      `DoH GETs under load (${CONNECTIONS} connections, ${SECONDS} s, 40 rotating questions; CPU of the workerd process tree)`,
      ['server', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'req/s vs no-op'],
      runs.map((r) => [r.label, fmt(r.reqs, 0), r.p50, r.p99, fmt(r.cpuUs, 0), fmt(r.reqs / noop(r.label.split(', ')[1]!).reqs, 2)]),
    )

    const unique = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => dohPath(`${prefix}${i}.other.test`, 'A'))
    const rows: (string | number)[][] = []
    await withWorker(dir, { OWNERS: 'relay', CACHE_SECONDS: '30' }, async (port) => {
      const names = unique('name', 100)
      let before = upstream.count()
      const cold = await timed(port, names)
      rows.push(['cold (100 new names)', fmt(median(cold), 1), upstream.count() - before, 0])
      before = upstream.count()
      const cached = await timed(port, names)
      rows.push(['cached (the same 100 again)', fmt(median(cached), 1), upstream.count() - before, 0])
    })
    await withWorker(dir, { OWNERS: 'relay-dead', CACHE_SECONDS: '30' }, async (port) => {
      const before = upstream.count()
      const times = await timed(port, unique('fail', 100))
      rows.push([`dead first upstream (100 new names; first 2: ${times.slice(0, 2).map((t) => fmt(t, 1)).join(', ')} ms)`, fmt(median(times), 1), upstream.count() - before, dead.count()])
    })
    table('The relay path (sequential GETs through the worker port; mock upstream on loopback)', ['case', 'p50 ms', 'upstream requests', 'dead-upstream attempts'], rows)
  } finally {
    upstream.server.close()
    dead.close()
    await rm(dir, { recursive: true, force: true })
  }
}
