/**
 * PTR records for the reverse zones among the zones (`k8s_gateway example.com
 * 2.0.192.in-addr.arpa`, or the whole `in-addr.arpa` / `ip6.arpa`): every address a name is
 * served with, inside one of them, gets a PTR name listing the names that point at it. Derived
 * from the rendered names alone, so it is as pure as they are and follows every change.
 *
 * - Several names at one address: one PTR each, sorted (the first MAX_RECORDS_PER_TYPE).
 * - Wildcards give none: `*.apps.example.com` is no name a reverse lookup could hand back.
 * - The name servers' glue counts: their hosts are served names too.
 * - A reverse name a resource gives records itself (a DNSEndpoint PTR, or a CNAME as RFC 2317
 *   delegations use) is served as given: an explicit record is how a user overrides the
 *   derived one.
 */
import { isReverseName, reverseName } from '../../src/core/dns/reverse.ts'
import { longestZone } from '../../src/core/dns/zone.ts'
import type { NameRecords, ZoneMeta } from '../../src/core/recordset/schema.ts'
import { capRecords } from './caps.ts'

export function withReversePointers(
  names: Record<string, NameRecords>,
  zones: readonly ZoneMeta[],
  warn: (message: string) => void,
): Record<string, NameRecords> {
  const all = zones.map((z) => z.zone)
  // Stryker disable next-line ConditionalExpression: a shortcut; without a reverse zone no address finds one, and `names` itself is returned below
  if (!all.some(isReverseName)) return names
  /** Reverse name -> the address it stands for and the names pointing at it. */
  const pointers = new Map<string, { address: string; hosts: Set<string> }>()
  const point = (host: string, addresses: readonly string[] | undefined): void => {
    if (host.startsWith('*.') || isReverseName(host)) return
    // Stryker disable next-line ArrayDeclaration: a string that is no address has no reverse name
    for (const address of addresses ?? []) {
      const reverse = reverseName(address)
      if (reverse === null) continue
      const zone = longestZone(reverse, all)
      if (zone === undefined || !isReverseName(zone)) continue
      const entry = pointers.get(reverse) ?? { address, hosts: new Set<string>() }
      pointers.set(reverse, entry)
      entry.hosts.add(host)
    }
  }
  for (const [name, records] of Object.entries(names)) {
    point(name, records.a)
    point(name, records.aaaa)
  }
  for (const zone of zones) {
    for (const ns of zone.ns) {
      point(ns.name, ns.a)
      point(ns.name, ns.aaaa)
    }
  }
  if (pointers.size === 0) return names
  const out = { ...names }
  for (const [reverse, { address, hosts }] of pointers) {
    if (out[reverse]) continue
    const sorted = [...hosts].sort()
    out[reverse] = { ptr: capRecords(sorted, 'PTR', (m) => warn(`${reverse} (${address}): ${sorted.length} names point at the address: ${m}`)) }
  }
  // Stryker disable next-line EqualityOperator: keys are unique, so < and <= agree
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)))
}
