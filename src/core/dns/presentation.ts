/**
 * Records as presentation text (RFC 1035 §5.1, RFC 3597 §5): what the JSON API puts in `data`
 * and what a zone file holds, one formatter for both. Names are already presentation text
 * (labels.ts), so only the trailing dot is added.
 */
import { typeName } from './codes.ts'
import { txtText } from './txt.ts'
import type { RR } from './types.ts'

/** "web.example.com" -> "web.example.com."; the root "" -> ".". */
export function fqdn(name: string): string {
  return `${name}.`
}

/** Presentation format of RDATA (RFC 1035 §5.1, RFC 3597 §5), as the JSON APIs print it. */
export function rdataText(rr: RR): string {
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return rr.data
    case 'CNAME':
    case 'NS':
    case 'PTR':
    case 'DNAME':
      return fqdn(rr.data)
    case 'TXT':
      return rr.data.map(txtText).join(' ')
    case 'SOA': {
      const d = rr.data
      return `${fqdn(d.mname)} ${fqdn(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`
    }
    case 'MX':
      return `${rr.data.preference} ${fqdn(rr.data.exchange)}`
    case 'SRV':
      return `${rr.data.priority} ${rr.data.weight} ${rr.data.port} ${fqdn(rr.data.target)}`
    case 'CAA':
      return `${rr.data.flags} ${rr.data.tag} ${txtText(rr.data.value)}`
    case 'OTHER':
      return `\\# ${rr.data.length}${rr.data.length ? ' ' : ''}${[...rr.data].map((b) => b.toString(16).padStart(2, '0')).join('')}`
  }
}

/** One record as a zone-file line: `web.example.com. 60 IN A 192.0.2.1` (class IN: all we serve). */
export function rrLine(rr: RR): string {
  const type = rr.type === 'OTHER' ? typeName(rr.code) : rr.type
  return `${fqdn(rr.name)} ${rr.ttl} IN ${type} ${rdataText(rr)}`
}
