/**
 * `npm start`: the whole stack on one machine, no cluster or cloud account. Renders a Corefile
 * and manifests (examples/ by default), publishes the record set into the local KV through
 * the agent's planner (so a re-run writes only what changed), and serves the worker on
 * 127.0.0.1 in the real Workers runtime (wrangler dev / workerd).
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { kvEntries } from '../src/core/recordset/keys.ts'
import type { RecordSet } from '../src/core/recordset/schema.ts'
import { hashed } from '../sync-agent/plan/plan.ts'
import { reconcile } from '../sync-agent/reconcile.ts'
import { openLocalKv } from '../sync-agent/publish/local-kv.ts'
import { isInputError, renderFiles } from '../sync-agent/render-files.ts'
import { startH2cFront } from './h2c-front.ts'
import { howTo } from './how-to.ts'
import { freePort, startLocalWorker } from './wrangler-dev.ts'

const USAGE = `Usage: npm start -- [--config <Corefile>] [--manifests <file-or-dir>] [--port <n>] [--persist-to <dir>]

Renders the manifests with the Corefile's k8s_gateway block into a local KV and serves
DNS-over-HTTPS from the worker at http://127.0.0.1:<port>/dns-query.

Options:
  --config      Corefile (default examples/Corefile)
  --manifests   manifest file or directory (default examples/manifests)
  --port        port on 127.0.0.1 (default 8787)
  --persist-to  local KV state directory (default .wrangler/state)
  --help        show this help
`

const OWNER = 'default'

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs({
      options: {
        config: { type: 'string', default: 'examples/Corefile' },
        manifests: { type: 'string', default: 'examples/manifests' },
        port: { type: 'string', default: '8787' },
        'persist-to': { type: 'string', default: '.wrangler/state' },
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

  let recordSet: RecordSet
  try {
    const rendered = await renderFiles(args.config!, args.manifests!, OWNER)
    for (const w of rendered.warnings) process.stderr.write(`warning: ${w}\n`)
    recordSet = rendered.recordSet
    log(`rendered ${rendered.objects} objects into ${Object.keys(recordSet.names).length} names in ${recordSet.zones.map((z) => z.zone).join(', ')}`)
  } catch (err) {
    if (isInputError(err)) {
      process.stderr.write(`start: ${err.message}\n`)
      return 2
    }
    throw err
  }

  const persistTo = resolve(args['persist-to']!)
  const kv = await openLocalKv({ configPath: 'wrangler.toml', persistTo })
  try {
    const { changes } = await reconcile(hashed(kvEntries(recordSet)), kv, OWNER)
    log(`local KV ${persistTo}: ${changes.puts.length} keys written, ${changes.deletes.length} deleted`)
  } finally {
    await kv.close()
  }

  return serve(port, persistTo, recordSet)
}

/** Runs wrangler dev until it exits or we are interrupted; prints how to query it once ready. */
async function serve(port: number, persistTo: string, recordSet: RecordSet): Promise<number> {
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
    vars: { OWNERS: OWNER, CACHE_SECONDS: '2' },
    output: (text, stream) => (stream === 'stderr' ? process.stderr.write(text) : banner.write(text)),
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => worker.child.kill(signal))
  worker.ready.then(() => {
    banner.ready()
    log(`DNS-over-HTTPS ready at http://127.0.0.1:${port}/dns-query`)
    process.stdout.write(howTo(port, recordSet).map((c) => `  ${c}\n`).join(''))
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
