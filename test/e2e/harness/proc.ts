/**
 * Process plumbing for the e2e harness: loopback ports, child processes with their
 * output in log files, polling, and a last-resort cleanup when the test process exits
 * (a failed or interrupted run must not leave etcd/kube-apiserver/coredns behind).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const started = Date.now()

/** Progress line on stderr (not buffered by the test runner's console capture). */
export function progress(message: string): void {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6)
  process.stderr.write(`[e2e +${t}s] ${message}\n`)
}

/** A free TCP port on 127.0.0.1 (the kernel's pick; released before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      if (addr === null || typeof addr === 'string') return reject(new Error('no port'))
      srv.close(() => resolve(addr.port))
    })
  })
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 60_000, intervalMs = 200, onTimeout }: { timeoutMs?: number; intervalMs?: number; onTimeout?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const v = await probe()
      if (v !== undefined) return v
    } catch (e) {
      lastError = e
    }
    if (Date.now() > deadline) {
      const extra = onTimeout ? `\n${onTimeout()}` : ''
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}${extra}`)
    }
    await sleep(intervalMs)
  }
}

// ---------------------------------------------------------------- cleanup registry

const liveChildren = new Set<ChildProcess>()
const tempDirs = new Set<string>()
let guardInstalled = false

function installExitGuard(): void {
  if (guardInstalled) return
  guardInstalled = true
  // 'exit' handlers must be synchronous: SIGKILL what is left and remove temp dirs.
  process.on('exit', () => {
    for (const child of liveChildren) {
      try {
        child.kill('SIGKILL')
      } catch {
        /* already gone */
      }
    }
    if (process.env.E2E_KEEP !== '1') for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
  })
}

/** A temp dir removed at stop()/exit (kept when E2E_KEEP=1, for post-mortems). */
export function makeTempDir(prefix: string): { dir: string; remove(): void } {
  installExitGuard()
  const dir = mkdtempSync(join(tmpdir(), prefix))
  tempDirs.add(dir)
  return {
    dir,
    remove() {
      tempDirs.delete(dir)
      if (process.env.E2E_KEEP === '1') progress(`keeping ${dir} (E2E_KEEP=1)`)
      else rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface Proc {
  readonly name: string
  readonly child: ChildProcess
  readonly logFile: string
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>
  /** True while the process has not exited. */
  alive(): boolean
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>
  /** The last `lines` lines of its combined stdout/stderr. */
  tail(lines?: number): string
}

/** Starts `bin args` with stdout+stderr appended to `logFile`. */
export function startProcess(name: string, bin: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): Proc {
  installExitGuard()
  const fd = openSync(logFile, 'a')
  const child = spawn(bin, args, { stdio: ['ignore', fd, fd], env: env ?? process.env })
  closeSync(fd)
  liveChildren.add(child)
  let done = false
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true
      liveChildren.delete(child)
      resolve(code ?? signal ?? -1)
    })
    child.once('error', (err) => {
      done = true
      liveChildren.delete(child)
      progress(`${name}: failed to start: ${err.message}`)
      resolve(-1)
    })
  })
  const tail = (lines = 40): string => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
    } catch {
      return '(no log)'
    }
  }
  return {
    name,
    child,
    logFile,
    exited,
    alive: () => !done,
    tail,
    async stop(graceMs = 10_000) {
      if (done) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Pids of every live descendant of `pid` (Linux /proc; [] elsewhere). */
export function descendants(pid: number): number[] {
  const out: number[] = []
  const visit = (p: number): void => {
    let tasks: string[]
    try {
      tasks = readdirSync(`/proc/${p}/task`)
    } catch {
      return
    }
    for (const t of tasks) {
      let text = ''
      try {
        text = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8')
      } catch {
        continue
      }
      for (const c of text.split(/\s+/).filter(Boolean).map(Number)) {
        out.push(c)
        visit(c)
      }
    }
  }
  visit(pid)
  return out
}

/**
 * A crash: SIGKILL to the process and everything it started (e.g. the workerd that the
 * agent's local KV runs), as when a container dies; resolves once the process has exited.
 */
export async function crash(p: Proc): Promise<void> {
  const pid = p.child.pid
  const kids = pid === undefined ? [] : descendants(pid)
  p.child.kill('SIGKILL')
  for (const k of kids) {
    try {
      process.kill(k, 'SIGKILL')
    } catch {
      /* already gone */
    }
  }
  await p.exited
}

/** Throws with the process's log tail when it has already exited (used inside waitFor probes). */
export function assertAlive(p: Proc): void {
  if (!p.alive()) throw new Error(`${p.name} exited early; log ${p.logFile}:\n${p.tail()}`)
}
