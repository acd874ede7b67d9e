/**
 * Relayed answers cached at the edge, as a resolver caches them: per isolate, and in the
 * Workers Cache API (`caches.default`) so the other isolates of the colo share them. Keyed on
 * the upstream, the question (folded name, type, class) and the flags that change the answer
 * (DO, CD); kept for the reply's max-age (negative: the SOA minimum, RFC 2308 §5) capped by a
 * maximum; served with every TTL decreased by its age. SERVFAIL, REFUSED, truncated replies
 * and replies that failed the match check (the relay throws for those) are never stored.
 * Steering among owners (core/recordset/steering.ts) never reaches here: relaying is the first
 * owner's `forward` wherever the query comes from, so a relayed answer is the same for every
 * place and its key needs none (the upstreams are in it).
 */
import { aged, cacheableFor } from '../core/dns/ttl.ts'
import type { Query, Reply } from '../core/dns/types.ts'
import type { Forward } from '../core/recordset/schema.ts'
import { decodeRelayed, encodeReply } from '../doh/wire/reply.ts'
import type { TtlCache } from '../store/ttl-cache.ts'
import type { Relay } from './relay.ts'

export interface Stored {
  reply: Reply
  /** Epoch ms when the upstream answered. */
  at: number
}

export interface RelayCacheOptions {
  /** Longest a reply is kept, in seconds (README: RELAY_CACHE_MAX_TTL); 0 turns caching off. */
  maxTtl: number
  isolate: TtlCache<Stored>
  /** The colo's shared cache; null where there is none (Node, tests that want the isolate alone). */
  shared: Cache | null
  now?: () => number
}

/** The Cache API needs a URL; this host never resolves, so nothing can fetch it. */
const SHARED_ORIGIN = 'https://relay-cache.k8s-gateway-doh.invalid'
const STORED_AT = 'x-stored-at'

export function cachedRelay(relay: Relay, options: RelayCacheOptions): Relay {
  const now = options.now ?? Date.now
  if (options.maxTtl <= 0) return relay
  return async (forward, query) => {
    const key = cacheKey(forward, query)
    const hit = options.isolate.get(key)?.value ?? (await fromShared(options.shared, key, query))
    if (hit) return aged(hit.reply, Math.floor((now() - hit.at) / 1000))
    const reply = await relay(forward, query)
    const ttl = cacheableFor(reply, options.maxTtl)
    if (ttl > 0) {
      const stored = { reply, at: now() }
      options.isolate.set(key, stored, ttl * 1000)
      await toShared(options.shared, key, query, stored, ttl)
    }
    return reply
  }
}

/** The question as records are keyed, the flags that change an answer, and where it came from. */
export function cacheKey(forward: Forward, query: Query): string {
  const q = query.question
  const flags = `${query.edns?.dnssecOk ? 'do' : '-'}${query.checkingDisabled ? 'cd' : '-'}`
  return `${fnv1a(forward.upstreams.join(' '))}/${q.type}/${q.class}/${flags}/${q.folded}`
}

async function fromShared(shared: Cache | null, key: string, query: Query): Promise<Stored | null> {
  if (!shared) return null
  try {
    const res = await shared.match(sharedUrl(key))
    if (!res) return null
    const at = Number(res.headers.get(STORED_AT))
    const decoded = decodeRelayed(new Uint8Array(await res.arrayBuffer()), storedQuery(query))
    return decoded.ok && Number.isFinite(at) ? { reply: decoded.reply, at } : null
  } catch {
    return null // a cache that fails is a miss, never an error for the client
  }
}

async function toShared(shared: Cache | null, key: string, query: Query, stored: Stored, ttl: number): Promise<void> {
  if (!shared) return
  const body = encodeReply(storedQuery(query), stored.reply)
  const headers = { 'content-type': 'application/dns-message', 'cache-control': `max-age=${ttl}`, [STORED_AT]: String(stored.at) }
  await shared.put(sharedUrl(key), new Response(body, { headers })).catch(() => undefined)
}

/** Stored replies carry ID 0 and no EDNS: the flags that matter are in the key. */
const storedQuery = (query: Query): Query => ({ ...query, id: 0, edns: null })

const sharedUrl = (key: string): string => `${SHARED_ORIGIN}/${encodeURIComponent(key)}`

/** A short stable hash: the key names the upstream without carrying its URL (tokens live there). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(16)
}
