/**
 * Where a host from an object is served. k8s_gateway matches a query against its index keys
 * both as the full name and with the zone stripped, so:
 * - a host inside a zone is absolute: served there, under the longest (most specific) zone only;
 *   upstream would also answer it as `<host>.<other zone>`, which we do not (RFC 1034 names);
 * - a host inside no zone is relative (`web.default`): served as `<host>.<zone>` in every zone
 *   but the reverse zones (`web.default.2.0.192.in-addr.arpa` is no name anyone looks up);
 * - a host with a trailing dot is absolute even outside every zone, and then not served.
 */
import { asciiLower, hostnameProblem, joinName, normalizeName } from '../../src/core/dns/names.ts'
import { isReverseName } from '../../src/core/dns/reverse.ts'
import { longestZone } from '../../src/core/dns/zone.ts'

export type Placement =
  { names: string[]; relative: boolean; problems: string[] } | { problem: string }

export function placeHost(host: string, zones: readonly string[]): Placement {
  const raw = asciiLower(host.trim())
  const key = normalizeName(raw)
  const problem = hostnameProblem(key)
  if (problem) return { problem: `invalid host "${host}": ${problem}` }
  if (longestZone(key, zones) !== undefined) return { names: [key], relative: false, problems: [] }
  if (raw.endsWith('.'))
    return { problem: `host ${key} is in none of the zones (${zones.join(', ')})` }
  const names: string[] = []
  const problems: string[] = []
  for (const zone of zones) {
    if (isReverseName(zone)) continue
    const name = joinName(key, zone)
    const tooLong = hostnameProblem(name)
    if (tooLong) problems.push(`${name}: ${tooLong}`)
    else names.push(name)
  }
  return { names, relative: true, problems }
}
