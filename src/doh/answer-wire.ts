/**
 * A DoH wire query to its reply: the warm path first (answer-cache.ts), else decode ->
 * resolve -> encode. Replies made from our own records are kept for the warm path; relayed
 * ones have their own cache (upstream/relay-cache.ts), and completed CNAMEs carry upstream
 * TTLs that a fixed copy would overstate. Says what answered, for the observers.
 */
import type { Query, Reply } from '../core/dns/types.ts'
import { emptyReply } from '../core/dns/types.ts'
import { resolve, type Resolution, type ResolveDeps } from '../resolve.ts'
import type { AnswerCache } from './answer-cache.ts'
import { wireReply, type Encoded } from './encode.ts'
import { decodeQuery } from './wire/query.ts'

export interface WireDeps extends ResolveDeps {
  /** The warm path and how long its entries live (the isolate's CACHE_SECONDS); absent: off. */
  answers?: { cache: AnswerCache; ttlMs: number }
}

/** What answered a wire query: a resolution, the warm path, or nothing (an unreadable query). */
export type Answered = Resolution | { kind: 'cached'; reply: Reply } | { kind: 'malformed'; reply: Reply }

export interface WireAnswer {
  encoded: Encoded<Uint8Array>
  /** null when the query could not be read. */
  query: Query | null
  answered: Answered
}

export async function answerWire(raw: Uint8Array, deps: WireDeps): Promise<WireAnswer> {
  // Null: the isolate lacks an owner's meta, so the route is unknown until the read.
  const route = !deps.answers ? null : deps.reader.routeKey ? deps.reader.routeKey() : ''
  const hit = route === null ? null : deps.answers?.cache.get(raw, route)
  if (hit) return { encoded: hit.encoded, query: hit.query, answered: { kind: 'cached', reply: hit.reply } }
  const decoded = decodeQuery(raw)
  if (!decoded.ok) {
    const reply = emptyReply(decoded.rcode, true)
    return { encoded: wireReply(decoded.header, reply, deps.warn), query: null, answered: { kind: 'malformed', reply } }
  }
  const resolution = await resolve(decoded.query, deps)
  const encoded = wireReply(decoded.query, resolution.reply, deps.warn)
  if (deps.answers && resolution.kind === 'records' && !resolution.chased) {
    deps.answers.cache.set(raw, { encoded, query: decoded.query, reply: resolution.reply }, deps.answers.ttlMs, resolution.route)
  }
  return { encoded, query: decoded.query, answered: resolution }
}
