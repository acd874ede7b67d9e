import type { NameRecords, OwnerMeta, ZoneMeta } from './schema.ts'
import { isSubdomain } from '../dns/names.ts'

/** What one question is answered from: every owner's zones, and the candidate names loaded. */
export interface RecordView {
  zones: ZoneMeta[]
  /** Zones whose misses fall through; null when no owner configured `fallthrough`. */
  fallthrough: string[] | null
  upstream: string | null
  /** Candidate names that exist (an empty object marks an empty non-terminal). */
  names: ReadonlyMap<string, NameRecords>
}

/**
 * Merges what several owners (clusters) published. The first owner listed wins zone settings
 * (SOA, TTL, name servers, fallthrough, upstream); addresses and TXT of a shared name are unioned,
 * which is how one hostname served by two clusters answers with both clusters' addresses.
 */
export function mergeOwners(
  metas: readonly OwnerMeta[],
  names: readonly ReadonlyMap<string, NameRecords>[],
): RecordView {
  const zones = new Map<string, ZoneMeta>()
  let fallthrough: string[] | null = null
  let upstream: string | null = null
  for (const meta of metas) {
    for (const zone of meta.zones) if (!zones.has(zone.zone)) zones.set(zone.zone, zone)
    if (meta.fallthrough && !fallthrough) fallthrough = meta.fallthrough.zones
    upstream ??= meta.upstream
  }
  const merged = new Map<string, NameRecords>()
  for (const owned of names) {
    for (const [name, records] of owned) {
      const seen = merged.get(name)
      merged.set(name, seen ? mergeRecords(seen, records) : records)
    }
  }
  return { zones: [...zones.values()], fallthrough, upstream, names: merged }
}

function union(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (!a) return b
  if (!b) return a
  return [...new Set([...a, ...b])].sort()
}

/** Addresses beat a CNAME: a name cannot hold both (RFC 1034 §3.6.2). */
function mergeRecords(a: NameRecords, b: NameRecords): NameRecords {
  const out: NameRecords = {}
  const v4 = union(a.a, b.a)
  const v6 = union(a.aaaa, b.aaaa)
  const txt = a.txt && b.txt ? [...new Set([...a.txt, ...b.txt])] : (a.txt ?? b.txt)
  if (v4) out.a = v4
  if (v6) out.aaaa = v6
  if (txt) out.txt = txt
  const cname = a.cname ?? b.cname
  if (cname && !v4 && !v6) out.cname = cname
  return out
}

/** True when misses for `name` fall through (the `fallthrough [ZONES...]` option). */
export function fallsThrough(view: RecordView, name: string): boolean {
  if (!view.fallthrough) return false
  return view.fallthrough.length === 0 || view.fallthrough.some((z) => isSubdomain(name, z))
}
