/**
 * One question through the worker, in data-flow order:
 * query -> candidate names -> one read -> lookup -> answer -> our reply (a CNAME completed
 * upstream) or the upstream's checked reply. Never throws for a query: every failure is a
 * DNS answer (SERVFAIL), because resolvers retry those while browsers show a 5xx as an error.
 */
import { answer } from './core/dns/answer.ts'
import { candidateNames } from './core/dns/candidates.ts'
import { lookup } from './core/dns/lookup.ts'
import type { Query, Reply } from './core/dns/types.ts'
import { emptyReply } from './core/dns/types.ts'
import type { RecordReader } from './store/record-reader.ts'
import { chaseCname, chaseTarget } from './upstream/chase.ts'
import type { Relay } from './upstream/relay.ts'

/** What answered, and the reply: the one value both encoders render. */
export type Resolution =
  /**
   * `chased`: a load balancer's CNAME was completed with records the upstream gave. `route`:
   * the steering route it was chosen under (RecordView.route), which a kept copy is keyed on.
   */
  | { kind: 'records'; reply: Reply; chased: boolean; route: string }
  | { kind: 'relayed'; reply: Reply }
  /** Nothing could answer (KV or upstream failed): SERVFAIL, with why for the logs. */
  | { kind: 'failed'; reply: Reply; why: string }

export interface ResolveDeps {
  reader: RecordReader
  relay: Relay
  warn: (message: string) => void
}

export async function resolve(query: Query, deps: ResolveDeps): Promise<Resolution> {
  try {
    return await resolveOnce(query, deps)
  } catch (err) {
    // A bug in the rules, not the client's fault: still a DNS answer, and loud in the logs.
    deps.warn(`answering failed: ${(err as Error).message}`)
    return { kind: 'failed', reply: emptyReply('SERVFAIL'), why: (err as Error).message }
  }
}

// Module-level helpers rather than closures: this runs for every query, and a bundler that
// keeps function names wraps each closure made per call.
const records = (reply: Reply, chased = false, route = ''): Resolution => ({ kind: 'records', reply, chased, route })

function failed(deps: ResolveDeps, why: string): Resolution {
  deps.warn(why)
  return { kind: 'failed', reply: emptyReply('SERVFAIL'), why }
}

async function resolveOnce(query: Query, deps: ResolveDeps): Promise<Resolution> {
  if (query.edns && query.edns.version > 0) return records(emptyReply('BADVERS')) // RFC 6891 §6.1.3, the same everywhere

  const names = candidateNames(query.question.folded)
  let view = deps.reader.cached?.(names) ?? null
  if (!view) {
    try {
      view = await deps.reader.read(names)
    } catch (err) {
      return failed(deps, `record read failed: ${(err as Error).message}`)
    }
  }
  const outcome = answer(query.question, lookup(query.question, view), view)
  if (outcome.kind === 'reply') {
    const route = view.route ?? ''
    if (chaseTarget(outcome.reply, query, view.forward) === null) return records(outcome.reply, false, route)
    try {
      const completed = await chaseCname(outcome.reply, query, view.forward, deps.relay)
      return records(completed, completed !== outcome.reply, route)
    } catch (err) {
      // The CNAME alone is still a right answer; clients follow it themselves.
      deps.warn(`upstream failed while following a CNAME: ${(err as Error).message}`)
      return records(outcome.reply, false, route)
    }
  }
  try {
    return { kind: 'relayed', reply: await deps.relay(outcome.forward, query) }
  } catch (err) {
    return failed(deps, `upstream failed: ${(err as Error).message}`)
  }
}
