/**
 * `npm start`: the whole stack on one machine, no cluster or cloud account. Renders a Corefile
 * and manifests (examples/ by default), publishes the record set into the local KV through
 * the agent's planner (so a re-run writes only what changed), and serves the worker on
 * 127.0.0.1 in the real Workers runtime (wrangler dev / workerd).
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { kvEntries } from '../src/core/recordset/keys.ts'
import type { Heartbeat, RecordSet } from '../src/core/recordset/schema.ts'
import { STEERING_POLICIES } from '../src/core/recordset/steering.ts'
import { nextHeartbeat, parseLocation, parseServes, type Site, siteProblem } from '../sync-agent/plan/heartbeat.ts'
import { hashed } from '../sync-agent/plan/plan.ts'
import { reconcile } from '../sync-agent/reconcile.ts'
import { openLocalKv } from '../sync-agent/publish/local-kv.ts'
import { isInputError, renderFiles } from '../sync-agent/render-files.ts'
import { ownerProblem } from '../sync-agent/config/k8s-gateway.ts'
import { startH2cFront } from './h2c-front.ts'
import { howTo } from './how-to.ts'
import { freePort, startLocalWorker } from './wrangler-dev.ts'

/** Local KV has no write budget: heartbeat often, so a stopped `npm start` shows stale quickly. */
const LOCAL_HEARTBEAT_SECONDS = 60

const USAGE = `Usage: npm start -- [--config <Corefile>] [--manifests <file-or-dir>] [--port <n>] [--persist-to <dir>]
       npm start -- --cluster NAME=MANIFESTS --cluster NAME=MANIFESTS [cluster and steering options]

Renders the manifests with the Corefile's k8s_gateway block into a local KV and serves
DNS-over-HTTPS from the worker at http://127.0.0.1:<port>/dns-query.

Options:
  --config      Corefile (default examples/Corefile)
  --manifests   manifest file or directory (default examples/manifests)
  --port        port on 127.0.0.1 (default 8787)
  --persist-to  local KV state directory (default .wrangler/state)
  --help        show this help

Several clusters behind one worker (README "Several clusters"), each an owner rendered from its
own manifests with the same Corefile, heartbeating every ${LOCAL_HEARTBEAT_SECONDS} s while this runs:
  --cluster NAME=MANIFESTS           repeatable; replaces --manifests (OWNERS: the names in order)
  --cluster-region NAME=REGION       the cluster's region, shown on the page
  --cluster-location NAME=LAT,LON    where it is, for --steering nearest
  --cluster-serves NAME=CODES        continent or country codes it serves best (EU, DE, ...)
  --cluster-down NAME                publish it with a heartbeat an hour old, as if its agent had stopped
  --steering POLICY                  all | nearest | failover (the worker's STEERING; default all)
  --steering-order NAMES             failover's order, comma separated (default: the --cluster order)
`

const OWNER = 'default'

/** One owner to publish: its name, manifests, and heartbeat site (none without --cluster). */
interface Cluster {
  owner: string
  manifests: string
  site: Site | null
  down: boolean
}

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs({
      options: {
        config: { type: 'string', default: 'examples/Corefile' },
        manifests: { type: 'string', default: 'examples/manifests' },
        port: { type: 'string', default: '8787' },
        'persist-to': { type: 'string', default: '.wrangler/state' },
        cluster: { type: 'string', multiple: true },
        'cluster-region': { type: 'string', multiple: true },
        'cluster-location': { type: 'string', multiple: true },
        'cluster-serves': { type: 'string', multiple: true },
        'cluster-down': { type: 'string', multiple: true },
        steering: { type: 'string', default: 'all' },
        'steering-order': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (err) {
    process.stderr.write(`start: ${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (args.help) {
    process.stdout.write(USAGE)
    return 0
  }
  const port = Number(args.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`start: --port must be a port number, not "${args.port}"\n`)
    return 2
  }

  const clusters = clustersOf(args)
  if ('error' in clusters) {
    process.stderr.write(`start: ${clusters.error}\n`)
    return 2
  }
  const policy = STEERING_POLICIES.find((p) => p === args.steering)
  if (!policy) {
    process.stderr.write(`start: --steering must be one of ${STEERING_POLICIES.join(', ')}, not "${args.steering}"\n`)
    return 2
  }

  const sets: RecordSet[] = []
  try {
    for (const cluster of clusters) {
      const rendered = await renderFiles(args.config!, cluster.manifests, cluster.owner)
      for (const w of rendered.warnings) process.stderr.write(`warning: ${w}\n`)
      sets.push(rendered.recordSet)
      const who = clusters.length > 1 || cluster.site ? ` for ${cluster.owner}` : ''
      log(`rendered ${rendered.objects} objects${who} into ${Object.keys(rendered.recordSet.names).length} names in ${rendered.recordSet.zones.map((z) => z.zone).join(', ')}`)
    }
  } catch (err) {
    if (isInputError(err)) {
      process.stderr.write(`start: ${err.message}\n`)
      return 2
    }
    throw err
  }

  const persistTo = resolve(args['persist-to']!)
  const beats = new Map<string, Heartbeat>()
  /** Every cluster's set with its heartbeat renewed when due; a "down" one keeps an old one. */
  const publishAll = async (now: number): Promise<{ puts: number; deletes: number }> => {
    const kv = await openLocalKv({ configPath: 'wrangler.toml', persistTo })
    const total = { puts: 0, deletes: 0 }
    try {
      for (const [i, cluster] of clusters.entries()) {
        let set = sets[i]!
        if (cluster.site) {
          const at = cluster.down ? now - 3_600_000 : now
          const beat = nextHeartbeat(beats.get(cluster.owner) ?? null, { every: LOCAL_HEARTBEAT_SECONDS, site: cluster.site }, at)
          beats.set(cluster.owner, beat)
          set = { ...set, heartbeat: beat }
        }
        const { changes } = await reconcile(hashed(kvEntries(set)), kv, cluster.owner)
        total.puts += changes.puts.length
        total.deletes += changes.deletes.length
      }
    } finally {
      await kv.close()
    }
    return total
  }
  const first = await publishAll(Date.now())
  log(`local KV ${persistTo}: ${first.puts} keys written, ${first.deletes} deleted`)

  const vars: Record<string, string> = { OWNERS: clusters.map((c) => c.owner).join(','), CACHE_SECONDS: '2' }
  if (clusters.some((c) => c.site)) {
    Object.assign(vars, { STEERING: policy, STEERING_ORDER: args['steering-order'] ?? '' })
    log(`clusters ${vars.OWNERS}, STEERING=${policy}, heartbeats every ${LOCAL_HEARTBEAT_SECONDS} s`)
    const beating = setInterval(() => void publishAll(Date.now()).catch((err: Error) => process.stderr.write(`start: heartbeat failed: ${err.message}\n`)), LOCAL_HEARTBEAT_SECONDS * 1000)
    beating.unref()
  }
  return serve(port, persistTo, sets, vars)
}

/**
 * --cluster NAME=MANIFESTS (repeatable) and its per-cluster options; without any, the one
 * `default` owner from --manifests, as before (no heartbeat: nothing to steer between).
 */
function clustersOf(args: Record<string, string | string[] | boolean | undefined>): Cluster[] | { error: string } {
  const given = (args.cluster as string[] | undefined) ?? []
  if (given.length === 0) return [{ owner: OWNER, manifests: String(args.manifests), site: null, down: false }]
  const clusters: Cluster[] = []
  for (const pair of given) {
    const [owner, manifests] = split(pair)
    if (!owner || !manifests) return { error: `--cluster must be NAME=MANIFESTS, not "${pair}"` }
    const problem = ownerProblem(owner)
    if (problem) return { error: `--cluster ${pair}: ${problem}` }
    if (clusters.some((c) => c.owner === owner)) return { error: `--cluster ${owner} is given twice` }
    clusters.push({ owner, manifests, site: {}, down: false })
  }
  const byName = (flag: string, pair: string): Cluster | { error: string } => {
    const [owner] = split(pair)
    return clusters.find((c) => c.owner === owner) ?? { error: `${flag} ${pair}: no --cluster ${owner}` }
  }
  for (const pair of (args['cluster-region'] as string[] | undefined) ?? []) {
    const cluster = byName('--cluster-region', pair)
    if ('error' in cluster) return cluster
    cluster.site!.region = split(pair)[1]
  }
  for (const pair of (args['cluster-location'] as string[] | undefined) ?? []) {
    const cluster = byName('--cluster-location', pair)
    if ('error' in cluster) return cluster
    const location = parseLocation(split(pair)[1] ?? '')
    if ('error' in location) return { error: location.error.replace('--location', `--cluster-location ${cluster.owner}=`) }
    Object.assign(cluster.site!, location)
  }
  for (const pair of (args['cluster-serves'] as string[] | undefined) ?? []) {
    const cluster = byName('--cluster-serves', pair)
    if ('error' in cluster) return cluster
    const serves = parseServes(split(pair)[1] ?? '')
    if ('error' in serves) return { error: serves.error.replace('--serves', `--cluster-serves ${cluster.owner}=`) }
    cluster.site!.serves = serves
  }
  for (const owner of (args['cluster-down'] as string[] | undefined) ?? []) {
    const cluster = byName('--cluster-down', `${owner}=`)
    if ('error' in cluster) return cluster
    cluster.down = true
  }
  for (const c of clusters) {
    const problem = siteProblem({ every: LOCAL_HEARTBEAT_SECONDS, site: c.site! })
    if (problem) return { error: `--cluster ${c.owner}: ${problem}` }
  }
  return clusters
}

/** NAME=VALUE at the first "=" (a path or a list may hold more). */
function split(pair: string): [string, string | undefined] {
  const at = pair.indexOf('=')
  return at < 0 ? [pair, undefined] : [pair.slice(0, at), pair.slice(at + 1)]
}

/** Runs wrangler dev until it exits or we are interrupted; prints how to query it once ready. */
async function serve(port: number, persistTo: string, sets: RecordSet[], vars: Record<string, string>): Promise<number> {
  // The worker listens on a private port; the front on `port` adds cleartext HTTP/2 for dig.
  const inner = await freePort()
  const banner = wranglerStdout()
  const front = await startH2cFront({ port, target: inner }).catch((err: Error) => {
    throw new Error(`cannot listen on 127.0.0.1:${port}: ${err.message}`)
  })
  const worker = startLocalWorker({
    port: inner,
    persistTo,
    // A short isolate cache, so an agent syncing a real cluster into this KV shows up at once.
    vars,
    output: (text, stream) => (stream === 'stderr' ? process.stderr.write(text) : banner.write(text)),
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => worker.child.kill(signal))
  worker.ready.then(() => {
    banner.ready()
    log(`DNS-over-HTTPS ready at http://127.0.0.1:${port}/dns-query`)
    process.stdout.write(howTo(port, sets).map((c) => `  ${c}\n`).join(''))
  }, () => {})
  const code = await worker.exited
  // Exited before it was ready: what it printed explains why.
  if (!banner.isReady) process.stdout.write(banner.held)
  front.close()
  return code
}

/**
 * wrangler's stdout before it is ready (its banner, bindings and "Ready on" the private port
 * the front forwards to) is held back: the URL to use is ours. After that its request log
 * passes through. Its stderr (warnings, errors) always does.
 */
function wranglerStdout() {
  let held = ''
  let isReady = false
  return {
    write(text: string): void {
      if (!isReady) held += text
      else process.stdout.write(text.split('\n').filter((l) => !l.includes('Ready on')).join('\n'))
    },
    ready(): void {
      isReady = true
    },
    get isReady() {
      return isReady
    },
    get held() {
      return held
    },
  }
}

function log(message: string): void {
  process.stdout.write(`[start] ${message}\n`)
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exitCode = 1
  },
)
