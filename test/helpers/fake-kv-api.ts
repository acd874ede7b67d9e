/**
 * A local HTTP server that speaks the shape of the Workers KV REST API (list with cursors,
 * read one value, bulk put, bulk delete) on 127.0.0.1, with faults to inject: 429 with Retry-After, 5xx,
 * requests that hang past the client's timeout, and bulk requests that succeed for only some
 * keys (`unsuccessful_keys`, which the API says "should be retried"). It checks the documented
 * limits too, and logs every key it stores or deletes, in order.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Fault =
  | { status: 429 | 500 | 502 | 503; retryAfter?: string }
  | { hang: true }
  /** A bulk request that lands for every key but those `unsuccessful` picks, reported back. */
  | { unsuccessful: (key: string) => boolean }
  /** Served normally: lets a later fault hit a later request. */
  | { pass: true }

export interface FakeKvApi {
  apiBase: string
  accountId: string
  namespaceId: string
  token: string
  store: Map<string, { value: string; metadata?: unknown }>
  /** Faults served, in order, before requests succeed again. */
  faults: Fault[]
  requests: { method: string; path: string; keys: number }[]
  /** Every key stored (`put k`) or deleted (`delete k`), in the order the server did it. */
  writes: string[]
  pageSize: number
  close(): Promise<void>
}

export async function startFakeKvApi(): Promise<FakeKvApi> {
  const api: Omit<FakeKvApi, 'apiBase' | 'close'> = {
    accountId: 'acct',
    namespaceId: 'ns1',
    token: 'secret-token-value',
    store: new Map(),
    faults: [],
    requests: [],
    writes: [],
    pageSize: 1000,
  }
  const prefix = `/client/v4/accounts/${api.accountId}/storage/kv/namespaces/${api.namespaceId}`
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers })
        res.end(JSON.stringify(body))
      }
      if (req.headers.authorization !== `Bearer ${api.token}`) {
        return send(401, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] })
      }
      const fault = api.faults.shift()
      if (fault && 'hang' in fault) return // never answers; the client times out
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as unknown[]) : []
      api.requests.push({ method: req.method ?? '', path: url.pathname.slice(prefix.length), keys: body.length })
      if (fault && 'status' in fault) {
        return send(fault.status, { success: false, errors: [] }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {})
      }
      const refused = fault && 'unsuccessful' in fault ? fault.unsuccessful : () => false
      const path = url.pathname.slice(prefix.length)
      if (req.method === 'GET' && path === '/keys') {
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), api.pageSize)
        const keys = [...api.store.keys()].filter((k) => k.startsWith(url.searchParams.get('prefix') ?? '')).sort()
        const start = Number(url.searchParams.get('cursor') || 0)
        const page = keys.slice(start, start + limit)
        const next = start + limit < keys.length ? String(start + limit) : ''
        return send(200, {
          success: true,
          result: page.map((name) => ({ name, metadata: api.store.get(name)?.metadata })),
          result_info: { count: page.length, cursor: next },
        })
      }
      if (req.method === 'GET' && path.startsWith('/values/')) {
        const entry = api.store.get(decodeURIComponent(path.slice('/values/'.length)))
        if (!entry) return send(404, { success: false, errors: [{ code: 10009, message: 'key not found' }] })
        res.writeHead(200, { 'content-type': 'application/octet-stream' })
        return res.end(entry.value)
      }
      if (req.method === 'PUT' && path === '/bulk') {
        if (body.length > 10_000) return send(400, { success: false, errors: [{ code: 10001, message: 'too many keys' }] })
        const failed: string[] = []
        for (const item of body as { key: string; value: string; metadata?: unknown }[]) {
          if (refused(item.key)) {
            failed.push(item.key)
            continue
          }
          api.store.set(item.key, { value: item.value, metadata: item.metadata })
          api.writes.push(`put ${item.key}`)
        }
        return send(200, { success: true, result: { successful_key_count: body.length - failed.length, unsuccessful_keys: failed } })
      }
      if (req.method === 'POST' && path === '/bulk/delete') {
        if (body.length > 10_000) return send(400, { success: false, errors: [{ code: 10001, message: 'too many keys' }] })
        const failed: string[] = []
        for (const key of body as string[]) {
          if (refused(key)) {
            failed.push(key)
            continue
          }
          api.store.delete(key)
          api.writes.push(`delete ${key}`)
        }
        return send(200, { success: true, result: { successful_key_count: body.length - failed.length, unsuccessful_keys: failed } })
      }
      send(404, { success: false, errors: [{ code: 7003, message: 'no route' }] })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  // The very object the server reads, so a test can rotate the token or add faults later.
  return Object.assign(api, {
    apiBase: `http://127.0.0.1:${port}/client/v4`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
}
