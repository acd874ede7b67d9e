import type { Forward, NameRecords, OwnerMeta, ZoneMeta } from './schema.ts'
import { FORWARD_DEFAULTS } from './schema.ts'
import { choose, type Route } from './steering.ts'
import { isSubdomain } from '../dns/names.ts'
import { MAX_ADDRESSES_PER_FAMILY } from '../limits.ts'
import { mergeTypedRecords } from './merge-records.ts'

/** What one question is answered from: every owner's zones, and the candidate names loaded. */
export interface RecordView {
  zones: ZoneMeta[]
  /** Zones whose misses fall through; null when no owner configured `fallthrough`. */
  fallthrough: string[] | null
  /** How to relay; null when the first owner configured no `forward`. */
  forward: Forward | null
  /** Names under these are ours to answer or relay; the rest is REFUSED (schema.ts). */
  serverBlock: string[]
  /** Candidate names that exist (an empty object marks an empty non-terminal). */
  names: ReadonlyMap<string, NameRecords>
  /** The steering route's key (steering.ts); absent: one owner, nothing steered. */
  route?: string
}

/**
 * Merges what several owners (clusters) published. The first owner listed wins zone settings
 * (SOA, TTL, name servers, fallthrough, upstream); addresses and TXT of a shared name are unioned,
 * which is how one hostname served by two clusters answers with both clusters' addresses.
 */
export function mergeOwners(
  metas: readonly OwnerMeta[],
  names: readonly ReadonlyMap<string, NameRecords>[],
  route?: Route,
): RecordView {
  // Relaying is the first owner's choice alone: a second cluster must not switch fallthrough
  // or an upstream on for zones the first one serves.
  const first = metas[0]
  const fallthrough = first?.fallthrough?.zones ?? null
  const forward = first ? forwardOf(first) : null
  const serverBlock = first ? (first.serverBlock ?? first.zones.map((z) => z.zone)) : []
  // One owner, the usual case: its own values, nothing to merge (this runs for every query).
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,BlockStatement: a shortcut; the merge below gives one owner the same view
  if (metas.length === 1 && names.length === 1) {
    return { zones: first!.zones, fallthrough, forward, serverBlock, names: names[0]! }
  }
  const zones = new Map<string, ZoneMeta>()
  for (const meta of metas) {
    for (const zone of meta.zones) if (!zones.has(zone.zone)) zones.set(zone.zone, zone)
  }
  const merged = new Map<string, NameRecords>()
  const answering = route ? answeringOwners(metas, names, route) : null
  names.forEach((owned, i) => {
    for (const [name, records] of owned) {
      if (answering && !answering.get(name)!.has(metas[i]!.owner)) continue
      const seen = merged.get(name)
      merged.set(name, seen ? mergeRecords(seen, records) : records)
    }
  })
  const view: RecordView = { zones: [...zones.values()], fallthrough, forward, serverBlock, names: merged }
  if (route) view.route = route.key
  return view
}

/**
 * Per name, the owners steering lets answer, of those that have data for it; an empty
 * non-terminal marker (`{}`) is data for no one, so it stays only where no owner has more.
 * Zone settings and relaying are never steered: they stay the first owner's.
 */
function answeringOwners(metas: readonly OwnerMeta[], names: readonly ReadonlyMap<string, NameRecords>[], route: Route): Map<string, Set<string>> {
  const holders = new Map<string, string[]>()
  names.forEach((owned, i) => {
    for (const [name, records] of owned) {
      const list = holders.get(name) ?? []
      holders.set(name, list)
      if (Object.keys(records).length > 0) list.push(metas[i]!.owner)
    }
  })
  const out = new Map<string, Set<string>>()
  for (const [name, list] of holders) out.set(name, list.length > 0 ? new Set(choose(route, list)) : new Set(metas.map((m) => m.owner)))
  return out
}

/** Each owner is capped (limits.ts); so is the union, however many owners share a name. */
function union(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a) return b
  if (!b) return a
  return [...new Set([...a, ...b])].sort().slice(0, MAX_ADDRESSES_PER_FAMILY)
}

/** Other data beats a CNAME: a name cannot hold both (RFC 1034 §3.6.2). */
function mergeRecords(a: NameRecords, b: NameRecords): NameRecords {
  const out: NameRecords = {}
  const v4 = union(a.a, b.a)
  const v6 = union(a.aaaa, b.aaaa)
  const txt = a.txt && b.txt ? [...new Set([...a.txt, ...b.txt])] : (a.txt ?? b.txt)
  if (v4) out.a = v4
  if (v6) out.aaaa = v6
  if (txt) out.txt = txt
  mergeTypedRecords(a, b, out)
  const cname = a.cname ?? b.cname
  if (cname && !v4 && !v6 && !txt && !out.mx && !out.srv && !out.caa && !out.ptr) out.cname = cname
  return out
}

/** An owner's relaying: its `forward`, or for older metas its one upstream with the defaults. */
export function forwardOf(meta: OwnerMeta): Forward | null {
  if (meta.forward && meta.forward.upstreams.length > 0) return meta.forward
  return meta.upstream ? { upstreams: [meta.upstream], ...FORWARD_DEFAULTS } : null
}

/** True when `name` lies under a key of the server block, so CoreDNS would have seen it. */
export function inServerBlock(view: RecordView, name: string): boolean {
  return view.serverBlock.some((key) => isSubdomain(name, key))
}

/** True when misses for `name` fall through (the `fallthrough [ZONES...]` option). */
export function fallsThrough(view: RecordView, name: string): boolean {
  if (!view.fallthrough) return false
  return view.fallthrough.length === 0 || view.fallthrough.some((z) => isSubdomain(name, z))
}
