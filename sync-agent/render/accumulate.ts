/**
 * Collects what the objects of one kind say about one name, then turns it into the name's
 * records. Within a kind every object naming the host merges (upstream's lookup returns the
 * addresses of all matching objects).
 */
import { parseAddress } from '../../src/core/dns/addresses.ts'
import { hostnameProblem, normalizeName } from '../../src/core/dns/names.ts'
import { caaKey, compareMx, compareSrv, compareText, mxKey, srvKey } from '../../src/core/dns/record-data.ts'
import type { CaaRecord, MxRecord, NameRecords, SrvRecord } from '../../src/core/recordset/schema.ts'
import { capAddresses, capRecords, capTxt } from './caps.ts'
import type { Entry } from './types.ts'

export interface Values {
  a: string[]
  aaaa: string[]
  txt: string[]
  hostnames: string[]
  /** DNSEndpoint CNAME targets: like load-balancer hostnames, but named as what they are. */
  cnames: string[]
  mx: MxRecord[]
  srv: SrvRecord[]
  caa: CaaRecord[]
  ptr: string[]
  ttl?: number
}

export interface Acc {
  a: Set<string>
  aaaa: Set<string>
  txt: string[]
  /** Load-balancer hostname -> the objects that gave it (for warnings). */
  hostnames: Map<string, Set<string>>
  /** The hostnames above that a DNSEndpoint gave as a CNAME (for how warnings call them). */
  cnames: Set<string>
  /** Records by their identity (record-data.ts keys): equal records from two objects once. */
  mx: Map<string, MxRecord>
  srv: Map<string, SrvRecord>
  caa: Map<string, CaaRecord>
  ptr: Set<string>
  /** Each `recordTTL` given for the name, with the objects that gave it. */
  ttls: Map<number, Set<string>>
  objects: Set<string>
}

export const newAcc = (): Acc => ({
  a: new Set(),
  aaaa: new Set(),
  txt: [],
  hostnames: new Map(),
  cnames: new Set(),
  mx: new Map(),
  srv: new Map(),
  caa: new Map(),
  ptr: new Set(),
  ttls: new Map(),
  objects: new Set(),
})

/** Checks an entry's raw values once: invalid addresses and hostnames are warned and skipped. */
export function entryValues(entry: Entry, warn: (m: string) => void): Values {
  const values: Values = {
    a: [],
    aaaa: [],
    txt: [...(entry.txt ?? [])],
    hostnames: [],
    // Checked where they were parsed (dns-endpoint.ts).
    cnames: [...(entry.cnames ?? [])],
    mx: [...(entry.mx ?? [])],
    srv: [...(entry.srv ?? [])],
    caa: [...(entry.caa ?? [])],
    ptr: [...(entry.ptr ?? [])],
  }
  // Stryker disable next-line ConditionalExpression: a ttl holding undefined reads as none (addValues checks !== undefined)
  if (entry.ttl !== undefined) values.ttl = entry.ttl
  for (const raw of entry.addresses ?? []) {
    const parsed = parseAddress(raw)
    if (!parsed) warn(`"${raw}" is not an IP address, skipped`)
    else (parsed.family === 4 ? values.a : values.aaaa).push(parsed.address)
  }
  for (const raw of entry.hostnames ?? []) {
    const name = normalizeName(raw.trim())
    const problem = hostnameProblem(name) ?? (name.includes('*') ? 'wildcard' : null)
    if (problem) warn(`load-balancer hostname "${raw}" is invalid (${problem}), skipped`)
    else values.hostnames.push(name)
  }
  return values
}

export const isEmpty = (v: Values): boolean =>
  v.a.length + v.aaaa.length + v.txt.length + v.hostnames.length + v.cnames.length + v.mx.length + v.srv.length + v.caa.length + v.ptr.length === 0

export function addValues(acc: Acc, values: Values, object: string): void {
  for (const ip of values.a) acc.a.add(ip)
  for (const ip of values.aaaa) acc.aaaa.add(ip)
  for (const text of values.txt) if (!acc.txt.includes(text)) acc.txt.push(text)
  for (const host of [...values.hostnames, ...values.cnames]) {
    const from = acc.hostnames.get(host) ?? new Set()
    acc.hostnames.set(host, from.add(object))
  }
  for (const host of values.cnames) acc.cnames.add(host)
  for (const mx of values.mx) acc.mx.set(mxKey(mx), mx)
  for (const srv of values.srv) acc.srv.set(srvKey(srv), srv)
  // Stryker disable next-line ConditionalExpression: caaKey is the whole record, and setting a key again keeps its place in the Map
  for (const caa of values.caa) if (!acc.caa.has(caaKey(caa))) acc.caa.set(caaKey(caa), caa)
  for (const host of values.ptr) acc.ptr.add(host)
  if (values.ttl !== undefined) acc.ttls.set(values.ttl, (acc.ttls.get(values.ttl) ?? new Set()).add(object))
  acc.objects.add(object)
}

export const hasData = (acc: Acc): boolean =>
  acc.a.size + acc.aaaa.size + acc.txt.length + acc.hostnames.size + acc.mx.size + acc.srv.size + acc.caa.size + acc.ptr.size > 0

/**
 * The records of a name. Load-balancer hostnames (which k8s_gateway resolves at query time)
 * and DNSEndpoint CNAME targets become a CNAME to the first one in order, but only when the
 * name has nothing else: a CNAME cannot coexist with other data (RFC 1034 §3.6.2). The other
 * data wins: it is the direct answer (addresses, a name's MX), and keeping it loses nothing
 * a resolver could not have asked for by the CNAME's target name itself. A DNSEndpoint CNAME
 * at a zone's apex is refused, its SOA and NS being other data; a load balancer's hostname
 * there is still answered as before (users put apex Ingresses behind cloud LBs, and the
 * worker completes the chain).
 */
export function finalize(acc: Acc, name: string, warn: (message: string) => void, apex = false): NameRecords {
  const records: NameRecords = {}
  const over = (message: string) => warn(`${[...acc.objects].join(', ')}: ${name}: ${message}`)
  if (acc.a.size > 0) records.a = capAddresses([...acc.a].sort(), 'IPv4', over)
  if (acc.aaaa.size > 0) records.aaaa = capAddresses([...acc.aaaa].sort(), 'IPv6', over)
  if (acc.txt.length > 0) records.txt = capTxt(acc.txt, over)
  if (acc.mx.size > 0) records.mx = capRecords([...acc.mx.values()].sort(compareMx), 'MX', over)
  if (acc.srv.size > 0) records.srv = capRecords([...acc.srv.values()].sort(compareSrv), 'SRV', over)
  if (acc.caa.size > 0) records.caa = capRecords([...acc.caa.values()], 'CAA', over)
  if (acc.ptr.size > 0) records.ptr = capRecords([...acc.ptr].sort(compareText), 'PTR', over)
  const hostnames = [...acc.hostnames.keys()].sort()
  const hasAddresses = records.a || records.aaaa
  const hasOther = hasAddresses || records.txt || records.mx || records.srv || records.caa || records.ptr
  const chosen = hasOther ? undefined : hostnames.find((h) => !(apex && acc.cnames.has(h)))
  if (chosen) records.cname = chosen
  for (const host of hostnames) {
    if (host === chosen) continue
    const why = hasAddresses
      ? 'the name has addresses'
      : hasOther
        ? 'the name has other records (RFC 1034 §3.6.2)'
        : apex && acc.cnames.has(host)
          ? 'a zone apex holds SOA and NS, never a CNAME (RFC 1034 §3.6.2)'
          : `answering CNAME ${chosen}`
    const what = acc.cnames.has(host) ? 'CNAME target' : 'load-balancer hostname'
    for (const object of acc.hostnames.get(host)!) {
      warn(`${object}: ${what} ${host} not served for ${name}: ${why}`)
    }
  }
  const ttl = nameTtl(acc, name, warn)
  if (ttl !== undefined) records.ttl = ttl
  return records
}

/**
 * A name has one TTL: its `recordTTL` when its endpoints give one, the smallest when they
 * disagree (no record is cached longer than its endpoint asked), with a warning naming them.
 */
function nameTtl(acc: Acc, name: string, warn: (message: string) => void): number | undefined {
  if (acc.ttls.size === 0) return undefined
  const ttl = Math.min(...acc.ttls.keys())
  if (acc.ttls.size > 1) {
    const given = [...acc.ttls].map(([t, objects]) => `${t} (${[...objects].join(', ')})`).join(', ')
    warn(`${name}: endpoints give different recordTTLs, ${given}: ${ttl} served for every record of the name`)
  }
  return ttl
}
