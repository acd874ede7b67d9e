/**
 * A DNSEndpoint target as external-dns writes it, parsed into the record it stands for:
 * MX "10 mail.example.com", SRV "10 5 5060 sip.example.com", CAA `0 issue "letsencrypt.org"`,
 * CNAME and PTR a host name. Each returns the record, or why the target cannot be served;
 * the rules a value must keep are src/core/dns/record-data.ts's, the worker's too.
 */
import { normalizeName } from '../../src/core/dns/names.ts'
import { caaProblem, mxProblem, srvProblem, targetProblem } from '../../src/core/dns/record-data.ts'
import type { CaaRecord, MxRecord, SrvRecord } from '../../src/core/recordset/schema.ts'

export type Parsed<T> = { value: T } | { problem: string }

const NUMBER = /^\d{1,5}$/

function fields(target: string, count: number, shape: string): string[] | string {
  const parts = target.trim().split(/\s+/)
  return parts.length === count && parts.slice(0, -1).every((p) => NUMBER.test(p)) ? parts : `expected "${shape}"`
}

/** A host name as a target: absolute whether or not it ends in a dot, "." the root. */
export function parseHost(target: string, rootAllowed = false): Parsed<string> {
  const host = normalizeName(target.trim())
  const problem = targetProblem(host, rootAllowed)
  return problem ? { problem } : { value: host }
}

export function parseMx(target: string): Parsed<MxRecord> {
  const parts = fields(target, 2, 'preference host')
  if (typeof parts === 'string') return { problem: parts }
  const mx = { preference: Number(parts[0]), exchange: normalizeName(parts[1]!) }
  const problem = mxProblem(mx)
  return problem ? { problem } : { value: mx }
}

export function parseSrv(target: string): Parsed<SrvRecord> {
  const parts = fields(target, 4, 'priority weight port host')
  if (typeof parts === 'string') return { problem: parts }
  const [priority, weight, port] = parts.slice(0, 3).map(Number) as [number, number, number]
  const srv = { priority, weight, port, target: normalizeName(parts[3]!) }
  const problem = srvProblem(srv)
  return problem ? { problem } : { value: srv }
}

/** `flags tag value`; the value quoted (RFC 8659 §4.1.1 presentation, `\"` and `\\` escaped) or one bare word. */
const CAA = /^(\d{1,3})\s+(\S+)\s+(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))$/

export function parseCaa(target: string): Parsed<CaaRecord> {
  const m = CAA.exec(target.trim())
  if (!m) return { problem: 'expected "flags tag value"' }
  const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[4]!
  const caa = { flags: Number(m[1]), tag: m[2]!, value }
  const problem = caaProblem(caa)
  return problem ? { problem } : { value: caa }
}
