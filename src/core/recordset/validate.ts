/**
 * Checks values read from KV before the worker trusts them: KV may hold data from an older or
 * newer agent, or be edited by hand. A bad value is reported and treated as absent, never thrown.
 */
import { parseIPv4, parseIPv6 } from '../dns/addresses.ts'
import { hostnameProblem } from '../dns/names.ts'
import type { NameRecords, NameServer, OwnerMeta, ZoneMeta } from './schema.ts'
import { SCHEMA_VERSION } from './schema.ts'

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string }

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
  return { ok: true, value: out }
}

function checkNameServer(v: unknown): NameServer | null {
  if (!isObj(v) || typeof v.name !== 'string') return null
  const a = strings(v.a, parseIPv4)
  const aaaa = strings(v.aaaa, parseIPv6)
  return a && aaaa ? { name: v.name, a, aaaa } : null
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
  const ns = v.ns.map(checkNameServer)
  if (ns.some((n) => n === null)) return `${where}: bad name server`
  return v as unknown as ZoneMeta
}

export function checkOwnerMeta(value: unknown): Checked<OwnerMeta> {
  if (!isObj(value)) return { ok: false, error: 'not an object' }
  if (value.version !== SCHEMA_VERSION) {
    return { ok: false, error: `record-set version ${String(value.version)} is not ${SCHEMA_VERSION}` }
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
  const stamp = value.publisher
  if (stamp !== undefined && !(isObj(stamp) && [stamp.cluster, stamp.holder, stamp.at].every((f) => typeof f === 'string'))) {
    return { ok: false, error: 'publisher: expected { cluster, holder, at } strings' }
  }
  return { ok: true, value: value as unknown as OwnerMeta }
}
