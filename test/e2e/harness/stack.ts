/**
 * Our side of the e2e tests: the real agent (`agent sync`, a separate process) publishing into
 * the local KV, and the local worker (wrangler dev / workerd) answering DoH from it, both on
 * loopback. Assertions are DoH queries against the worker.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { freePort, progress, startProcess, waitFor, type Proc } from './proc.ts'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
/** tsx's loader (its package's "." export), by absolute URL so the agent's cwd does not matter. */
const TSX_LOADER = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href

export interface LocalWorker {
  /** http://127.0.0.1:PORT/dns-query */
  dohUrl: string
  proc: Proc
  stop(): Promise<void>
}

/** The worker over `persistTo`, isolate cache off so each answer reflects KV at once. */
export async function startWorker(opts: { persistTo: string; owners?: string[]; logDir: string; vars?: Record<string, string> }): Promise<LocalWorker> {
  const port = await freePort()
  const args = [
    join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
    'dev', '--config', join(ROOT, 'wrangler.toml'), '--ip', '127.0.0.1', '--port', String(port),
    '--persist-to', opts.persistTo, '--var', `OWNERS:${(opts.owners ?? ['default']).join(',')}`,
    '--var', 'CACHE_SECONDS:0', ...Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]), '--show-interactive-dev-session=false',
  ]
  const proc = startProcess('worker', process.execPath, args, join(opts.logDir, `worker-${port}.log`), {
    ...process.env,
    WRANGLER_SEND_METRICS: 'false',
  })
  await waitFor(`worker on ${port}`, async () => readFileSync(proc.logFile, 'utf8').includes('Ready on') || undefined, {
    timeoutMs: 60_000,
    onTimeout: () => proc.tail(),
  })
  progress(`worker: serving http://127.0.0.1:${port}/dns-query from ${opts.persistTo}`)
  return { dohUrl: `http://127.0.0.1:${port}/dns-query`, proc, stop: () => proc.stop(10_000) }
}

export interface AgentProc {
  proc: Proc
  /** http://127.0.0.1:PORT of /healthz /readyz /metrics */
  opsUrl: string
  /** Parsed JSON log lines so far. */
  logs(): Record<string, unknown>[]
  stop(): Promise<void>
}

export interface AgentOptions {
  /** The Corefile text (a kubeconfig option is not needed: --kubeconfig is passed). */
  corefile: string
  kubeconfigPath: string
  persistTo: string
  workDir: string
  owner?: string
  extraArgs?: string[]
  name?: string
}

/** `agent sync --publisher local-kv` as its own process, as it runs in a cluster. */
export async function startAgent(opts: AgentOptions): Promise<AgentProc> {
  const name = opts.name ?? `agent-${opts.owner ?? 'default'}`
  const corefilePath = join(opts.workDir, `${name}.Corefile`)
  writeFileSync(corefilePath, opts.corefile)
  const port = await freePort()
  // `node --import tsx`, not the tsx CLI: the CLI runs the program in a child process and
  // relays only SIGINT/SIGTERM, so a SIGKILL (a crash, in the leader test) would orphan it.
  const args = [
    '--import', TSX_LOADER, join(ROOT, 'sync-agent/main.ts'), 'sync', '--config', corefilePath, '--kubeconfig', opts.kubeconfigPath,
    '--publisher', 'local-kv', '--persist-to', opts.persistTo, '--owner', opts.owner ?? 'default',
    '--listen', `127.0.0.1:${port}`, '--log-level', 'debug', ...(opts.extraArgs ?? []),
  ]
  const proc = startProcess(name, process.execPath, args, join(opts.workDir, `${name}.log`), { ...process.env, WRANGLER_SEND_METRICS: 'false' })
  const logs = (): Record<string, unknown>[] =>
    readFileSync(proc.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  return { proc, opsUrl: `http://127.0.0.1:${port}`, logs, stop: () => proc.stop(15_000) }
}
