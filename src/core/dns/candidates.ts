import { wildcardFor } from './names.ts'

/**
 * The names whose records a question may need, known before any I/O so the worker can fetch
 * them in one bulk read: the name itself (which also tells an empty non-terminal, RFC 8020)
 * and the one wildcard that may answer for it (k8s_gateway matches `*.` over one label).
 * `name` is the question's folded name. Names our data cannot hold (escaped octets, over-long, not host syntax) are never read: the
 * agent publishes host names only, so such a question is answered from the zone alone.
 */
export function candidateNames(name: string): string[] {
  const publishable = canBePublished(name)
  const out = publishable ? [name] : []
  const wildcard = name.startsWith('*.') ? null : wildcardFor(name)
  // A host name's parent is one, and `*.` before it keeps it within 253 characters, so the
  // second test is needed only when the name itself failed (a bad first label).
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut only, equivalent by the above
  if (wildcard && (publishable || canBePublished(wildcard))) out.push(wildcard)
  return out
}

/** What hostnameProblem accepts, as one expression: this runs for every query. */
const HOST = /^(?:\*\.)?(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/

const canBePublished = (name: string): boolean => name === '' || (name.length <= 253 && HOST.test(name))
