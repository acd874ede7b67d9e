/**
 * Collects what the objects of one kind say about one name, then turns it into the name's
 * records. Within a kind every object naming the host merges (upstream's lookup returns the
 * addresses of all matching objects).
 */
import { parseAddress } from '../../src/core/dns/addresses.ts'
import { hostnameProblem, normalizeName } from '../../src/core/dns/names.ts'
import type { NameRecords } from '../../src/core/recordset/schema.ts'
import { capAddresses, capTxt } from './caps.ts'
import type { Entry } from './types.ts'

export interface Values {
  a: string[]
  aaaa: string[]
  txt: string[]
  hostnames: string[]
}

export interface Acc {
  a: Set<string>
  aaaa: Set<string>
  txt: string[]
  /** Load-balancer hostname -> the objects that gave it (for warnings). */
  hostnames: Map<string, Set<string>>
  objects: Set<string>
}

export const newAcc = (): Acc => ({
  a: new Set(),
  aaaa: new Set(),
  txt: [],
  hostnames: new Map(),
  objects: new Set(),
})

/** Checks an entry's raw values once: invalid addresses and hostnames are warned and skipped. */
export function entryValues(entry: Entry, warn: (m: string) => void): Values {
  const values: Values = { a: [], aaaa: [], txt: [...(entry.txt ?? [])], hostnames: [] }
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
  v.a.length + v.aaaa.length + v.txt.length + v.hostnames.length === 0

export function addValues(acc: Acc, values: Values, object: string): void {
  for (const ip of values.a) acc.a.add(ip)
  for (const ip of values.aaaa) acc.aaaa.add(ip)
  for (const text of values.txt) if (!acc.txt.includes(text)) acc.txt.push(text)
  for (const host of values.hostnames) {
    const from = acc.hostnames.get(host) ?? new Set()
    acc.hostnames.set(host, from.add(object))
  }
  acc.objects.add(object)
}

export const hasData = (acc: Acc): boolean =>
  acc.a.size + acc.aaaa.size + acc.txt.length + acc.hostnames.size > 0

/**
 * The records of a name. Load-balancer hostnames (which k8s_gateway resolves at query time)
 * become a CNAME to the first one in order, but only when the name has nothing else: a CNAME
 * cannot coexist with other data (RFC 1034 §3.6.2), and addresses are the direct answer.
 */
export function finalize(acc: Acc, name: string, warn: (message: string) => void): NameRecords {
  const records: NameRecords = {}
  const over = (message: string) => warn(`${[...acc.objects].join(', ')}: ${name}: ${message}`)
  if (acc.a.size > 0) records.a = capAddresses([...acc.a].sort(), 'IPv4', over)
  if (acc.aaaa.size > 0) records.aaaa = capAddresses([...acc.aaaa].sort(), 'IPv6', over)
  if (acc.txt.length > 0) records.txt = capTxt(acc.txt, over)
  const hostnames = [...acc.hostnames.keys()].sort()
  const hasOther = records.a || records.aaaa || records.txt
  const chosen = hasOther ? undefined : hostnames[0]
  if (chosen) records.cname = chosen
  for (const host of hostnames) {
    if (host === chosen) continue
    const why = hasOther ? 'the name has addresses' : `answering CNAME ${chosen}`
    for (const object of acc.hostnames.get(host)!) {
      warn(`${object}: load-balancer hostname ${host} not served for ${name}: ${why}`)
    }
  }
  return records
}
