/**
 * The warm path: replies we made from our own records, kept encoded per query in the isolate
 * and served by patching the ID, so a repeated question costs a map lookup instead of a
 * decode, a lookup and an encode. Keyed on the query's exact octets after the ID: the same
 * octets are the same question, case, flags and EDNS, so the reply octets are the same too.
 * Entries live no longer than the isolate keeps the KV values they were made from.
 */
import { TtlCache } from '../store/ttl-cache.ts'
import type { Encoded } from './encode.ts'

/** Bounds memory: at most ENTRIES x (KEY + REPLY) octets, about 11 MB. */
const ENTRIES = 5000
const MAX_KEY_OCTETS = 256
const MAX_REPLY_OCTETS = 2048

export class AnswerCache {
  private readonly entries: TtlCache<Encoded<Uint8Array>>

  constructor(now: () => number = Date.now) {
    this.entries = new TtlCache(ENTRIES, now)
  }

  /** The reply for these query octets with the query's ID, or null. */
  get(query: Uint8Array): Encoded<Uint8Array> | null {
    const key = keyOf(query)
    const hit = key === null ? undefined : this.entries.get(key)
    if (!hit) return null
    const body = new Uint8Array(hit.value.body)
    body[0] = query[0]!
    body[1] = query[1]!
    return { body, maxAge: hit.value.maxAge }
  }

  set(query: Uint8Array, reply: Encoded<Uint8Array>, ttlMs: number): void {
    const key = keyOf(query)
    if (key === null || ttlMs <= 0 || reply.body.length > MAX_REPLY_OCTETS) return
    this.entries.set(key, reply, ttlMs)
  }
}

function keyOf(query: Uint8Array): string | null {
  if (query.length < 12 || query.length > MAX_KEY_OCTETS) return null
  let key = ''
  for (let i = 2; i < query.length; i++) key += String.fromCharCode(query[i]!)
  return key
}
