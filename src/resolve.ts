/**
 * One DNS question through the worker, in data-flow order:
 * wire query -> candidate names -> one read -> lookup -> answer -> reply (a CNAME completed
 * upstream) or upstream relay.
 */
import { answer } from './core/dns/answer.ts'
import { candidateNames } from './core/dns/candidates.ts'
import { lookup } from './core/dns/lookup.ts'
import { replyMaxAge } from './core/dns/ttl.ts'
import type { Rcode, Reply } from './core/dns/types.ts'
import type { Query } from './doh/wire.ts'
import { decodeReply, encodeReply, withId, type DecodedReply } from './doh/wire.ts'
import type { RecordReader } from './store/record-reader.ts'
import { chaseCname } from './upstream/chase.ts'
import type { Forwarder } from './upstream/forward.ts'

export interface Resolved {
  /** Wire bytes, ID already the client's. */
  bytes: Uint8Array
  /** Seconds an HTTP cache may keep it (RFC 8484 §5.1). */
  maxAge: number
  /** The reply when we made it ourselves (the JSON API renders it without re-decoding). */
  reply: Reply | null
  /** The upstream's reply, decoded, when relayed (likewise, for the JSON API). */
  relayed: DecodedReply | null
}

export interface ResolveDeps {
  reader: RecordReader
  forward: Forwarder
  warn: (message: string) => void
}

const empty = (rcode: Rcode): Reply => ({ rcode, aa: false, answers: [], authorities: [], additionals: [] })

export async function resolve(query: Query, raw: Uint8Array, deps: ResolveDeps): Promise<Resolved> {
  const own = (reply: Reply, extended?: 'BADVERS'): Resolved => ({
    bytes: encodeReply(query, reply, extended),
    maxAge: replyMaxAge(reply),
    reply,
    relayed: null,
  })
  if (query.edns && query.edns.version > 0) return own(empty('NOERROR'), 'BADVERS') // RFC 6891 §6.1.3
  if (query.opcode !== 'QUERY') return own(empty('NOTIMP'))
  const question = query.questions[0]
  if (!question || query.questions.length > 1) return own(empty('FORMERR'))

  let view
  try {
    view = await deps.reader.read(candidateNames(question.name))
  } catch (err) {
    // Fail as DNS, not as HTTP: resolvers retry a SERVFAIL, browsers show a 5xx as an error page.
    deps.warn(`record read failed: ${(err as Error).message}`)
    return own(empty('SERVFAIL'))
  }
  const outcome = answer(question, lookup(question, view), view)
  if (outcome.kind === 'reply') {
    try {
      return own(await chaseCname(outcome.reply, question.type, view.upstream, deps.forward))
    } catch (err) {
      deps.warn(`upstream failed while following a CNAME: ${(err as Error).message}`)
      return own(outcome.reply)
    }
  }
  try {
    const bytes = withId(await deps.forward(outcome.upstream, raw), query.id)
    const relayed = decodeReply(bytes)
    const maxAge = replyMaxAge({ ...relayed, rcode: 'NOERROR', aa: false, additionals: [] })
    return { bytes, maxAge, reply: null, relayed }
  } catch (err) {
    deps.warn(`upstream failed: ${(err as Error).message}`)
    return own(empty('SERVFAIL'))
  }
}
