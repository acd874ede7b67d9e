/**
 * The KV key layout, the only place that knows it (README, "KV layout").
 *
 *   v1/meta/<owner>          OwnerMeta: zones, SOA, name servers, fallthrough, upstream
 *   v1/name/<owner>/<name>   NameRecords of one name; `{}` marks an empty non-terminal
 *
 * One key per name keeps a hostname change to one small write whatever the zone's size, and a
 * query to one bulk read of [meta, name, wildcard] per owner. Keys carry the owner so several
 * agents (clusters) write disjoint keys and never overwrite each other.
 */
import { findZone } from '../dns/zone.ts'
import { isSubdomain, parentName } from '../dns/names.ts'
import type { NameRecords, OwnerMeta, RecordSet } from './schema.ts'
import { LAYOUT_VERSION } from './schema.ts'

const PREFIX = `v${LAYOUT_VERSION}`

export function metaKey(owner: string): string {
  return `${PREFIX}/meta/${owner}`
}

export function isMetaKey(key: string): boolean {
  return key.startsWith(`${PREFIX}/meta/`)
}

export function nameKey(owner: string, name: string): string {
  return `${PREFIX}/name/${owner}/${name}`
}

/** Prefix of every key one owner writes, for listing what it published (see ownsKey). */
export function ownerPrefixes(owner: string): string[] {
  return [metaKey(owner), `${PREFIX}/name/${owner}/`]
}

/**
 * True when `key` is one `owner` writes: its meta exactly, or a name under its prefix. A
 * listing by the meta key as prefix also finds `v1/meta/<owner>-2`, another owner's: this
 * is the one check that tells them apart, for the planner and every publisher's listing.
 */
export function ownsKey(owner: string, key: string): boolean {
  return key === metaKey(owner) || key.startsWith(`${PREFIX}/name/${owner}/`)
}

/** Owner ids become key segments: keep them short and free of "/". */
export const OWNER_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/

export function ownerMeta(set: RecordSet): OwnerMeta {
  const { names: _names, ...meta } = set
  return meta
}

/**
 * Empty non-terminals (RFC 8020): names with nothing of their own but names below them,
 * down from each zone apex. They need a marker so the worker answers NODATA, not NXDOMAIN.
 */
export function emptyNonTerminals(set: RecordSet): string[] {
  const ents = new Set<string>()
  const below = (name: string, apex: string): void => {
    for (let p = parentName(name); p !== apex && isSubdomain(p, apex); p = parentName(p)) {
      if (set.names[p] || ents.has(p)) break
      ents.add(p)
    }
  }
  for (const name of Object.keys(set.names)) {
    const zone = findZone(name, set.zones)
    if (zone) below(name, zone.zone)
  }
  for (const zone of set.zones) for (const ns of zone.ns) below(ns.name, zone.zone)
  return [...ents].sort()
}

/** Every KV entry of a record set, as serialized values: what the publisher writes. */
export function kvEntries(set: RecordSet): Map<string, string> {
  const entries = new Map<string, string>()
  entries.set(metaKey(set.owner), JSON.stringify(ownerMeta(set)))
  const empty: NameRecords = {}
  for (const name of emptyNonTerminals(set)) entries.set(nameKey(set.owner, name), JSON.stringify(empty))
  for (const [name, records] of Object.entries(set.names)) {
    entries.set(nameKey(set.owner, name), JSON.stringify(records))
  }
  // In key order (the default sort: UTF-16 code units), so one record set always lists alike.
  return new Map([...entries.keys()].sort().map((key) => [key, entries.get(key)!]))
}
