import type { ZoneMeta } from '../recordset/schema.ts'
import { isSubdomain } from './names.ts'

/**
 * The most specific zone containing `name` (normalized), as CoreDNS's Zones.Matches picks it,
 * so nested zones ("example.com" and "dev.example.com") each answer their own names.
 */
export function findZone(name: string, zones: readonly ZoneMeta[]): ZoneMeta | undefined {
  return mostSpecific(name, zones, (z) => z.zone)
}

/** The same rule over zone names: the agent places hosts by it before any ZoneMeta exists. */
export function longestZone(name: string, zones: readonly string[]): string | undefined {
  return mostSpecific(name, zones, (z) => z)
}

function mostSpecific<T>(name: string, zones: readonly T[], apex: (zone: T) => string): T | undefined {
  let best: T | undefined
  for (const zone of zones) {
    // Stryker disable next-line EqualityOperator: `>=` differs only for one zone listed twice; zones are unique per owner and merged by name
    if (isSubdomain(name, apex(zone)) && (best === undefined || apex(zone).length > apex(best).length)) best = zone
  }
  return best
}

/** The zone's apex as spelled in the question, as k8s_gateway keeps the client's case. */
export function zoneAsAsked(qname: string, zone: ZoneMeta): string {
  const bare = qname.endsWith('.') ? qname.slice(0, -1) : qname
  return bare.slice(bare.length - zone.zone.length) // the root zone: slice(length) is ""
}
