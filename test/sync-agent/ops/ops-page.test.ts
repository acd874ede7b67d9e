/** The agent's page for operators: what /readyz's detail says, readable, escaped, served at /. */
import { afterEach, describe, expect, it } from 'vitest'
import { agentHealth } from '../../../sync-agent/ops/agent-health.ts'
import { startOpsServer, type OpsServer } from '../../../sync-agent/ops/health.ts'
import { opsPage } from '../../../sync-agent/ops/ops-page.ts'

const T = Date.parse('2026-12-01T10:00:00Z')
const health = (extra: Partial<Parameters<typeof agentHealth>[0]> = {}) =>
  agentHealth(
    {
      kinds: [
        { kind: 'Ingress', state: 'listed', objects: 12, error: null, known: true },
        { kind: 'HTTPRoute', state: 'forbidden', objects: 0, error: 'httproutes is forbidden: <user>', known: false },
      ],
      leader: true,
      published: true,
      lastRunOk: true,
      lastProgressAt: T,
      lastPublish: { at: T, names: 40, puts: 3, deletes: 1, seconds: 0.25 },
      budget: { perDay: 1000, remaining: 870 },
      ...extra,
    },
    T,
    900_000,
  )
const page = (h = health(), configPath = '/etc/k8s-gateway-doh/Corefile') => opsPage({ health: h, owner: 'eu-1', configPath, version: '0.1.0' })

describe('the agent ops page', () => {
  it('shows every kind with its state, objects and last error, escaped', () => {
    const html = page()
    expect(html).toContain('<td>Ingress</td><td class="ok">listed</td><td>12</td><td></td>')
    expect(html).toContain('<td>HTTPRoute</td><td class="bad">forbidden</td><td>0</td><td>httproutes is forbidden: &lt;user&gt;</td>')
    expect(html).not.toContain('<user>')
  })
  it('shows the last publish, the leader, the write budget, the config and readiness', () => {
    const html = page()
    expect(html).toContain('2026-12-01T10:00:00.000Z: 3 keys written, 1 deleted, 40 names, 0.25 s')
    expect(html).toContain('this replica publishes')
    expect(html).toContain('870 of 1000 KV writes left today')
    expect(html).toContain('/etc/k8s-gateway-doh/Corefile: <span class="ok">in force</span>')
    expect(html).toContain('no: waiting for HTTPRoute')
  })
  it('says when a reload failed, and when there is no publish, budget or leadership yet', () => {
    const html = page(health({ configError: 'Corefile:3: ttl must be in range [0, 3600]: 5000', lastPublish: null, budget: null, leader: false }))
    expect(html).toContain('last reload failed, the running configuration stays: Corefile:3: ttl must be in range [0, 3600]: 5000')
    expect(html).toContain('<td>none yet</td>')
    expect(html).toContain('<td>no limit</td>')
    expect(html).toContain('<td>standby</td>')
  })
})

describe('served at / on the ops port', () => {
  let server: OpsServer | null = null
  afterEach(async () => {
    await server?.close()
    server = null
  })
  it('answers HTML at / when a page is given, 404 without', async () => {
    server = await startOpsServer({ port: 0, health: () => health(), page: (h) => page(h) })
    const res = await fetch(`http://127.0.0.1:${server.port}/`)
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8'])
    expect(await res.text()).toContain('Agent for owner eu-1')
    await server.close()
    server = await startOpsServer({ port: 0, health: () => health() })
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404)
  })
})
