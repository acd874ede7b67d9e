/**
 * The agent's ops endpoints for the kubelet and Prometheus: /healthz (liveness: the process
 * loop runs), /readyz (synced and published once; a standby that is not the leader reports
 * whatever the caller decides) and /metrics. Loopback by default; `0.0.0.0` in a pod.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface HealthStatus {
  /** False when the loop is stuck or dead: the kubelet restarts the container. */
  live: boolean
  /** False until the first sync and publish: the pod is not counted as available. */
  ready: boolean
  /** Shown in the JSON body; for /readyz a 503 says why (e.g. `{ waiting: ['HTTPRoute'] }`). */
  detail?: unknown
}

export interface OpsServerOptions {
  /** 0 picks a free port (tests). */
  port: number
  /** Default 127.0.0.1; `0.0.0.0` (or `::`) in a cluster, where the kubelet probes the pod IP. */
  host?: string
  metrics?: { render(): Promise<string> }
  health: () => HealthStatus
  /** The page at `/` for operators (ops-page.ts), from the same health status. */
  page?: (health: HealthStatus) => string
}

export interface OpsServer {
  readonly host: string
  readonly port: number
  close(): Promise<void>
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** `--listen`: `host:port`, `[v6]:port`, `:port` or `port` (host then 127.0.0.1). */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text)
  const port = Number(match?.[3])
  if (!match || !Number.isInteger(port) || port > 65535) {
    throw new Error(`--listen must be host:port, e.g. 0.0.0.0:8080: ${text}`)
  }
  return { host: match[1] || match[2] || '127.0.0.1', port }
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((request, response) => {
    handle(options, request, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, 500, { status: 'error', error: String(error) })
      else response.destroy()
    })
  })
  // Probes are tiny and frequent; don't let a slow client hold a socket.
  server.requestTimeout = 10_000
  server.headersTimeout = 5_000
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  return {
    host,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        // Keep-alive sockets of a scraper would otherwise hold close() open.
        server.closeAllConnections()
      }),
  }
}

async function handle(
  options: OpsServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const path = new URL(request.url ?? '/', 'http://ops').pathname
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD')
    return json(response, 405, { status: 'error', error: 'method not allowed' })
  }
  switch (path) {
    case '/healthz':
    case '/livez': {
      const { live, detail } = safeHealth(options)
      return json(response, live ? 200 : 503, { status: live ? 'ok' : 'dead', ...wrap(detail) })
    }
    case '/readyz': {
      const { ready, detail } = safeHealth(options)
      return json(response, ready ? 200 : 503, {
        status: ready ? 'ok' : 'unready',
        ...wrap(detail),
      })
    }
    case '/': {
      if (!options.page) return json(response, 404, { status: 'error', error: 'not found' })
      return send(response, 200, 'text/html; charset=utf-8', options.page(safeHealth(options)))
    }
    case '/metrics': {
      if (!options.metrics) return json(response, 404, { status: 'error', error: 'no metrics' })
      const body = await options.metrics.render()
      return send(response, 200, METRICS_CONTENT_TYPE, body)
    }
    default:
      return json(response, 404, { status: 'error', error: 'not found' })
  }
}

/** A throwing health callback means the agent can't tell it is fine: report neither. */
function safeHealth(options: OpsServerOptions): HealthStatus {
  try {
    return options.health()
  } catch (error) {
    return { live: false, ready: false, detail: `health check failed: ${String(error)}` }
  }
}

const wrap = (detail: unknown) => (detail === undefined ? {} : { detail })

const json = (response: ServerResponse, status: number, body: unknown) =>
  send(response, status, 'application/json', `${JSON.stringify(body)}\n`)

function send(response: ServerResponse, status: number, type: string, body: string) {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  })
  response.end(body)
}
