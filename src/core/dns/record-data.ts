/**
 * What an MX, SRV, CAA or PTR value must be to be served: one rule for the agent (a
 * DNSEndpoint's targets) and the worker (a value read from KV), so both refuse the same data.
 * Each returns why a value cannot be served, or null when it can.
 */
import type { CaaRecord, MxRecord, SrvRecord } from '../recordset/schema.ts'
import { MAX_CAA_VALUE_OCTETS } from '../limits.ts'
import { utf8 } from './labels.ts'
import { hostnameProblem } from './names.ts'

const isU16 = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xffff

/**
 * A host name a record points at (normalized). Never a wildcard: `*` there is a literal
 * label no resolver would ask for. The root "" only where the type gives it a meaning
 * (a null MX, RFC 7505; an SRV "service not offered", RFC 2782).
 */
export function targetProblem(name: string, rootAllowed = false): string | null {
  if (name === '') return rootAllowed ? null : 'empty name'
  // A host name holds "*" only as its whole first label: that is the wildcard.
  return hostnameProblem(name) ?? (name.includes('*') ? 'a wildcard cannot be a target' : null)
}

export function mxProblem(mx: MxRecord): string | null {
  if (!isU16(mx.preference)) return `preference ${mx.preference} is not in 0-65535`
  const target = targetProblem(mx.exchange, true)
  return target && `exchange "${mx.exchange}": ${target}`
}

export function srvProblem(srv: SrvRecord): string | null {
  for (const field of ['priority', 'weight', 'port'] as const) {
    if (!isU16(srv[field])) return `${field} ${srv[field]} is not in 0-65535`
  }
  const target = targetProblem(srv.target, true)
  return target && `target "${srv.target}": ${target}`
}

/** RFC 8659 §4.1: a tag is 1-15 ASCII letters and digits. */
const CAA_TAG = /^[A-Za-z0-9]{1,15}$/

export function caaProblem(caa: CaaRecord): string | null {
  if (!Number.isInteger(caa.flags) || caa.flags < 0 || caa.flags > 255) return `flags ${caa.flags} is not in 0-255`
  if (!CAA_TAG.test(caa.tag)) return `tag "${caa.tag}" is not 1-15 letters and digits`
  const octets = utf8(caa.value).length
  if (octets > MAX_CAA_VALUE_OCTETS) return `value of ${octets} octets, more than ${MAX_CAA_VALUE_OCTETS}`
  return null
}

/**
 * The one order of each list a name holds, so the agent renders the same value whatever order
 * objects come in, and the worker merges owners into the same order: MX by preference, SRV by
 * priority and weight (the order clients try them in, RFC 2782), then the rest; PTR by name.
 * CAA keeps its source order, as TXT does: the records are a set, the order is the author's.
 */
export const compareMx = (a: MxRecord, b: MxRecord): number => a.preference - b.preference || compareText(a.exchange, b.exchange)

export const compareSrv = (a: SrvRecord, b: SrvRecord): number =>
  a.priority - b.priority || a.weight - b.weight || a.port - b.port || compareText(a.target, b.target)

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Equal values once: by their JSON, fields in a fixed order (MX, SRV, CAA have no other identity). */
export function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const k = key(item)
    return seen.has(k) ? false : (seen.add(k), true)
  })
}

export const mxKey = (r: MxRecord): string => `${r.preference} ${r.exchange}`
export const srvKey = (r: SrvRecord): string => `${r.priority} ${r.weight} ${r.port} ${r.target}`
export const caaKey = (r: CaaRecord): string => `${r.flags} ${r.tag} ${JSON.stringify(r.value)}`
