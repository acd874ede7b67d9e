/**
 * IP address parsing shared by the agent (splitting addresses into A and AAAA) and the
 * worker (validating what it reads). Pure string work: no runtime networking APIs.
 */

export type Family = 4 | 6

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/** Dotted-quad IPv4 without leading zeros, or null. */
export function parseIPv4(text: string): string | null {
  return V4.test(text) ? text : null
}

/**
 * Parses IPv6 text (with optional embedded IPv4) into 8 groups, or null. Zone ids ("%eth0")
 * never appear in DNS data: no group or IPv4 part can hold a "%".
 */
export function ipv6Groups(text: string): number[] | null {
  let head = text
  const tail: number[] = []
  const lastColon = text.lastIndexOf(':')
  if (text.includes('.') && lastColon !== -1) {
    const v4 = parseIPv4(text.slice(lastColon + 1))
    if (!v4) return null
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number]
    tail.push((a << 8) | b, (c << 8) | d)
    head = text.slice(0, lastColon)
    if (head.endsWith(':')) head += ':' // "::1.2.3.4": the compressed run ends at the IPv4 part
  }
  const halves = head.split('::')
  if (halves.length > 2) return null
  const parse = (part: string): number[] | null => {
    if (part === '') return []
    const out: number[] = []
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null
      out.push(parseInt(g, 16))
    }
    return out
  }
  const left = parse(halves[0]!)
  const right = parse(halves[1] ?? '')
  if (!left || !right) return null
  const total = left.length + right.length + tail.length
  if (halves.length === 2) {
    if (total > 7) return null
    return [...left, ...new Array<number>(8 - total).fill(0), ...right, ...tail]
  }
  return total === 8 ? [...left, ...tail] : null
}

/** IPv6 in canonical RFC 5952 text (lower case, longest zero run compressed), or null. */
export function parseIPv6(text: string): string | null {
  const groups = ipv6Groups(text)
  if (!groups) return null
  let bestStart = -1
  let bestLen = 1 // RFC 5952 §4.2.2: a single zero group is not compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (groups[j] === 0) j++ // groups[8] is undefined: the run ends there
    if (j - i > bestLen) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart === -1) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`
}

/** Classifies an address string: its family and canonical text, or null when not an IP. */
export function parseAddress(text: string): { family: Family; address: string } | null {
  const v4 = parseIPv4(text.trim())
  if (v4) return { family: 4, address: v4 }
  const v6 = parseIPv6(text.trim())
  if (v6) return { family: 6, address: v6 }
  return null
}
