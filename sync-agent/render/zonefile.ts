/**
 * A record set as RFC 1035 master files (§5), one per zone: what a BIND, Knot or NSD secondary
 * loads to serve the same zone over plain DNS (a DoH edge cannot serve AXFR). Each name's
 * records are what the worker answers for ANY there (src/core lookup), so the file and the
 * edge never disagree: the apex's SOA and NS, the name servers' addresses, a CNAME alone at
 * its name, wildcards as they are. Empty non-terminals need no line: a zone file implies them.
 *
 * A zone with a nested zone below it (example.com and dev.example.com) delegates it: NS at
 * the child's apex and, for name servers inside the child, their glue.
 */
import { glueRecords, nsRecords } from '../../src/core/dns/apex.ts'
import { lookup } from '../../src/core/dns/lookup.ts'
import { isSubdomain } from '../../src/core/dns/names.ts'
import { rrLine } from '../../src/core/dns/presentation.ts'
import type { RR } from '../../src/core/dns/types.ts'
import { question } from '../../src/core/dns/types.ts'
import { findZone } from '../../src/core/dns/zone.ts'
import type { RecordSet, ZoneMeta } from '../../src/core/recordset/schema.ts'
import { mergeOwners } from '../../src/core/recordset/view.ts'

/** The master file of `zone` (one of the set's zones). */
export function zoneFile(set: RecordSet, zone: ZoneMeta): string {
  const view = mergeOwners([set], [new Map(Object.entries(set.names))])
  const ownNames = [zone.zone, ...Object.keys(set.names), ...zone.ns.map((ns) => ns.name)]
  const names = [...new Set(ownNames)].filter((name) => findZone(name, set.zones) === zone).sort(canonicalOrder)
  const lines = [`; zone ${zone.zone || '.'}, owner ${set.owner}, record-set version ${set.version}`]
  for (const name of names) {
    const result = lookup(question(name, 'ANY'), view)
    if (result.kind === 'answer') lines.push(...apexFirst(result.answers).map(line))
  }
  for (const child of set.zones) {
    // parentOf leaves `child` out of the zones it searches: a zone is never its own parent.
    if (parentOf(child, set.zones) === zone) lines.push(...delegation(child).map(rrLine))
  }
  return `${lines.join('\n')}\n`
}

/**
 * A record's line. A load balancer's hostname at the apex is answered as a CNAME by the edge,
 * which no master file can hold beside the SOA (RFC 1034 §3.6.2): it is written as a comment,
 * so the file still loads and says what the edge answers there.
 */
function line(rr: RR, _: number, answers: RR[]): string {
  // Stryker disable next-line OptionalChaining: lookup's answers always hold a record (an empty one is nodata)
  const apex = answers[0]?.type === 'SOA'
  return apex && rr.type === 'CNAME' ? `; ${rrLine(rr)} (the edge answers this CNAME at the apex; a zone file cannot hold it)` : rrLine(rr)
}

/** SOA first (RFC 1035 §5.2: a zone file starts with its SOA), then the rest as answered. */
function apexFirst(answers: RR[]): RR[] {
  return [...answers.filter((rr) => rr.type === 'SOA'), ...answers.filter((rr) => rr.type !== 'SOA')]
}

/** The zone that holds `child`'s apex as an ordinary name: its parent zone, if we serve one. */
function parentOf(child: ZoneMeta, zones: readonly ZoneMeta[]): ZoneMeta | undefined {
  return findZone(child.zone, zones.filter((z) => z !== child))
}

/** NS at the child's apex, and glue for the name servers below the cut (RFC 1034 §4.2.1). */
function delegation(child: ZoneMeta): RR[] {
  const glue = glueRecords(child).filter((rr) => isSubdomain(rr.name, child.zone))
  return [...nsRecords(child, child.zone), ...glue]
}

/**
 * Parents before children and siblings in order: labels compared from the right, so a reader
 * of the file finds a name's subtree together (RFC 4034 §6.1's order, by text per label).
 */
function canonicalOrder(a: string, b: string): number {
  const x = a.split('.').reverse()
  const y = b.split('.').reverse()
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    // Stryker disable next-line EqualityOperator: the labels differ here, so < and <= agree
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1
  }
  return x.length - y.length
}
