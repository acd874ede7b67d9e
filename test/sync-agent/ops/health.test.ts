/** The ops server over real HTTP on 127.0.0.1. */
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { HealthStatus, OpsServer } from '../../../sync-agent/ops/health.ts'
import {
  METRICS_CONTENT_TYPE,
  parseListen,
  startOpsServer,
} from '../../../sync-agent/ops/health.ts'
import { AgentMetrics } from '../../../sync-agent/ops/metrics.ts'

let server: OpsServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function start(
  health: () => HealthStatus,
  metrics: { render(): Promise<string> } = new AgentMetrics(),
) {
  server = await startOpsServer({ port: 0, metrics, health })
  return (path: string, init?: RequestInit) =>
    fetch(`http://127.0.0.1:${server!.port}${path}`, init)
}

describe('ops server', () => {
  it('listens on 127.0.0.1 by default, on a free port', async () => {
    server = await startOpsServer({ port: 0, health: () => ({ live: true, ready: true }) })
    expect(server.host).toBe('127.0.0.1')
    expect(server.port).toBeGreaterThan(0)
  })

  it('answers /healthz 200 while live, /readyz 503 with the reason until ready', async () => {
    let status: HealthStatus = {
      live: true,
      ready: false,
      detail: { waiting: ['HTTPRoute'], published: false },
    }
    const get = await start(() => status)

    const live = await get('/healthz')
    expect(live.status).toBe(200)
    expect(await live.json()).toMatchObject({ status: 'ok' })

    const unready = await get('/readyz')
    expect(unready.status).toBe(503)
    expect(unready.headers.get('content-type')).toBe('application/json')
    expect(await unready.json()).toEqual({
      status: 'unready',
      detail: { waiting: ['HTTPRoute'], published: false },
    })

    status = { live: true, ready: true }
    const ready = await get('/readyz')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ok' })

    status = { live: false, ready: true, detail: 'loop stalled for 120 s' }
    const dead = await get('/healthz')
    expect(dead.status).toBe(503)
    expect(await dead.json()).toEqual({ status: 'dead', detail: 'loop stalled for 120 s' })
  })

  it('serves /metrics in the Prometheus text format', async () => {
    const metrics = new AgentMetrics()
    metrics.leader(true)
    const get = await start(() => ({ live: true, ready: true }), metrics)
    const response = await get('/metrics')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(METRICS_CONTENT_TYPE)
    expect(await response.text()).toMatch(/^k8s_gateway_doh_leader 1$/m)
  })

  it('answers HEAD without a body, 404 for other paths, 405 for other methods', async () => {
    const get = await start(() => ({ live: true, ready: true }))
    const head = await get('/readyz', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    expect((await get('/nope')).status).toBe(404)
    const post = await get('/healthz', { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
  })

  it('reports not live and not ready when the health callback throws', async () => {
    const get = await start(() => {
      throw new Error('boom')
    })
    expect((await get('/healthz')).status).toBe(503)
    const ready = await get('/readyz')
    expect(ready.status).toBe(503)
    expect(await ready.json()).toEqual({
      status: 'unready',
      detail: 'health check failed: Error: boom',
    })
  })

  it('answers 500 when metrics fail to render', async () => {
    const get = await start(() => ({ live: true, ready: true }), {
      render: () => Promise.reject(new Error('collector failed')),
    })
    expect((await get('/metrics')).status).toBe(500)
  })

  // Neither a scraper's idle keep-alive socket nor a client stuck mid-request may hold close()
  // open (Node would wait for the request timeout), and close() ends both sockets.
  it('closes at once with an idle keep-alive and a half-sent request open', async () => {
    await start(() => ({ live: true, ready: true }))
    const open = (request: string) => {
      const socket = connect(server!.port, '127.0.0.1')
      const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()))
      socket.write(request)
      return { socket, ended }
    }
    const idle = open('GET /healthz HTTP/1.1\r\nhost: ops\r\nconnection: keep-alive\r\n\r\n')
    expect(await new Promise((resolve) => idle.socket.once('data', (d) => resolve(String(d))))).toMatch(
      /^HTTP\/1\.1 200 /
    )
    const halfSent = open('GET /healthz HTTP/1.1\r\nhost: ops\r\n')
    await new Promise((resolve) => setTimeout(resolve, 50))

    const closing = server!.close()
    server = null
    const outcome = await Promise.race([
      closing.then(() => 'closed'),
      new Promise((resolve) => setTimeout(resolve, 1_000, 'still open after 1 s')),
    ])
    expect(outcome).toBe('closed')
    await Promise.all([idle.ended, halfSent.ended])
    expect([idle.socket.destroyed, halfSent.socket.destroyed]).toEqual([true, true])
  })

  it('rejects when the port is taken', async () => {
    await start(() => ({ live: true, ready: true }))
    const again = startOpsServer({
      port: server!.port,
      health: () => ({ live: true, ready: true }),
    })
    await expect(again).rejects.toThrow(/EADDRINUSE/)
  })

  it('parses --listen', () => {
    expect(parseListen('0.0.0.0:8080')).toEqual({ host: '0.0.0.0', port: 8080 })
    expect(parseListen('[::]:9090')).toEqual({ host: '::', port: 9090 })
    expect(parseListen(':8080')).toEqual({ host: '127.0.0.1', port: 8080 })
    expect(parseListen('8080')).toEqual({ host: '127.0.0.1', port: 8080 })
    expect(() => parseListen('localhost')).toThrow(/--listen must be host:port/)
    expect(() => parseListen('x:70000')).toThrow(/--listen/)
  })
})
