/**
 * Reverse-mapping names (RFC 1035 §3.5 in-addr.arpa, RFC 3596 §2.5 ip6.arpa): the name an
 * address's PTR lives at, and the zone a CIDR prefix stands for, as CoreDNS reads a server
 * block key like `10.0.0.0/24`.
 */
import { ipv6Groups, parseIPv4 } from './addresses.ts'
import { isSubdomain } from './names.ts'

export const IN_ADDR_ARPA = 'in-addr.arpa'
export const IP6_ARPA = 'ip6.arpa'

/** True for in-addr.arpa, ip6.arpa and every name (or zone) below them. */
export function isReverseName(zone: string): boolean {
  return isSubdomain(zone, IN_ADDR_ARPA) || isSubdomain(zone, IP6_ARPA)
}

/** "192.0.2.10" -> "10.2.0.192.in-addr.arpa"; "2001:db8::1" -> "1.0.0. ... .8.b.d.0.1.0.0.2.ip6.arpa". */
export function reverseName(address: string): string | null {
  if (parseIPv4(address)) return `${address.split('.').reverse().join('.')}.${IN_ADDR_ARPA}`
  const nibbles = ipv6Nibbles(address)
  return nibbles ? `${nibbles.reverse().join('.')}.${IP6_ARPA}` : null
}

function ipv6Nibbles(address: string): string[] | null {
  const groups = ipv6Groups(address)
  return groups ? groups.flatMap((g) => g.toString(16).padStart(4, '0').split('')) : null
}

/**
 * The reverse zone of a CIDR prefix ("192.0.2.0/24" -> "2.0.192.in-addr.arpa"), or why not.
 * Only prefixes on a label boundary name one zone: 8-bit steps for IPv4, 4-bit for IPv6.
 * (CoreDNS splits other prefixes into several zones; here the user lists them.)
 */
export function cidrZone(text: string): { zone: string } | { error: string } {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text)
  if (!m) return { error: `not a CIDR prefix: ${text}` }
  const [address, bits] = [m[1]!, Number(m[2])]
  const v4 = parseIPv4(address)
  const labels = v4 ? address.split('.') : ipv6Nibbles(address)
  if (!labels) return { error: `not a CIDR prefix: ${text}` }
  const step = v4 ? 8 : 4
  const max = v4 ? 32 : 128
  if (bits > max) return { error: `prefix length /${bits} is longer than /${max}: ${text}` }
  if (bits % step !== 0) {
    return { error: `reverse zone ${text} is not on a label boundary (a multiple of /${step}): list the zones of /${Math.ceil(bits / step) * step} it holds instead` }
  }
  const kept = labels.slice(0, bits / step)
  const hostBits = v4 ? (labels as string[]).slice(kept.length).some((l) => l !== '0') : labels.slice(kept.length).some((n) => n !== '0')
  if (hostBits) return { error: `reverse zone ${text} has bits set past its prefix length` }
  const apex = v4 ? IN_ADDR_ARPA : IP6_ARPA
  return { zone: kept.length ? `${kept.reverse().join('.')}.${apex}` : apex }
}
