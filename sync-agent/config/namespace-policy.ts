/**
 * Which namespaces may publish which names (`--allow-namespace NS=NAME[,NAME...]`), opt-in.
 * Without it any namespace may claim any name in the zones, the apex included, as with
 * k8s_gateway; a multi-tenant cluster stops name squatting by listing, per namespace, the
 * names it may publish (each name and everything below it). With a policy, a namespace not
 * listed publishes nothing. Cluster-scoped objects (Nodes) are the administrator's and not
 * checked.
 */
import { asciiLower, hostnameProblem, isSubdomain, normalizeName } from '../../src/core/dns/names.ts'

/** Namespace -> names it may publish (and their subdomains). */
export type NamespacePolicy = ReadonlyMap<string, readonly string[]>

/** The policy from repeated `--allow-namespace` values, or the first problem found. */
export function parseNamespacePolicy(values: readonly string[]): { policy: NamespacePolicy | null } | { error: string } {
  if (values.length === 0) return { policy: null }
  const policy = new Map<string, string[]>()
  for (const value of values) {
    const [namespace, names] = value.split('=', 2)
    if (!namespace || !names) return { error: `--allow-namespace must be NAMESPACE=NAME[,NAME...]: ${value}` }
    const list = policy.get(namespace) ?? []
    for (const raw of names.split(',')) {
      const name = normalizeName(asciiLower(raw.trim()))
      const problem = hostnameProblem(name)
      if (problem) return { error: `--allow-namespace ${value}: invalid name "${raw}": ${problem}` }
      list.push(name)
    }
    policy.set(namespace, list)
  }
  return { policy }
}

/** True when objects of `namespace` may publish `name` (null namespace: cluster-scoped). */
export function mayPublish(policy: NamespacePolicy | null | undefined, namespace: string | null, name: string): boolean {
  if (!policy || namespace === null) return true
  return policy.get(namespace)?.some((allowed) => isSubdomain(name, allowed)) ?? false
}
