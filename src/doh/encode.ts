/**
 * The edge of the reply flow: a Resolution rendered as DNS wire format (RFC 8484 §4.2.1) or as
 * the JSON API, with its HTTP freshness (§5.1). An encode that fails (data no validator
 * foresaw) becomes a SERVFAIL for the same question, never an HTTP 5xx.
 */
import { replyMaxAge } from '../core/dns/ttl.ts'
import type { Query, QueryHeader, Reply } from '../core/dns/types.ts'
import { emptyReply } from '../core/dns/types.ts'
import { toJson, type JsonReply } from './json.ts'
import { DNS_MESSAGE } from './parse.ts'
import { encodeReply } from './wire/reply.ts'

export interface Encoded<T> {
  body: T
  /** Seconds an HTTP cache may keep it. */
  maxAge: number
}

export function wireReply(query: QueryHeader & Partial<Query>, reply: Reply, warn: (m: string) => void): Encoded<Uint8Array> {
  try {
    return { body: encodeReply(query, reply), maxAge: replyMaxAge(reply) }
  } catch (err) {
    warn(`reply not encodable, answered SERVFAIL: ${(err as Error).message}`)
    return { body: encodeReply(query, emptyReply('SERVFAIL')), maxAge: 0 }
  }
}

export function jsonReply(query: Query, reply: Reply, warn: (m: string) => void): Encoded<JsonReply> {
  try {
    return { body: toJson(query, reply), maxAge: replyMaxAge(reply) }
  } catch (err) {
    warn(`reply not renderable, answered SERVFAIL: ${(err as Error).message}`)
    return { body: toJson(query, emptyReply('SERVFAIL')), maxAge: 0 }
  }
}

export function wireResponse(encoded: Encoded<Uint8Array>): Response {
  return new Response(encoded.body, {
    status: 200,
    headers: { 'content-type': DNS_MESSAGE, 'cache-control': `max-age=${encoded.maxAge}`, vary: 'accept' },
  })
}
