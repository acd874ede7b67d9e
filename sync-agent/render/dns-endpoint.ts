/**
 * external-dns DNSEndpoint (externaldns.k8s.io/v1alpha1, dnsendpoint.go): each
 * `spec.endpoints[]` serves its own `targets` at its `dnsName`. Upstream answers a name with the
 * targets of EVERY endpoint of a matching object; we keep each endpoint's targets to its name.
 */
import { parseAddress } from '../../src/core/dns/addresses.ts'
import { list, str } from './objects.ts'
import type { Entry, KindRenderer } from './types.ts'

const FAMILY = { A: 4, AAAA: 6 } as const

export const renderDNSEndpoint: KindRenderer = (endpointObject, { warn }) => {
  const entries: Entry[] = []
  for (const [i, endpoint] of list(endpointObject, 'spec', 'endpoints').entries()) {
    const host = str(endpoint, 'dnsName')
    const type = str(endpoint, 'recordType')
    const targets = list(endpoint, 'targets').filter((t): t is string => typeof t === 'string')
    if (!host) {
      warn(`endpoints[${i}] has no dnsName, skipped`)
    } else if (type === 'TXT') {
      entries.push({ host, txt: targets })
    } else if (type === 'A' || type === 'AAAA') {
      const addresses = targets.filter((target) => {
        const parsed = parseAddress(target)
        if (parsed?.family === FAMILY[type]) return true
        warn(`${host}: ${type} target "${target}" is not an IPv${FAMILY[type]} address, skipped`)
        return false
      })
      entries.push({ host, addresses })
    } else {
      warn(`${host}: record type ${type ?? '(none)'} is not supported (A, AAAA, TXT), skipped`)
    }
  }
  return entries
}
