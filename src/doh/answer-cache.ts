/**
 * The warm path: replies we made from our own records, kept encoded per query in the isolate
 * and served by patching the ID, so a repeated question costs a map lookup instead of a
 * decode, a lookup and an encode. Keyed on the query's exact octets after the ID: the same
 * octets are the same question, case, flags and EDNS, so the reply octets are the same too.
 * With several owners steered by place or health, the same octets can need another answer
 * elsewhere: the key also carries the steering route the answer was chosen under
 * (core/recordset/steering.ts), so it is served only where the same owners would be chosen.
 * Entries live no longer than the isolate keeps the KV values they were made from.
 */
import type { Query, Reply } from '../core/dns/types.ts'
import { TtlCache } from '../store/ttl-cache.ts'
import type { Encoded } from './encode.ts'

/** Bounds memory: at most ENTRIES x (KEY + REPLY) octets, about 11 MB. */
const ENTRIES = 5000
const MAX_KEY_OCTETS = 256
const MAX_REPLY_OCTETS = 2048

/** A kept answer: its octets, and the query and reply it came from (for observing hits). */
export interface KeptAnswer {
  encoded: Encoded<Uint8Array>
  query: Query
  reply: Reply
}

export class AnswerCache {
  private readonly entries: TtlCache<KeptAnswer>

  constructor(now: () => number = Date.now) {
    this.entries = new TtlCache(ENTRIES, now)
  }

  /** The answer for these query octets under this route, its reply carrying the query's ID, or null. */
  get(query: Uint8Array, route = ''): KeptAnswer | null {
    const key = keyOf(query, route)
    const hit = key === null ? undefined : this.entries.get(key)
    if (!hit) return null
    const body = new Uint8Array(hit.value.encoded.body)
    body[0] = query[0]!
    body[1] = query[1]!
    return { ...hit.value, encoded: { body, maxAge: hit.value.encoded.maxAge } }
  }

  set(octets: Uint8Array, kept: KeptAnswer, ttlMs: number, route = ''): void {
    const key = keyOf(octets, route)
    if (key === null || ttlMs <= 0 || kept.encoded.body.length > MAX_REPLY_OCTETS) return
    this.entries.set(key, { ...kept, encoded: { body: kept.encoded.body.slice(), maxAge: kept.encoded.maxAge } }, ttlMs)
  }
}

function keyOf(query: Uint8Array, route: string): string | null {
  if (query.length < 12 || query.length > MAX_KEY_OCTETS) return null
  // The route first, ended by a character no route key holds (they are owner ids and punctuation).
  let key = route ? `${route}\n` : ''
  for (let i = 2; i < query.length; i++) key += String.fromCharCode(query[i]!)
  return key
}
