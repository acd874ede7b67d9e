/**
 * Workers KV through the Cloudflare REST API, within its documented limits: bulk writes and
 * deletes of at most 10,000 keys and 100 MB a request, key listings of 1,000 a page. The API
 * token is only ever sent as a header, never logged or put in an error.
 */
import { readFileSync } from 'node:fs'
import { ownerPrefixes } from '../../src/core/recordset/keys.ts'
import type { Changes } from '../plan/plan.ts'
import type { ApplyStats, Publisher } from './publisher.ts'
import { noStats } from './publisher.ts'
import type { RetryPolicy } from './retry.ts'
import { defaultRetry, parseRetryAfter, TransientError, withRetries } from './retry.ts'

export const BULK_KEYS = 10_000
/** Under the 100 MB request limit, with room for JSON framing. */
export const BULK_BYTES = 95 * 1024 * 1024
const LIST_LIMIT = 1000

export interface KvRestOptions {
  accountId: string
  namespaceId: string
  token: string
  apiBase?: string
  timeoutMs?: number
  retry?: RetryPolicy
  onRetry?: (message: string) => void
}

/** The token from CLOUDFLARE_API_TOKEN, or the file CLOUDFLARE_API_TOKEN_FILE names (a mounted secret). */
export function tokenFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CLOUDFLARE_API_TOKEN) return env.CLOUDFLARE_API_TOKEN.trim()
  if (env.CLOUDFLARE_API_TOKEN_FILE) return readFileSync(env.CLOUDFLARE_API_TOKEN_FILE, 'utf8').trim()
  throw new Error('no API token: set CLOUDFLARE_API_TOKEN or CLOUDFLARE_API_TOKEN_FILE')
}

export function kvRestPublisher(options: KvRestOptions): Publisher {
  const base = `${options.apiBase ?? 'https://api.cloudflare.com/client/v4'}/accounts/${options.accountId}/storage/kv/namespaces/${options.namespaceId}`
  const retry = options.retry ?? defaultRetry
  const timeoutMs = options.timeoutMs ?? 30_000
  let stats = noStats()

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    return withRetries(
      retry,
      (error, attempt, wait) => {
        stats.retries++
        options.onRetry?.(`${method} ${path.split('?')[0]}: ${error.message}; retry ${attempt} in ${Math.round(wait)} ms`)
      },
      async () => {
        stats.requests++
        let response: Response
        try {
          response = await fetch(`${base}${path}`, {
            method,
            headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
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
        const json = parseJson(text)
        if (!response.ok || json?.success === false) {
          const errors = json?.errors?.map((e) => `${e.code}: ${e.message}`).join('; ')
          throw new Error(`KV API ${method} ${path.split('?')[0]}: HTTP ${response.status}${errors ? ` (${errors})` : ''}`)
        }
        return json
      },
    )
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
          const page = (await call('GET', `/keys?${query}`)) as ListPage
          for (const key of page.result ?? []) {
            if (prefix.endsWith('/') || key.name === prefix) out.set(key.name, key.metadata?.hash ?? '')
          }
          cursor = page.result_info?.cursor ?? ''
        } while (cursor)
      }
      return out
    },
    async apply(changes: Changes): Promise<ApplyStats> {
      stats = noStats()
      for (const batch of batches(changes.puts.map((p) => ({ key: p.key, value: p.value, metadata: { hash: p.hash } })))) {
        await call('PUT', '/bulk', batch)
        stats.puts += batch.length
      }
      for (let i = 0; i < changes.deletes.length; i += BULK_KEYS) {
        const batch = changes.deletes.slice(i, i + BULK_KEYS)
        await call('POST', '/bulk/delete', batch)
        stats.deletes += batch.length
      }
      return stats
    },
    close: async () => {},
  }
}

interface ListPage {
  result?: { name: string; metadata?: { hash?: string } }[]
  result_info?: { cursor?: string }
}

function parseJson(text: string): { success?: boolean; errors?: { code: number; message: string }[] } | null {
  try {
    return JSON.parse(text) as { success?: boolean }
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
