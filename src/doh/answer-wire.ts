/**
 * A DoH wire query to its reply: the warm path first (answer-cache.ts), else decode ->
 * resolve -> encode. Replies made from our own records are kept for the warm path; relayed
 * ones have their own cache (upstream/relay-cache.ts), and completed CNAMEs carry upstream
 * TTLs that a fixed copy would overstate.
 */
import { emptyReply } from '../core/dns/types.ts'
import { resolve, type ResolveDeps } from '../resolve.ts'
import type { AnswerCache } from './answer-cache.ts'
import { wireReply, type Encoded } from './encode.ts'
import { decodeQuery } from './wire/query.ts'

export interface WireDeps extends ResolveDeps {
  /** The warm path and how long its entries live (the isolate's CACHE_SECONDS); absent: off. */
  answers?: { cache: AnswerCache; ttlMs: number }
}

export async function answerWire(raw: Uint8Array, deps: WireDeps): Promise<Encoded<Uint8Array>> {
  const hit = deps.answers?.cache.get(raw)
  if (hit) return hit
  const decoded = decodeQuery(raw)
  if (!decoded.ok) return wireReply(decoded.header, emptyReply(decoded.rcode, true), deps.warn)
  const resolution = await resolve(decoded.query, deps)
  const encoded = wireReply(decoded.query, resolution.reply, deps.warn)
  if (deps.answers && resolution.kind === 'records' && !resolution.chased) {
    deps.answers.cache.set(raw, { body: encoded.body.slice(), maxAge: encoded.maxAge }, deps.answers.ttlMs)
  }
  return encoded
}
