import type { Reply } from './types.ts'

/**
 * Seconds an HTTP cache may keep a reply (RFC 8484 §5.1): the smallest answer TTL; for
 * negative answers the SOA's negative-caching TTL, min(SOA TTL, MINIMUM) (RFC 2308 §5);
 * 0 when the reply carries nothing to time it by (REFUSED, SERVFAIL).
 */
export function replyMaxAge(reply: Reply): number {
  if (reply.answers.length > 0) return Math.min(...reply.answers.map((rr) => rr.ttl))
  const soa = reply.authorities.find((rr) => rr.type === 'SOA')
  if (soa && soa.type === 'SOA') return Math.min(soa.ttl, soa.data.minimum)
  return 0
}
