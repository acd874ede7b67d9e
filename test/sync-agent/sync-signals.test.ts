/**
 * `agent sync` stops gracefully on SIGTERM (it logs "shutting down", stops its watchers,
 * releases a held Lease and closes the publisher, then exits 0) with every publisher. With
 * `--publisher local-kv`, miniflare's own exit hook used to answer SIGTERM with
 * process.exit(143) first: no lease release, and its workerd left running.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const dir = mkdtempSync(join(tmpdir(), 'k8sgw-sigterm-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function runUntilSigterm(publisher: string): Promise<{ code: number | null; signal: string | null; lines: Record<string, unknown>[] }> {
  const log = join(dir, `${publisher}.log`)
  writeFileSync(join(dir, 'Corefile'), 'example.com {\n  k8s_gateway {\n    resources Ingress\n  }\n}\n')
  // The cluster is unreachable: the agent starts, reports Ingress failing and publishes its zone.
  const args = ['--import', tsx, 'sync-agent/main.ts', 'sync', '--config', join(dir, 'Corefile'), '--kubeconfig', 'test/fixtures/kubeconfig-loopback.yaml']
  args.push('--publisher', publisher, '--persist-to', join(dir, 'kv'), '--listen', '127.0.0.1:0', '--leader-election', 'false')
  const out: Buffer[] = []
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } })
  child.stdout.on('data', (b: Buffer) => out.push(b))
  child.stderr.on('data', (b: Buffer) => out.push(b))
  const exited = new Promise<[number | null, string | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])))
  const text = () => Buffer.concat(out).toString()
  const deadline = Date.now() + 30_000
  while (!text().includes('first sync done')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL')
      throw new Error(`agent did not publish:\n${text()}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  const [code, signal] = await exited
  clearTimeout(timer)
  writeFileSync(log, text())
  const lines = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
  return { code, signal, lines }
}

describe('agent sync on SIGTERM', () => {
  it.each(['local-kv', 'dry-run'])('stops gracefully with --publisher %s', async (publisher) => {
    const { code, signal, lines } = await runUntilSigterm(publisher)
    expect(lines.map((l) => l.msg)).toContain('shutting down')
    expect({ code, signal }).toEqual({ code: 0, signal: null })
  }, 60_000)
})
