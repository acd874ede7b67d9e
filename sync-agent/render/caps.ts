/**
 * What one object may claim and one name may carry (src/core/limits.ts, the numbers the
 * worker enforces too). The excess is skipped with a warning naming the object, and the rest
 * is served: one Ingress with 10,000 hosts would otherwise be 10,000 KV writes, ten times the
 * free plan's daily budget, and a name with thousands of addresses an answer no DNS message
 * holds. What is kept is the first in a stable order, so every run keeps the same part.
 */
import {
  MAX_ADDRESSES_PER_FAMILY,
  MAX_HOSTNAMES_PER_OBJECT,
  MAX_RECORDS_PER_TYPE,
  MAX_TXT_OCTETS,
  MAX_TXT_VALUES,
} from '../../src/core/limits.ts'
import type { Entry } from './types.ts'

/** An object's entries for its first MAX_HOSTNAMES_PER_OBJECT distinct hosts, in its order. */
export function capHostnames(entries: Entry[], warn: (message: string) => void): Entry[] {
  const hosts = new Set(entries.map((e) => e.host))
  if (hosts.size <= MAX_HOSTNAMES_PER_OBJECT) return entries
  const kept = new Set([...hosts].slice(0, MAX_HOSTNAMES_PER_OBJECT))
  warn(`claims ${hosts.size} hostnames, more than ${MAX_HOSTNAMES_PER_OBJECT}: the first ${MAX_HOSTNAMES_PER_OBJECT} served, ${hosts.size - kept.size} skipped`)
  return entries.filter((e) => kept.has(e.host))
}

/** The first MAX_ADDRESSES_PER_FAMILY of sorted addresses. */
export function capAddresses(sorted: string[], family: 'IPv4' | 'IPv6', warn: (message: string) => void): string[] {
  if (sorted.length <= MAX_ADDRESSES_PER_FAMILY) return sorted
  warn(`${sorted.length} ${family} addresses, more than ${MAX_ADDRESSES_PER_FAMILY}: the first ${MAX_ADDRESSES_PER_FAMILY} served`)
  return sorted.slice(0, MAX_ADDRESSES_PER_FAMILY)
}

/** TXT values in order while within MAX_TXT_VALUES and MAX_TXT_OCTETS (UTF-8 octets, as on the wire). */
export function capTxt(values: string[], warn: (message: string) => void): string[] {
  const kept: string[] = []
  let octets = 0
  for (const value of values) {
    // Stryker disable next-line StringLiteral: Buffer.byteLength counts an unknown encoding ('') as UTF-8, its default
    const size = Buffer.byteLength(value, 'utf8')
    if (kept.length >= MAX_TXT_VALUES || octets + size > MAX_TXT_OCTETS) continue
    kept.push(value)
    octets += size
  }
  if (kept.length < values.length) {
    warn(`${values.length} TXT values, beyond ${MAX_TXT_VALUES} values or ${MAX_TXT_OCTETS} octets: ${values.length - kept.length} skipped`)
  }
  return kept
}

/** The first MAX_RECORDS_PER_TYPE records of one type (MX, SRV, CAA, PTR), in their order. */
export function capRecords<T>(records: T[], type: string, warn: (message: string) => void): T[] {
  if (records.length <= MAX_RECORDS_PER_TYPE) return records
  warn(`${records.length} ${type} records, more than ${MAX_RECORDS_PER_TYPE}: the first ${MAX_RECORDS_PER_TYPE} served`)
  return records.slice(0, MAX_RECORDS_PER_TYPE)
}
