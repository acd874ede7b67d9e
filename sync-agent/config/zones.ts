import { asciiLower, hostnameProblem, normalizeName } from '../../src/core/dns/names.ts'

/**
 * A server block key or zone argument as a zone name, like CoreDNS's plugin.Host().NormalizeExact:
 * the transport scheme (`dns://`, `tls://`, `https://`...) and the port are dropped, the name
 * lower-cased (ASCII only, RFC 4343); here also without the trailing dot. Returns the zone, or a message.
 *
 * Refused, unlike CoreDNS: the root zone (a DoH edge cannot be authoritative for every name) and
 * CIDR reverse zones (k8s_gateway answers no PTR queries).
 */
export function normalizeZone(text: string): { zone: string } | { error: string } {
  let host = asciiLower(text.trim())
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
  if (host.includes('/')) return { error: `reverse (CIDR) zones are not supported: ${text}` }
  host = host.replace(/:\d+$/, '')
  const zone = normalizeName(host)
  if (zone === '') {
    return { error: `the root zone is not supported, name the zones: ${text}` }
  }
  const problem = hostnameProblem(zone)
  // Stryker disable next-line StringLiteral: hostnameProblem refuses a '*' anywhere but as a whole first label, so split('') finds the same '*'
  if (problem || zone.split('.').includes('*')) {
    return { error: `invalid zone ${text}: ${problem ?? 'wildcard label'}` }
  }
  return { zone }
}
