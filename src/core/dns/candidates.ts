import { normalizeName, wildcardFor } from './names.ts'

/**
 * The names whose records a question may need, known before any I/O so the worker can fetch
 * them in one bulk read: the name itself (which also tells an empty non-terminal, RFC 8020)
 * and the one wildcard that may answer for it (k8s_gateway matches `*.` over one label).
 */
export function candidateNames(qname: string): string[] {
  const name = normalizeName(qname)
  const wildcard = wildcardFor(name)
  return wildcard && !name.startsWith('*.') ? [name, wildcard] : [name]
}
