/**
 * Looks a question up in the records, following k8s_gateway where it agrees with the DNS RFCs
 * and the RFCs where it does not (README, "Where we differ from k8s_gateway").
 */
import type { NameRecords, ZoneMeta } from '../recordset/schema.ts'
import type { RecordView } from '../recordset/view.ts'
import { inServerBlock } from '../recordset/view.ts'
import { addressRecords, glueRecords, nameServerAt, nsRecords, soaRecord } from './apex.ts'
import { utf8 } from './labels.ts'
import { wildcardFor } from './names.ts'
import type { LookupResult, Question, RR } from './types.ts'
import { txtStrings } from './txt.ts'
import { findZone, zoneAsAsked } from './zone.ts'

export function lookup(question: Question, view: RecordView): LookupResult {
  const name = question.folded
  // CoreDNS's k8s_gateway and forward serve class IN only; other classes are refused outright.
  if (question.class !== 'IN') return { kind: 'refused' }
  const zone = findZone(name, view.zones)
  if (!zone) return inServerBlock(view, name) ? { kind: 'outside' } : { kind: 'refused' }
  const owner = question.name
  const qtype = question.type

  if (name === zone.zone) return lookupApex(zone, owner, qtype, view.names.get(name))

  const ns = nameServerAt(zone, name)
  if (ns) return found(zone, addressRecords(zone, ns, owner, qtype))

  const exact = view.names.get(name)
  if (exact) return fromRecords(zone, exact, owner, qtype)

  // RFC 4592 §3.3.1: a wildcard answers only for names that do not exist, ENTs included.
  // A name "*.x" is its own wildcard, found above if it exists.
  const wildcard = wildcardFor(name)
  const synthesized = wildcard ? view.names.get(wildcard) : undefined
  if (synthesized) return fromRecords(zone, synthesized, owner, qtype)

  return { kind: 'nxdomain', zone }
}

/**
 * The apex always exists: SOA and NS live here, and addresses only if a resource names the
 * apex itself. A wildcard "*.zone" never answers the apex (RFC 4592 §2.2.1: it matches names
 * below its parent, not the parent).
 */
function lookupApex(
  zone: ZoneMeta,
  owner: string,
  qtype: string,
  records: NameRecords | undefined,
): LookupResult {
  const apex = zoneAsAsked(owner, zone)
  if (qtype === 'SOA') return found(zone, [soaRecord(zone, apex)])
  if (qtype === 'NS') return found(zone, nsRecords(zone, apex), glueRecords(zone))
  const answers = records ? recordsOfType(records, owner, qtype, zone.ttl) : []
  if (qtype === 'ANY') answers.unshift(soaRecord(zone, apex), ...nsRecords(zone, apex))
  return found(zone, answers)
}

function fromRecords(
  zone: ZoneMeta,
  records: NameRecords,
  owner: string,
  qtype: string,
): LookupResult {
  if (!holdsData(records)) return { kind: 'nodata', zone, emptyNonTerminal: true }
  return found(zone, recordsOfType(records, owner, qtype, zone.ttl))
}

function found(zone: ZoneMeta, answers: RR[], additionals: RR[] = []): LookupResult {
  if (answers.length === 0) return { kind: 'nodata', zone, emptyNonTerminal: false }
  return { kind: 'answer', zone, answers, additionals }
}

/** An empty value (`{}`) is the marker of an empty non-terminal; any field makes the name real. */
function holdsData(r: NameRecords): boolean {
  return !!(r.a || r.aaaa || r.txt || r.cname || r.mx || r.srv || r.caa || r.ptr)
}

/**
 * A CNAME answers every type at its name (RFC 1034 §3.6.2); otherwise only the asked type,
 * ANY every type held. The name's own TTL (a DNSEndpoint's `recordTTL`) beats the zone's.
 */
function recordsOfType(records: NameRecords, owner: string, qtype: string, zoneTtl: number): RR[] {
  const ttl = records.ttl ?? zoneTtl
  if (records.cname) return [{ name: owner, type: 'CNAME', ttl, data: records.cname }]
  const out: RR[] = []
  const any = qtype === 'ANY'
  if (any || qtype === 'A') for (const ip of records.a ?? []) out.push({ name: owner, type: 'A', ttl, data: ip })
  if (any || qtype === 'AAAA') {
    for (const ip of records.aaaa ?? []) out.push({ name: owner, type: 'AAAA', ttl, data: ip })
  }
  if ((any || qtype === 'TXT') && records.txt) {
    for (const text of records.txt) out.push({ name: owner, type: 'TXT', ttl, data: txtStrings(text) })
  }
  if (any || qtype === 'MX') for (const data of records.mx ?? []) out.push({ name: owner, type: 'MX', ttl, data })
  if (any || qtype === 'SRV') for (const data of records.srv ?? []) out.push({ name: owner, type: 'SRV', ttl, data })
  if (any || qtype === 'CAA') {
    for (const { flags, tag, value } of records.caa ?? []) {
      out.push({ name: owner, type: 'CAA', ttl, data: { flags, tag, value: utf8(value) } })
    }
  }
  if (any || qtype === 'PTR') for (const host of records.ptr ?? []) out.push({ name: owner, type: 'PTR', ttl, data: host })
  return out
}
