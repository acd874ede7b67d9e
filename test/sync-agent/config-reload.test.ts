/**
 * An edited Corefile is applied without a restart (file change or SIGHUP), and an invalid one
 * keeps the running config; the running agent then watches added kinds and drops removed ones,
 * whose names the next publish deletes. Against a small fake API server over plain HTTP.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nameKey } from '../../src/core/recordset/keys.ts'
import { startAgent } from '../../sync-agent/agent.ts'
import { startReloader } from '../../sync-agent/cli/reload.ts'
import { loadConfig } from '../../sync-agent/config/k8s-gateway.ts'
import type { AgentConfig } from '../../sync-agent/config/types.ts'
import { createLogger } from '../../sync-agent/ops/log.ts'
import { AgentMetrics } from '../../sync-agent/ops/metrics.ts'
import { loopbackKubeConfig, signallingPublisher } from './fake-cluster.ts'

let dir: string
const logs: string[] = []
const log = createLogger({ stream: { write: (l: string) => logs.push(l) } })
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8sgw-reload-'))
  logs.length = 0
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const corefile = (resources: string) => `example.com {\n  k8s_gateway {\n    resources ${resources}\n  }\n}\n`
const read = (path: string) => async () => {
  const parsed = await loadConfig(path)
  return { config: { ...parsed.config, owner: 'default' }, warnings: parsed.warnings }
}

describe('config reload', () => {
  async function reloaderFor(resources: string) {
    const path = join(dir, 'Corefile')
    writeFileSync(path, corefile(resources))
    const applied: AgentConfig[] = []
    const problems: (string | null)[] = []
    let onApply = () => {}
    const metrics = new AgentMetrics()
    const reloader = startReloader({
      path,
      read: read(path),
      apply: async (c) => void (applied.push(c), onApply()),
      problem: (m) => void problems.push(m),
      log,
      metrics,
      initial: (await read(path)()).config,
    })
    const nextApply = () => new Promise<void>((resolve) => (onApply = resolve))
    return { path, reloader, applied, problems, metrics, nextApply }
  }

  it('applies a valid edit, ignores an unchanged file and keeps the running config on a bad one', async () => {
    const r = await reloaderFor('Ingress')
    await r.reloader.reload()
    expect(r.applied).toEqual([])
    writeFileSync(r.path, corefile('Ingress Service'))
    await r.reloader.reload()
    expect(r.applied.map((c) => c.resources)).toEqual([['Ingress', 'Service']])
    writeFileSync(r.path, corefile('Ingress Bogus'))
    await r.reloader.reload()
    expect(r.applied).toHaveLength(1)
    expect(r.problems.at(-1)).toMatch(/Corefile:3: .*Bogus/)
    expect(logs.join('')).toContain('config reload failed; keeping the running config')
    expect(await r.metrics.render()).toContain('k8s_gateway_doh_config_reloads_total{result="error"} 1')
    r.reloader.stop()
  })

  it('reloads on SIGHUP', async () => {
    const r = await reloaderFor('Ingress')
    writeFileSync(r.path, corefile('Service'))
    const applied = r.nextApply()
    process.emit('SIGHUP')
    await applied
    expect(r.applied.map((c) => c.resources)).toEqual([['Service']])
    r.reloader.stop()
  })

  it('reloads when a ConfigMap volume swaps its ..data link', async () => {
    const r = await reloaderFor('Ingress')
    const applied = r.nextApply()
    // the kubelet's way: write a new file beside, then rename over (the inode changes)
    writeFileSync(join(dir, '.Corefile.new'), corefile('Node'))
    renameSync(join(dir, '.Corefile.new'), r.path)
    await applied
    expect(r.applied.map((c) => c.resources)).toEqual([['Node']])
    r.reloader.stop()
  })
})

/** Lists one Ingress and one Service; watches stay open and quiet. */
function fakeApi(): Promise<Server> {
  const items: Record<string, object[]> = {
    '/apis/networking.k8s.io/v1/ingresses': [{ metadata: { name: 'web', namespace: 'ns' }, spec: { rules: [{ host: 'web.example.com' }] }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } }],
    '/api/v1/services': [{ metadata: { name: 'db', namespace: 'ns' }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.2' }] } } }],
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('content-type', 'application/json')
    if (url.pathname === '/apis/networking.k8s.io') return res.end(JSON.stringify({ versions: [{ version: 'v1' }] }))
    const list = items[url.pathname]
    if (!list) return res.writeHead(404).end('{}')
    if (url.searchParams.get('watch') === 'true') return res.writeHead(200).write('')
    res.end(JSON.stringify({ metadata: { resourceVersion: '1' }, items: list }))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

describe('a running agent reconfigured', () => {
  it('watches an added kind, drops a removed one and deletes its names', async () => {
    const server = await fakeApi()
    const kc = loopbackKubeConfig(server)
    const path = join(dir, 'Corefile')
    writeFileSync(path, corefile('Ingress'))
    const config = (await read(path)()).config
    const { kv, nextPublish } = signallingPublisher()
    const timing = { coalesce: { quietMs: 1, maxDelayMs: 5, minIntervalMs: 1 } }
    const agent = startAgent({ config, kc, publisher: kv, log, metrics: new AgentMetrics(), resyncMs: 300_000, timing })
    try {
      await agent.setLeader(true)
      expect(await agent.firstOutcome).toBe('published')
      expect(kv.values.has(nameKey('default', 'web.example.com'))).toBe(true)

      const swapped = nextPublish()
      await agent.reconfigure({ ...config, resources: ['Service'] })
      await swapped
      expect(kv.values.has(nameKey('default', 'db.ns.example.com'))).toBe(true)
      expect(kv.values.has(nameKey('default', 'web.example.com'))).toBe(false)
      expect(agent.snapshot.status().map((k) => k.kind)).toEqual(['Service'])
    } finally {
      await agent.stop()
      server.closeAllConnections()
      server.close()
    }
  })
})
