/**
 * Turns a lookup result into what the worker sends: an authoritative reply, or a note to
 * forward the query upstream (fallthrough, and names outside every zone).
 */
import type { Forward } from '../recordset/schema.ts'
import type { RecordView } from '../recordset/view.ts'
import { fallsThrough } from '../recordset/view.ts'
import { soaRecord } from './apex.ts'
import type { LookupResult, Question, Rcode, Reply } from './types.ts'
import { emptyReply } from './types.ts'
import { zoneAsAsked } from './zone.ts'

export type Outcome = { kind: 'reply'; reply: Reply } | { kind: 'forward'; forward: Forward }

export function answer(question: Question, result: LookupResult, view: RecordView): Outcome {
  const name = question.folded
  switch (result.kind) {
    case 'outside':
      // Not ours: an upstream may know it; without one, refuse rather than claim NXDOMAIN.
      if (view.forward) return { kind: 'forward', forward: view.forward }
      return reply(emptyReply('REFUSED'))
    case 'refused':
      return reply(emptyReply('REFUSED'))
    case 'answer':
      return reply({ ...authoritative('NOERROR'), answers: result.answers, additionals: result.additionals })
    case 'nodata':
    case 'nxdomain': {
      // k8s_gateway falls through for names it holds no records for (misses and ENTs).
      const miss = result.kind === 'nxdomain' || result.emptyNonTerminal
      if (miss && view.forward && fallsThrough(view, name)) {
        return { kind: 'forward', forward: view.forward }
      }
      return reply({
        ...authoritative(result.kind === 'nxdomain' ? 'NXDOMAIN' : 'NOERROR'),
        // RFC 2308 §3: the SOA in authority lets resolvers cache the negative answer.
        authorities: [soaRecord(result.zone, zoneAsAsked(question.name, result.zone))],
      })
    }
    // Stryker disable next-line ConditionalExpression: unreachable, LookupResult is closed and TypeScript checks this switch covers it
    default:
      return unreachable(result)
  }
}

const authoritative = (rcode: Rcode): Reply => ({ ...emptyReply(rcode), aa: true })

function reply(r: Reply): Outcome {
  return { kind: 'reply', reply: r }
}

// Stryker disable BlockStatement,CallExpression,StringLiteral: never called, as the switch above covers every kind
function unreachable(value: never): never {
  throw new Error(`unhandled lookup result ${JSON.stringify(value)}`)
}
// Stryker restore BlockStatement,CallExpression,StringLiteral
