import { asciiLower, hostnameProblem, normalizeName } from '../../src/core/dns/names.ts'
import { cidrZone } from '../../src/core/dns/reverse.ts'

/**
 * A server block key or zone argument as a zone name, like CoreDNS's plugin.Host().NormalizeExact:
 * the transport scheme (`dns://`, `tls://`, `https://`...) and the port are dropped, the name
 * lower-cased (ASCII only, RFC 4343); here also without the trailing dot. Returns the zone, or a message.
 *
 * Reverse zones are zones like any other (`2.0.192.in-addr.arpa`, the whole `ip6.arpa`); a CIDR
 * key (`192.0.2.0/24`, `2001:db8::/32`) is its reverse zone, as CoreDNS reads it, when the
 * prefix ends on a label boundary. Refused, unlike CoreDNS: the root zone (a DoH edge cannot
 * be authoritative for every name) and CIDR prefixes between label boundaries.
 */
export function normalizeZone(text: string): { zone: string } | { error: string } {
  let host = asciiLower(text.trim())
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
  if (host.includes('/')) return cidrZone(host.replace(/^\[(.*)\]/, '$1').replace(/(\/\d+):\d+$/, '$1'))
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
