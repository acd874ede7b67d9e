/**
 * Completes a CNAME answer for a load balancer's hostname: with an upstream configured, the
 * worker resolves the target there and appends what it finds, as a recursive resolver would
 * (RFC 1034 §4.3.2 step 3a), so clients that expect the whole chain (browsers) get addresses.
 * Without an upstream, or when it fails, the CNAME alone is answered; clients follow it.
 */
import type { Reply } from '../core/dns/types.ts'
import { decodeReply, queryFor } from '../doh/wire.ts'
import type { Forwarder } from './forward.ts'

const CHASED_TYPES = new Set(['A', 'AAAA'])

export async function chaseCname(
  reply: Reply,
  qtype: string,
  upstream: string | null,
  forward: Forwarder,
): Promise<Reply> {
  const last = reply.answers.at(-1)
  if (!upstream || !last || last.type !== 'CNAME' || !CHASED_TYPES.has(qtype)) return reply
  const { raw } = queryFor({ name: last.data, type: qtype, class: 'IN' }, false)
  const relayed = decodeReply(await forward(upstream, raw))
  if (relayed.rcode !== 0) return reply
  const wanted = relayed.answers.filter((rr) => rr.type === qtype || rr.type === 'CNAME')
  return { ...reply, answers: [...reply.answers, ...wanted] }
}
