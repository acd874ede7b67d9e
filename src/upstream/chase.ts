/**
 * Completes a CNAME answer for a load balancer's hostname: with an upstream configured, the
 * worker resolves the target there and appends what it finds, as a recursive resolver would
 * (RFC 1034 §4.3.2 step 3a), so clients that expect the whole chain (browsers) get addresses.
 * Without an upstream, or when it fails, the CNAME alone is answered; clients follow it.
 */
import { asciiLower } from '../core/dns/names.ts'
import type { Query, Reply, RR } from '../core/dns/types.ts'
import type { Forward } from '../core/recordset/schema.ts'
import { question } from '../core/dns/types.ts'
import type { Relay } from './relay.ts'

const CHASED_TYPES = new Set(['A', 'AAAA'])

/** The CNAME target an upstream could complete `reply` with for this question, or null. */
export function chaseTarget(reply: Reply, query: Query, forward: Forward | null): string | null {
  const last = reply.answers.at(-1)
  return forward && last?.type === 'CNAME' && CHASED_TYPES.has(query.question.type) ? last.data : null
}

export async function chaseCname(reply: Reply, query: Query, forward: Forward | null, relay: Relay): Promise<Reply> {
  const target = chaseTarget(reply, query, forward)
  if (!forward || target === null) return reply
  const qtype = query.question.type
  const relayed = await relay(forward, { ...query, question: question(target, qtype) })
  if (relayed.rcode !== 'NOERROR') return reply
  return { ...reply, answers: [...reply.answers, ...chainFrom(target, qtype, relayed.answers)] }
}

/**
 * The records that continue the chain from `target`: CNAMEs and `qtype` records owned by a
 * name of the chain. Anything else an upstream adds (a record for an unrelated name) is not
 * an answer to this question and is dropped rather than passed on.
 */
function chainFrom(target: string, qtype: string, answers: readonly RR[]): RR[] {
  const names = new Set([asciiLower(target)])
  const out: RR[] = []
  for (const rr of answers) {
    if (!names.has(asciiLower(rr.name))) continue
    if (rr.type === 'CNAME') names.add(asciiLower(rr.data))
    if (rr.type === 'CNAME' || rr.type === qtype) out.push(rr)
  }
  return out
}
