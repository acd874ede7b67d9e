/**
 * EndpointSlices are watched only while some Service asks for its endpoints
 * (`k8s-gateway.dns/resolve-endpoints: "true"`): a cluster that does not use it never lists
 * them. Against a small fake API server whose watches the test feeds events into.
 */
import { createServer, type ServerResponse, type Server } from 'node:http'
import { describe, expect, it } from 'vitest'
import { nameKey } from '../../src/core/recordset/keys.ts'
import { startAgent } from '../../sync-agent/agent.ts'
import { createLogger } from '../../sync-agent/ops/log.ts'
import { AgentMetrics } from '../../sync-agent/ops/metrics.ts'
import { loopbackKubeConfig, signallingPublisher } from './fake-cluster.ts'
import { testConfig } from './helpers.ts'

const SERVICES = '/api/v1/services'
const SLICES = '/apis/discovery.k8s.io/v1/endpointslices'

const lb = { metadata: { name: 'db', namespace: 'ns' }, spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.2' }] } } }
const cache = {
  metadata: { name: 'cache', namespace: 'ns', annotations: { 'k8s-gateway.dns/resolve-endpoints': 'true' } },
  spec: { clusterIP: 'None' },
}
const slice = (ip: string) => ({
  metadata: { name: 'cache-1', namespace: 'ns', labels: { 'kubernetes.io/service-name': 'cache' } },
  addressType: 'IPv4',
  endpoints: [{ addresses: [ip], conditions: { ready: true } }],
})

/** Lists what `items` holds; every open watch of a path gets what `send` writes. */
async function fakeApi() {
  const items: Record<string, object[]> = { [SERVICES]: [lb], [SLICES]: [slice('10.0.0.1')] }
  const watches = new Map<string, ServerResponse[]>()
  const lists: string[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('content-type', 'application/json')
    if (url.pathname === '/apis/discovery.k8s.io') return res.end(JSON.stringify({ versions: [{ version: 'v1' }] }))
    const list = items[url.pathname]
    if (!list) return res.writeHead(404).end('{}')
    if (url.searchParams.get('watch') === 'true') {
      watches.set(url.pathname, [...(watches.get(url.pathname) ?? []), res])
      return res.writeHead(200).write('')
    }
    lists.push(url.pathname)
    res.end(JSON.stringify({ metadata: { resourceVersion: '1' }, items: list }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const send = (path: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: object) => {
    for (const res of watches.get(path) ?? []) if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`)
  }
  const kc = loopbackKubeConfig(server)
  const close = () => {
    server.closeAllConnections()
    server.close()
  }
  return { kc, lists, send, close, watching: (path: string) => (watches.get(path) ?? []).some((r) => !r.writableEnded && !r.destroyed) }
}

describe('the EndpointSlice watch', () => {
  it('starts when a Service asks for its endpoints, follows the slices, and stops when none asks', async () => {
    const api = await fakeApi()
    const lines: string[] = []
    const log = createLogger({ stream: { write: (l: string) => lines.push(l) } })
    const { kv, nextPublish } = signallingPublisher()
    const config = testConfig({ resources: ['Service'] })
    const timing = { coalesce: { quietMs: 1, maxDelayMs: 5, minIntervalMs: 1 } }
    const agent = startAgent({ config, kc: api.kc, publisher: kv, log, metrics: new AgentMetrics(), resyncMs: 300_000, timing })
    const records = (name: string) => {
      const value = kv.values.get(nameKey('default', name))
      return value === undefined ? undefined : JSON.parse(value.value)
    }
    const kinds = () => agent.snapshot.status().map((k) => k.kind)
    try {
      await agent.setLeader(true)
      expect(await agent.firstOutcome).toBe('published')
      expect(records('db.ns.example.com')).toEqual({ a: ['192.0.2.2'] })
      // No Service asks: EndpointSlices are never listed nor watched.
      expect(api.lists).toEqual([SERVICES])
      expect(kinds()).toEqual(['Service'])

      await expect.poll(() => api.watching(SERVICES)).toBe(true)
      let next = nextPublish()
      api.send(SERVICES, 'ADDED', cache)
      await next
      expect(records('cache.ns.example.com')).toEqual({ a: ['10.0.0.1'] })
      expect(api.lists).toEqual([SERVICES, SLICES])
      expect(kinds()).toEqual(['Service', 'EndpointSlice'])
      expect(lines.join('')).toContain('a Service asks for its endpoints: watching EndpointSlices')

      await expect.poll(() => api.watching(SLICES)).toBe(true)
      next = nextPublish()
      api.send(SLICES, 'MODIFIED', slice('10.0.0.7'))
      await next
      expect(records('cache.ns.example.com')).toEqual({ a: ['10.0.0.7'] })

      next = nextPublish()
      api.send(SERVICES, 'DELETED', cache)
      await next
      expect(records('cache.ns.example.com')).toBeUndefined()
      expect(kinds()).toEqual(['Service'])
      expect(lines.join('')).toContain('no Service asks for its endpoints any more: EndpointSlices no longer watched')
      await expect.poll(() => api.watching(SLICES)).toBe(false)
      expect(records('db.ns.example.com')).toEqual({ a: ['192.0.2.2'] })
    } finally {
      await agent.stop()
      api.close()
    }
  })
})

describe('kindsFor', () => {
  it('adds EndpointSlice only when Service is served and some Service asks for its endpoints', async () => {
    const { kindsFor } = await import('../../sync-agent/watch/kinds.ts')
    const kinds = (...args: Parameters<typeof kindsFor>) => kindsFor(...args).map((k) => k.kind)
    expect(kinds(['Service'])).toEqual(['Service'])
    expect(kinds(['Service'], { endpointSlices: true })).toEqual(['Service', 'EndpointSlice'])
    expect(kinds(['Ingress'], { endpointSlices: true })).toEqual(['Ingress'])
    expect(kindsFor(['Service'], { endpointSlices: true })[1]).toMatchObject({ group: 'discovery.k8s.io', versions: ['v1'], plural: 'endpointslices' })
  })
})
