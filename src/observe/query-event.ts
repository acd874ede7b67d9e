/**
 * One answered query as the edge observes it: what Analytics Engine counts and what sampled
 * query logging prints. Built once per query at the HTTP edge (app.ts), after resolve().
 */
import type { Query, Rcode, Reply } from '../core/dns/types.ts'
import type { Answered } from '../doh/answer-wire.ts'

export interface QueryEvent {
  /** The question's name; only sampled query logging (opt-in) ever prints it. */
  name: string
  qtype: string
  rcode: Rcode
  /**
   * What answered: our records, the warm path (our records' answer kept encoded), the upstream
   * (or the relay cache), nothing (SERVFAIL), or a query we could not read.
   */
  source: Answered['kind']
  /** The owners this worker answers from (OWNERS): one edge may serve several clusters. */
  owners: string
  /** The Cloudflare data centre (request.cf.colo); "" where there is none (local runs). */
  colo: string
  /**
   * Milliseconds from the request to its reply. Workers advance the clock only across I/O, so
   * this is the time spent waiting on KV and the upstream, which is the part that varies.
   */
  latencyMs: number
}

export type QueryObserver = (event: QueryEvent) => void

export function coloOf(request: Request): string {
  const colo = (request as Request & { cf?: { colo?: unknown } }).cf?.colo
  return typeof colo === 'string' ? colo : ''
}

/** What answered a query (answer-wire.ts has the wire path's; the JSON path gives a Resolution). */
export type { Answered } from '../doh/answer-wire.ts'

/** Reports one answered query to the observer, if any; `query` is null when it was unreadable. */
export function report(
  observe: QueryObserver | undefined,
  at: { request: Request; owners: readonly string[]; startedMs: number },
  query: Query | null,
  answered: Answered,
): void {
  if (!observe) return
  observe({
    name: query?.question.name ?? '',
    qtype: query?.question.type ?? '',
    rcode: answered.reply.rcode,
    source: answered.kind,
    owners: at.owners.join(','),
    colo: coloOf(at.request),
    latencyMs: Date.now() - at.startedMs,
  })
}
