/**
 * Checks values read from KV before the worker trusts them: KV may hold data from an older or
 * newer agent, or be edited by hand. A bad value is reported and treated as absent, never thrown.
 */
import { parseIPv4, parseIPv6 } from '../dns/addresses.ts'
import { utf8 } from '../dns/labels.ts'
import { hostnameProblem } from '../dns/names.ts'
import { caaProblem, mxProblem, srvProblem, targetProblem } from '../dns/record-data.ts'
import { MAX_ADDRESSES_PER_FAMILY, MAX_RECORDS_PER_TYPE, MAX_TTL, MAX_TXT_OCTETS, MAX_TXT_VALUES } from '../limits.ts'
import type { CaaRecord, MxRecord, NameRecords, NameServer, OwnerMeta, PublishStatus, SrvRecord, ZoneMeta } from './schema.ts'
import { READABLE_VERSIONS } from './schema.ts'

/** `notes`: what was cut to fit the limits (limits.ts); the rest is still served. */
export type Checked<T> = { ok: true; value: T; notes?: string[] } | { ok: false; error: string }

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isUint = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff

function strings(v: unknown, check: (s: string) => unknown): string[] | null {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && check(s))) return null
  return v as string[]
}

export function checkNameRecords(value: unknown): Checked<NameRecords> {
  if (!isObj(value)) return { ok: false, error: 'not an object' }
  const out: NameRecords = {}
  if (value.a !== undefined) {
    const a = strings(value.a, parseIPv4)
    if (!a) return { ok: false, error: 'a: not a list of IPv4 addresses' }
    out.a = a
  }
  if (value.aaaa !== undefined) {
    const aaaa = strings(value.aaaa, (s) => parseIPv6(s) === s)
    if (!aaaa) return { ok: false, error: 'aaaa: not a list of canonical IPv6 addresses' }
    out.aaaa = aaaa
  }
  if (value.txt !== undefined) {
    const txt = strings(value.txt, () => true)
    if (!txt) return { ok: false, error: 'txt: not a list of strings' }
    out.txt = txt
  }
  if (value.cname !== undefined) {
    if (typeof value.cname !== 'string' || hostnameProblem(value.cname)) {
      return { ok: false, error: 'cname: not a host name' }
    }
    out.cname = value.cname
  }
  const notes = [...checkAddedFields(value, out), ...capRecords(out)]
  return notes.length ? { ok: true, value: out, notes } : { ok: true, value: out }
}

/** Each field version 3 added, with the check of one element (null: it may be served). */
const ADDED_LISTS = {
  mx: (v: unknown) => (isObj(v) && typeof v.preference === 'number' && typeof v.exchange === 'string' ? mxProblem(v as unknown as MxRecord) : 'not { preference, exchange }'),
  srv: (v: unknown) =>
    isObj(v) && [v.priority, v.weight, v.port].every((n) => typeof n === 'number') && typeof v.target === 'string'
      ? srvProblem(v as unknown as SrvRecord)
      : 'not { priority, weight, port, target }',
  caa: (v: unknown) => (isObj(v) && typeof v.flags === 'number' && typeof v.tag === 'string' && typeof v.value === 'string' ? caaProblem(v as unknown as CaaRecord) : 'not { flags, tag, value }'),
  ptr: (v: unknown) => (typeof v === 'string' ? targetProblem(v) : 'not a string'),
} as const

/**
 * The fields version 3 added (mx, srv, caa, ptr, ttl). A bad one is left out with a note and
 * the rest of the name is served: the addresses an older agent wrote never depended on them.
 * Lists longer than MAX_RECORDS_PER_TYPE are cut to their first elements.
 */
function checkAddedFields(value: Obj, out: NameRecords): string[] {
  const notes: string[] = []
  for (const [field, problemOf] of Object.entries(ADDED_LISTS) as [keyof typeof ADDED_LISTS, (v: unknown) => string | null][]) {
    const list = value[field]
    if (list === undefined) continue
    const problem = Array.isArray(list) ? list.map(problemOf).find((p): p is string => p !== null) : 'not a list'
    if (problem !== undefined) {
      notes.push(`${field}: ${problem}; ignored`)
      continue
    }
    const items = list as never[]
    if (items.length > MAX_RECORDS_PER_TYPE) notes.push(`${field}: ${items.length} records, first ${MAX_RECORDS_PER_TYPE} served`)
    out[field] = items.slice(0, MAX_RECORDS_PER_TYPE)
  }
  if (value.ttl !== undefined) {
    if (isUint(value.ttl) && value.ttl <= MAX_TTL) out.ttl = value.ttl
    else notes.push(`ttl: ${JSON.stringify(value.ttl)} is not a TTL (0-${MAX_TTL}); the zone's served`)
  }
  return notes
}

/**
 * Cuts a value down to what one name may carry. A conforming agent never writes more; an
 * older or hand-edited value is served in part rather than not at all, and never grows a
 * reply past what a query may cost.
 */
function capRecords(records: NameRecords): string[] {
  const notes: string[] = []
  for (const family of ['a', 'aaaa'] as const) {
    const list = records[family]
    if (list && list.length > MAX_ADDRESSES_PER_FAMILY) {
      notes.push(`${family}: ${list.length} addresses, first ${MAX_ADDRESSES_PER_FAMILY} served`)
      records[family] = list.slice(0, MAX_ADDRESSES_PER_FAMILY)
    }
  }
  if (records.txt) {
    let octets = 0
    const kept: string[] = []
    for (const text of records.txt) {
      octets += utf8(text).length
      if (octets > MAX_TXT_OCTETS || kept.length === MAX_TXT_VALUES) break
      kept.push(text)
    }
    if (kept.length < records.txt.length) {
      notes.push(`txt: over ${MAX_TXT_VALUES} values or ${MAX_TXT_OCTETS} octets, first ${kept.length} served`)
      records.txt = kept
    }
  }
  return notes
}

function isNameServer(v: unknown): v is NameServer {
  return isObj(v) && typeof v.name === 'string' && strings(v.a, parseIPv4) !== null && strings(v.aaaa, parseIPv6) !== null
}

function checkZone(v: unknown): ZoneMeta | string {
  if (!isObj(v) || typeof v.zone !== 'string') return 'zone: missing name'
  const where = `zone ${v.zone}`
  if (!isUint(v.ttl) || !isUint(v.serial)) return `${where}: ttl/serial not unsigned integers`
  if (typeof v.hostmaster !== 'string') return `${where}: hostmaster missing`
  const soa = v.soa
  if (!isObj(soa) || ![soa.refresh, soa.retry, soa.expire, soa.minimum].every(isUint)) {
    return `${where}: bad soa timers`
  }
  if (!Array.isArray(v.ns)) return `${where}: ns missing`
  if (!v.ns.every(isNameServer)) return `${where}: bad name server`
  return v as unknown as ZoneMeta
}

const POLICIES = new Set(['random', 'round_robin', 'sequential'])

function checkForward(v: unknown): boolean {
  if (!isObj(v) || !strings(v.upstreams, (s) => /^https?:\/\//.test(s))) return false
  if ((v.upstreams as string[]).length === 0 || (v.upstreams as string[]).length > 15) return false // CoreDNS: 15 at most
  const maxFails = v.maxFails as number
  const healthCheck = v.healthCheck as number
  return POLICIES.has(v.policy as string) && isUint(maxFails) && maxFails <= 100 && typeof healthCheck === 'number' && healthCheck >= 0 && healthCheck <= 3600
}

export function checkOwnerMeta(value: unknown): Checked<OwnerMeta> {
  if (!isObj(value)) return { ok: false, error: 'not an object' }
  if (!READABLE_VERSIONS.includes(value.version as number)) {
    return { ok: false, error: `record-set version ${String(value.version)} is not one of ${READABLE_VERSIONS.join(', ')}` }
  }
  if (typeof value.owner !== 'string') return { ok: false, error: 'owner missing' }
  if (!Array.isArray(value.zones)) return { ok: false, error: 'zones missing' }
  for (const zone of value.zones) {
    const checked = checkZone(zone)
    if (typeof checked === 'string') return { ok: false, error: checked }
  }
  const ft = value.fallthrough
  if (ft !== null && !(isObj(ft) && strings(ft.zones, () => true))) {
    return { ok: false, error: 'fallthrough: expected null or { zones: string[] }' }
  }
  if (value.upstream !== null && !(typeof value.upstream === 'string' && /^https?:\/\//.test(value.upstream))) {
    return { ok: false, error: 'upstream: expected null or an http(s) URL' }
  }
  if (value.forward !== undefined && !checkForward(value.forward)) {
    return { ok: false, error: 'forward: expected { upstreams: URL[], policy, maxFails, healthCheck }' }
  }
  if (value.serverBlock !== undefined && !strings(value.serverBlock, (s) => s === '' || !hostnameProblem(s))) {
    return { ok: false, error: 'serverBlock: expected a list of zone names' }
  }
  const stamp = value.publisher
  if (stamp !== undefined && !(isObj(stamp) && [stamp.cluster, stamp.holder, stamp.at].every((f) => typeof f === 'string'))) {
    return { ok: false, error: 'publisher: expected { cluster, holder, at } strings' }
  }
  // Neither costs the owner its records: a bad status costs the page its line, a bad
  // heartbeat makes the owner one that is never stale and nowhere in particular (schema.ts).
  const notes: string[] = []
  const meta: Obj = { ...value }
  if (meta.status !== undefined && !checkStatus(meta.status)) {
    delete meta.status
    notes.push('status: expected { publishedAt, agentVersion, names }; ignored')
  }
  if (meta.heartbeat !== undefined) {
    const problem = heartbeatProblem(meta.heartbeat)
    if (problem) {
      delete meta.heartbeat
      notes.push(`heartbeat: ${problem}; ignored`)
    }
  }
  return notes.length ? { ok: true, value: meta as unknown as OwnerMeta, notes } : { ok: true, value: value as unknown as OwnerMeta }
}

/** A day: an agent that promises its next heartbeat later than that is not heartbeating. */
const MAX_HEARTBEAT_SECONDS = 86_400
/** Cloudflare's continent codes and ISO 3166-1 alpha-2 country codes are two capitals. */
const PLACE_CODE = /^[A-Z]{2}$/
const MAX_SERVES = 300

/** Why a heartbeat is unusable, or null; the agent checks its flags against the same rule. */
export function heartbeatProblem(v: unknown): string | null {
  if (!isObj(v)) return 'not an object'
  if (typeof v.at !== 'string' || !RFC3339.test(v.at) || !Number.isFinite(Date.parse(v.at))) return 'at: not an RFC 3339 time'
  if (!Number.isInteger(v.every) || (v.every as number) < 1 || (v.every as number) > MAX_HEARTBEAT_SECONDS) return `every: not a whole number of seconds from 1 to ${MAX_HEARTBEAT_SECONDS}`
  if (v.region !== undefined && !(typeof v.region === 'string' && VERSION.test(v.region))) return 'region: not a short printable name'
  if ((v.latitude === undefined) !== (v.longitude === undefined)) return 'latitude and longitude go together'
  if (v.latitude !== undefined && !(inRange(v.latitude, 90) && inRange(v.longitude, 180))) return 'latitude/longitude: not degrees in range'
  if (v.serves !== undefined && !(strings(v.serves, (s) => PLACE_CODE.test(s)) && (v.serves as string[]).length <= MAX_SERVES)) return 'serves: not a list of two-letter continent or country codes'
  return null
}

/** NaN and ±Infinity fail the comparison, so this is also the finiteness check. */
const inRange = (v: unknown, max: number): boolean => typeof v === 'number' && Math.abs(v) <= max

/** RFC 3339 date-time, the shape only (the page prints it; nothing computes with a bad one). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/
/** Printable ASCII, short: a version goes on a page, not a paragraph. */
const VERSION = /^[\x21-\x7e]{1,64}$/

function checkStatus(v: unknown): v is PublishStatus {
  return (
    isObj(v) &&
    typeof v.publishedAt === 'string' &&
    RFC3339.test(v.publishedAt) &&
    typeof v.agentVersion === 'string' &&
    VERSION.test(v.agentVersion) &&
    isUint(v.names)
  )
}
