/**
 * Workers KV through the Cloudflare REST API, within its documented limits: bulk writes and
 * deletes of at most 10,000 keys and 100 MB a request, key listings of 1,000 a page. The API
 * token is only ever sent as a header, never logged or put in an error.
 */
import { readFileSync } from 'node:fs'
import { metaKey, ownerPrefixes, ownsKey } from '../../src/core/recordset/keys.ts'
import type { Changes, Put } from '../plan/plan.ts'
import type { ApplyStats, Publisher } from './publisher.ts'
import { noStats, PublishError, stampOf, writeOrder } from './publisher.ts'
import type { RetryPolicy } from './retry.ts'
import { defaultRetry, parseRetryAfter, TransientError, withRetries } from './retry.ts'

export const BULK_KEYS = 10_000
/** Under the 100 MB request limit, with room for JSON framing. */
export const BULK_BYTES = 95 * 1024 * 1024
const LIST_LIMIT = 1000

export interface KvRestOptions {
  accountId: string
  namespaceId: string
  /** The API token, or where to get the current one (re-read for every request). */
  token: string | (() => string)
  apiBase?: string
  timeoutMs?: number
  retry?: RetryPolicy
  /** Keys per bulk request (default and maximum 10,000; tests use small batches). */
  bulkKeys?: number
  onRetry?: (message: string) => void
}

/**
 * The token from CLOUDFLARE_API_TOKEN, or the file CLOUDFLARE_API_TOKEN_FILE names (a mounted
 * Secret). The file is read again for every request (a few a minute at most), so a rotated
 * Secret, which Kubernetes updates in place, is used from the next publish on without a
 * restart; if the file cannot be read for a moment (mid-update), the last token read is used.
 */
export function tokenFromEnv(env: NodeJS.ProcessEnv = process.env): () => string {
  const value = env.CLOUDFLARE_API_TOKEN?.trim()
  if (value) return () => value
  const file = env.CLOUDFLARE_API_TOKEN_FILE
  if (!file) throw new Error('no API token: set CLOUDFLARE_API_TOKEN or CLOUDFLARE_API_TOKEN_FILE')
  let last = readFileSync(file, 'utf8').trim() // a missing file fails at start, not later
  return () => {
    try {
      last = readFileSync(file, 'utf8').trim() || last
    } catch {}
    return last
  }
}

export function kvRestPublisher(options: KvRestOptions): Publisher {
  const base = `${options.apiBase ?? 'https://api.cloudflare.com/client/v4'}/accounts/${options.accountId}/storage/kv/namespaces/${options.namespaceId}`
  const retry = options.retry ?? defaultRetry
  const timeoutMs = options.timeoutMs ?? 30_000
  const bulkKeys = Math.min(options.bulkKeys ?? BULK_KEYS, BULK_KEYS)
  const token = typeof options.token === 'string' ? () => options.token as string : options.token
  let stats = noStats()

  /** One request: throws TransientError for what is worth another try (429, 5xx, no answer). */
  async function request(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    stats.requests++
    let response: Response
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      throw new TransientError(`request failed: ${(error as Error).message}`)
    }
    const text = await response.text().catch(() => '')
    if (response.status === 429 || response.status >= 500) {
      throw new TransientError(`HTTP ${response.status}`, parseRetryAfter(response.headers.get('retry-after')))
    }
    return { status: response.status, text }
  }

  /** One API call: its JSON reply, or an Error naming the API's own errors (never the token). */
  async function send(method: string, path: string, body?: unknown): Promise<ApiReply> {
    const response = await request(method, path, body)
    const text = response.text
    const json = parseJson(text)
    if (response.status >= 300 || json?.success === false) {
      const errors = json?.errors?.map((e) => `${e.code}: ${e.message}`).join('; ')
      throw new Error(`KV API ${method} ${path.split('?')[0]}: HTTP ${response.status}${errors ? ` (${errors})` : ''}`)
    }
    return json ?? {}
  }

  function retrying<T>(method: string, path: string, attempt: () => Promise<T>): Promise<T> {
    return withRetries(
      retry,
      (error, n, wait) => {
        stats.retries++
        options.onRetry?.(`${method} ${path.split('?')[0]}: ${error.message}; retry ${n} in ${Math.round(wait)} ms`)
      },
      attempt,
    )
  }

  /**
   * A bulk write or delete until the API confirmed every key: a 200 may still name keys that
   * "should be retried" (`unsuccessful_keys`), and exactly those go again, with the backoff a
   * 429 gets. Only confirmed keys count in the stats; throws when the attempts run out.
   */
  async function bulk<T>(method: string, path: string, items: T[], keyOf: (item: T) => string): Promise<void> {
    let pending = items
    await retrying(method, path, async () => {
      const reply = await send(method, path, pending)
      const failed = new Set(reply.result?.unsuccessful_keys ?? [])
      const confirmed = pending.length - failed.size
      if (method === 'PUT') stats.puts += confirmed
      else stats.deletes += confirmed
      if (failed.size === 0) return
      stats.unsuccessfulKeys += failed.size
      pending = pending.filter((item) => failed.has(keyOf(item)))
      throw new TransientError(`${failed.size} of ${failed.size + confirmed} keys unsuccessful`)
    })
  }

  return {
    name: 'kv-rest',
    async list(owner) {
      const out = new Map<string, string>()
      for (const prefix of ownerPrefixes(owner)) {
        let cursor = ''
        do {
          const query = new URLSearchParams({ prefix, limit: String(LIST_LIMIT) })
          if (cursor) query.set('cursor', cursor)
          const page = (await retrying('GET', '/keys', () => send('GET', `/keys?${query}`))) as ListPage
          for (const key of page.result ?? []) {
            if (ownsKey(owner, key.name)) out.set(key.name, key.metadata?.hash ?? '')
          }
          cursor = page.result_info?.cursor ?? ''
        } while (cursor)
      }
      return out
    },
    async readStamp(owner) {
      // A value is served raw, not in the API's JSON envelope; 404 is "no meta yet".
      const path = `/values/${encodeURIComponent(metaKey(owner))}`
      const response = await retrying('GET', '/values', () => request('GET', path))
      if (response.status === 404) return null
      if (response.status >= 300) throw new Error(`KV API GET /values: HTTP ${response.status}`)
      return stampOf(response.text)
    },
    async apply(changes: Changes): Promise<ApplyStats> {
      stats = noStats()
      const order = writeOrder(changes)
      const put = (puts: Put[]) => puts.map((p) => ({ key: p.key, value: p.value, metadata: { hash: p.hash } }))
      try {
        for (const batch of batches(put(order.names), bulkKeys)) await bulk('PUT', '/bulk', batch, (i) => i.key)
        for (let i = 0; i < order.deletes.length; i += bulkKeys) {
          await bulk('POST', '/bulk/delete', order.deletes.slice(i, i + bulkKeys), (key) => key)
        }
        if (order.meta.length > 0) await bulk('PUT', '/bulk', put(order.meta), (i) => i.key)
      } catch (error) {
        throw new PublishError((error as Error).message, stats)
      }
      return stats
    },
    close: async () => {},
  }
}

interface ApiReply {
  success?: boolean
  errors?: { code: number; message: string }[]
  result?: { unsuccessful_keys?: string[] }
}

interface ListPage {
  result?: { name: string; metadata?: { hash?: string } }[]
  result_info?: { cursor?: string }
}

function parseJson(text: string): ApiReply | null {
  try {
    return JSON.parse(text) as ApiReply
  } catch {
    return null
  }
}

/** Splits writes so no request passes the key-count or byte limit. */
export function batches<T extends { key: string; value: string }>(items: T[], maxKeys = BULK_KEYS, maxBytes = BULK_BYTES): T[][] {
  const out: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const item of items) {
    const size = item.key.length + item.value.length + 64
    if (current.length > 0 && (current.length >= maxKeys || bytes + size > maxBytes)) {
      out.push(current)
      current = []
      bytes = 0
    }
    current.push(item)
    bytes += size
  }
  if (current.length > 0) out.push(current)
  return out
}
