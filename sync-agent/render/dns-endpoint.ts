/**
 * external-dns DNSEndpoint (externaldns.k8s.io/v1alpha1, dnsendpoint.go): each
 * `spec.endpoints[]` serves its own `targets` at its `dnsName`. Upstream answers a name with the
 * targets of EVERY endpoint of a matching object; we keep each endpoint's targets to its name.
 *
 * Record types: A, AAAA, TXT as k8s_gateway serves them, and CNAME, MX, SRV, CAA and PTR as
 * external-dns writes them (endpoint-targets.ts). A target that does not parse is skipped with a
 * warning; the endpoint's other targets are served. `recordTTL` (seconds; 0 or absent: unset)
 * becomes the name's TTL.
 */
import { parseAddress } from '../../src/core/dns/addresses.ts'
import { MAX_TTL } from '../../src/core/limits.ts'
import { type Parsed, parseCaa, parseHost, parseMx, parseSrv } from './endpoint-targets.ts'
import { field, list, str } from './objects.ts'
import type { Entry, KindRenderer } from './types.ts'

const FAMILY = { A: 4, AAAA: 6 } as const

/**
 * What each typed record type parses its targets with, and which Entry field holds them. A Map,
 * looked up with the endpoint's recordType as it is, absent too.
 */
const TYPED = new Map<string | undefined, { field: keyof Entry; parse: (target: string) => Parsed<unknown> }>([
  ['CNAME', { field: 'cnames', parse: (t) => parseHost(t) }],
  ['MX', { field: 'mx', parse: parseMx }],
  ['SRV', { field: 'srv', parse: parseSrv }],
  ['CAA', { field: 'caa', parse: parseCaa }],
  ['PTR', { field: 'ptr', parse: (t) => parseHost(t) }],
])

const SUPPORTED = ['A', 'AAAA', 'TXT', ...TYPED.keys()].join(', ')

export const renderDNSEndpoint: KindRenderer = (endpointObject, { warn }) => {
  const entries: Entry[] = []
  for (const [i, endpoint] of list(endpointObject, 'spec', 'endpoints').entries()) {
    const host = str(endpoint, 'dnsName')
    const type = str(endpoint, 'recordType')
    const targets = list(endpoint, 'targets').filter((t): t is string => typeof t === 'string')
    if (!host) {
      warn(`endpoints[${i}] has no dnsName, skipped`)
      continue
    }
    const ttl = recordTtl(field(endpoint, 'recordTTL'), host, warn)
    const withTtl = (entry: Entry): Entry => (ttl === undefined ? entry : { ...entry, ttl })
    if (type === 'TXT') {
      entries.push(withTtl({ host, txt: targets }))
    } else if (type === 'A' || type === 'AAAA') {
      const addresses = targets.filter((target) => {
        const parsed = parseAddress(target)
        if (parsed?.family === FAMILY[type]) return true
        warn(`${host}: ${type} target "${target}" is not an IPv${FAMILY[type]} address, skipped`)
        return false
      })
      entries.push(withTtl({ host, addresses }))
    } else if (TYPED.has(type)) {
      const { field: key, parse } = TYPED.get(type)!
      const values: unknown[] = []
      for (const target of targets) {
        const parsed = parse(target)
        if ('value' in parsed) values.push(parsed.value)
        else warn(`${host}: ${type} target "${target}" is invalid (${parsed.problem}), skipped`)
      }
      if (values.length > 0) entries.push(withTtl({ host, [key]: values }))
    } else {
      warn(`${host}: record type ${type ?? '(none)'} is not supported (${SUPPORTED}), skipped`)
    }
  }
  return entries
}

/** external-dns's TTL: an integer of seconds, 0 (or absent) for "not configured". */
function recordTtl(value: unknown, host: string, warn: (message: string) => void): number | undefined {
  if (value === undefined || value === 0) return undefined
  if (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_TTL) return value as number
  warn(`${host}: recordTTL ${JSON.stringify(value)} is not a TTL (1-${MAX_TTL} seconds), the zone's used`)
  return undefined
}
