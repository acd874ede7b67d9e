import type { Reply, RR } from './types.ts'

/**
 * Seconds an HTTP cache may keep a reply (RFC 8484 §5.1): the smallest answer TTL; for
 * negative answers the SOA's negative-caching TTL, min(SOA TTL, MINIMUM) (RFC 2308 §5);
 * 0 when the reply carries nothing to time it by (REFUSED, SERVFAIL).
 */
export function replyMaxAge(reply: Reply): number {
  if (reply.answers.length > 0) return Math.min(...reply.answers.map((rr) => rr.ttl))
  const soa = reply.authorities.find((rr): rr is Extract<RR, { type: 'SOA' }> => rr.type === 'SOA')
  if (soa) return Math.min(soa.ttl, soa.data.minimum)
  return 0
}

/**
 * Seconds a resolver may cache a relayed reply: positive and negative answers only (never
 * SERVFAIL, REFUSED or a truncated reply), for their max-age, capped by `maxTtl`. 0: do not.
 */
export function cacheableFor(reply: Reply, maxTtl: number): number {
  if (reply.tc || (reply.rcode !== 'NOERROR' && reply.rcode !== 'NXDOMAIN')) return 0
  return Math.min(replyMaxAge(reply), maxTtl)
}

/** The reply `seconds` after it was stored: every TTL decreased by the age, as resolvers serve it. */
export function aged(reply: Reply, seconds: number): Reply {
  if (seconds <= 0) return reply
  const older = (rrs: RR[]): RR[] => rrs.map((rr) => ({ ...rr, ttl: Math.max(0, rr.ttl - seconds) }))
  return { ...reply, answers: older(reply.answers), authorities: older(reply.authorities), additionals: older(reply.additionals) }
}
