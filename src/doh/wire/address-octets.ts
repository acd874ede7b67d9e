/**
 * The RDATA octets of an A or AAAA address, memoized per isolate: the same few addresses are
 * written reply after reply, and parsing IPv6 text (groups, `::`, embedded IPv4) cost more than
 * the rest of encoding the record. Bounded: a full memo starts afresh.
 */
import { ipv6Groups } from '../../core/dns/addresses.ts'

const MAX_ENTRIES = 4096
const memo = new Map<string, Uint8Array>()

/** Octets of an address already validated as IPv4 (family 4) or IPv6 text; throws otherwise. */
export function addressOctets(text: string, family: 4 | 6): Uint8Array {
  const known = memo.get(text)
  if (known && known.length === (family === 4 ? 4 : 16)) return known
  const octets = family === 4 ? ipv4Octets(text) : ipv6Octets(text)
  if (memo.size >= MAX_ENTRIES) memo.clear()
  memo.set(text, octets)
  return octets
}

function ipv4Octets(text: string): Uint8Array {
  const parts = text.split('.')
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${text}`)
  return Uint8Array.from(parts, Number)
}

function ipv6Octets(text: string): Uint8Array {
  const groups = ipv6Groups(text)
  if (!groups) throw new Error(`not an IPv6 address: ${text}`)
  const out = new Uint8Array(16)
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8
    out[2 * i + 1] = g & 0xff
  })
  return out
}
