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
  return orServfail((r) => encodeReply(query, r), reply, warn, 'encodable')
}

export function jsonReply(query: Query, reply: Reply, warn: (m: string) => void): Encoded<JsonReply> {
  return orServfail((r) => toJson(query, r), reply, warn, 'renderable')
}

function orServfail<T>(render: (reply: Reply) => T, reply: Reply, warn: (m: string) => void, what: string): Encoded<T> {
  try {
    return { body: render(reply), maxAge: replyMaxAge(reply) }
  } catch (err) {
    warn(`reply not ${what}, answered SERVFAIL: ${(err as Error).message}`)
    return { body: render(emptyReply('SERVFAIL')), maxAge: 0 }
  }
}

export function wireResponse(encoded: Encoded<Uint8Array>): Response {
  return new Response(encoded.body, {
    status: 200,
    headers: { 'content-type': DNS_MESSAGE, 'cache-control': `max-age=${encoded.maxAge}`, vary: 'accept' },
  })
}
