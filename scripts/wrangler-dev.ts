/**
 * Starts the worker locally with `wrangler dev` (workerd) on 127.0.0.1, reading the KV kept in
 * `persistTo`: used by `npm start` and the benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer, type AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'

export interface LocalWorker {
  child: ChildProcess
  /** Resolves when wrangler reports it is serving. */
  ready: Promise<void>
  exited: Promise<number>
}

export interface LocalWorkerOptions {
  port: number
  persistTo: string
  /** Worker vars, e.g. { OWNERS: 'default', CACHE_SECONDS: '0' }. */
  vars: Record<string, string>
  /** Another wrangler config than ./wrangler.toml (the load benchmark's no-op worker). */
  config?: string
  /** Where wrangler's output goes, noise filtered; default: dropped. */
  output?: (text: string, stream: 'stdout' | 'stderr') => void
}

export function startLocalWorker(options: LocalWorkerOptions): LocalWorker {
  // wrangler's package exports hide its bin; it sits beside the resolved entry's folder.
  const wrangler = join(dirname(createRequire(import.meta.url).resolve('wrangler')), '..', 'bin', 'wrangler.js')
  const vars = Object.entries(options.vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])
  // Per-request log lines and the local trace store (X_LOCAL_OBSERVABILITY) cost more CPU than
  // the worker itself under load, so only warnings and errors are kept; readiness is probed.
  const child = spawn(
    process.execPath,
    [wrangler, 'dev', ...(options.config ? ['--config', options.config] : []), '--ip', '127.0.0.1', '--port', String(options.port), '--persist-to', options.persistTo, ...vars, '--show-interactive-dev-session=false', '--log-level', 'warn'],
    { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', X_LOCAL_OBSERVABILITY: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 0)))
  const watch = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => options.output?.(quiet(chunk.toString()), stream)
  child.stdout!.on('data', watch('stdout'))
  child.stderr!.on('data', watch('stderr'))
  let gone = false
  void exited.then(() => (gone = true))
  const ready = (async () => {
    for (;;) {
      if (gone) throw new Error(`wrangler dev exited with ${await exited} before it was ready`)
      try {
        await fetch(`http://127.0.0.1:${options.port}/`, { signal: AbortSignal.timeout(1000) })
        return
      } catch {
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  })()
  return { child, ready, exited }
}

/** Offline, wrangler fails to fetch Request.cf data; that is harmless, so keep it out of sight. */
function quiet(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/Request\.cf|ENOTFOUND|^\s+at |GetAddrInfoReqWrap/.test(line))
    .join('\n')
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}
