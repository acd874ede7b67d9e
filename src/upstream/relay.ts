/**
 * Relays one question upstream as a resolver does: a fresh query built from the parsed
 * question (never the client's raw octets), a random ID, and the reply checked against what we
 * asked before anything of it reaches the client. In-flight relays per isolate are bounded, so
 * a flood of out-of-zone names cannot pile up subrequests.
 */
import type { Query, Reply } from '../core/dns/types.ts'
import { upstreamLabel, upstreamProblem } from '../core/recordset/upstream.ts'
import { encodeQuery } from '../doh/wire/query.ts'
import { decodeRelayed } from '../doh/wire/reply.ts'
import type { Forwarder } from './forward.ts'

/** The upstream's checked reply to `query`; throws (a message without the URL's path) when none. */
export type Relay = (upstream: string, query: Query) => Promise<Reply>

/** Relays one isolate keeps in flight at most; each waits up to the upstream timeout. */
export const MAX_RELAYS_IN_FLIGHT = 64

export function createRelay(forward: Forwarder, maxInFlight = MAX_RELAYS_IN_FLIGHT): Relay {
  let inFlight = 0
  return async (upstream, query) => {
    const problem = upstreamProblem(upstream)
    if (problem) throw new Error(`upstream ${upstreamLabel(upstream)} refused: ${problem}`)
    if (inFlight >= maxInFlight) throw new Error(`${maxInFlight} relays already in flight`)
    inFlight++
    try {
      const sent = { ...query, id: randomId() }
      const decoded = decodeRelayed(await forward(upstream, encodeQuery(sent, sent.id)), sent)
      if (!decoded.ok) throw new Error(`upstream ${upstreamLabel(upstream)} reply rejected: ${decoded.why}`)
      return decoded.reply
    } finally {
      inFlight--
    }
  }
}

function randomId(): number {
  const [id] = crypto.getRandomValues(new Uint16Array(1))
  return id!
}
