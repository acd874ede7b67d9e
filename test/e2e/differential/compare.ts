/**
 * Normalizes two DNS replies so they can be compared, and prints them for a diff table.
 *
 * What is compared: the rcode, the AA bit, and the answer, authority and additional sections as
 * sets of records (owner, type, TTL, data). Normalization:
 * - owner names and name-valued data (NS, CNAME, SOA MNAME/RNAME) are compared in lower case:
 *   names compare case-insensitively (RFC 4343), and k8s_gateway answers A/AAAA with the owner
 *   lower-cased while keeping the asked case for the SOA owner; we keep the asked case everywhere;
 * - the SOA serial is not compared (README "Where we differ", row "SOA serial": theirs is a
 *   constant 12345 in v0.4.0, ours a hash of the zone settings); `serialDiffers` counts them;
 * - records are sorted (order within a section carries no meaning, RFC 2181 §5);
 * - OPT pseudo-records are dropped (EDNS is not part of this comparison).
 * TTLs ARE compared: neither side caches (CoreDNS has no `cache` plugin here, the worker runs with
 * CACHE_SECONDS=0), so both must give the configured `ttl` for records and the fixed SOA TTL (60)
 * for SOA, NS and glue.
 */
import type { DnsMessage } from '../harness/dns.ts'

export const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'] as const

export interface Rec {
  name: string
  type: string
  ttl: number
  data: string
}

export interface Reply {
  rcode: string
  aa: boolean
  answer: Rec[]
  authority: Rec[]
  additional: Rec[]
  /** SOA serials seen (any section), for the serial statistic only. */
  serials: number[]
  /** Set when the reply could not be decoded: its header fields and bytes. */
  undecodable?: { rcode: string; qdcount: number; hex: string }
}

const lower = (s: unknown): string => String(s ?? '').toLowerCase().replace(/\.$/, '')

function dataOf(rr: { type: string; data?: unknown }): string {
  const d = rr.data as any
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return String(d)
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return lower(d)
    case 'SOA':
      return `${lower(d.mname)} ${lower(d.rname)} <serial> ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`
    case 'TXT':
      return (Array.isArray(d) ? d : [d]).map((b: Uint8Array | string) => JSON.stringify(typeof b === 'string' ? b : Buffer.from(b).toString('utf8'))).join(' ')
    default:
      return typeof d === 'object' && d !== null && !(d instanceof Uint8Array) ? JSON.stringify(d) : Buffer.from(d ?? []).toString('hex')
  }
}

function records(list: readonly any[] | undefined, serials: number[]): Rec[] {
  return (list ?? [])
    .filter((rr) => rr.type !== 'OPT')
    .map((rr) => {
      if (rr.type === 'SOA') serials.push(rr.data.serial)
      return { name: lower(rr.name), type: rr.type as string, ttl: rr.ttl ?? 0, data: dataOf(rr) }
    })
    .sort((a, b) => recText(a).localeCompare(recText(b)))
}

export function normalize(msg: DnsMessage): Reply {
  const serials: number[] = []
  const flags = msg.flags ?? 0
  return {
    rcode: RCODES[flags & 0x0f] ?? `RCODE${flags & 0x0f}`,
    aa: (flags & 0x0400) !== 0,
    answer: records(msg.answers, serials),
    authority: records(msg.authorities, serials),
    additional: records(msg.additionals, serials),
    serials,
  }
}

/**
 * A reply dns-packet cannot decode (e.g. a question section with an empty label): the header
 * says what it meant, the bytes go into the report.
 */
export function undecodable(raw: Uint8Array): Reply {
  const flags = raw.length >= 4 ? (raw[2]! << 8) | raw[3]! : 0
  const rcode = RCODES[flags & 0x0f] ?? `RCODE${flags & 0x0f}`
  const qdcount = raw.length >= 6 ? (raw[4]! << 8) | raw[5]! : 0
  const hex = Buffer.from(raw).toString('hex')
  return { rcode: `UNDECODABLE(${rcode})`, aa: (flags & 0x0400) !== 0, answer: [], authority: [], additional: [], serials: [], undecodable: { rcode, qdcount, hex } }
}

export const recText = (r: Rec): string => `${r.name} ${r.ttl} ${r.type} ${r.data}`

const section = (rs: Rec[]): string => rs.map(recText).join(' | ')

export function sameReply(a: Reply, b: Reply): boolean {
  return (
    a.rcode === b.rcode &&
    a.aa === b.aa &&
    section(a.answer) === section(b.answer) &&
    section(a.authority) === section(b.authority) &&
    section(a.additional) === section(b.additional)
  )
}

/** Equal but for TTLs (reported separately, so a TTL-only difference is obvious). */
export function sameButTtl(a: Reply, b: Reply): boolean {
  const noTtl = (rs: Rec[]): string => rs.map((r) => recText({ ...r, ttl: 0 })).join(' | ')
  return (
    a.rcode === b.rcode &&
    a.aa === b.aa &&
    noTtl(a.answer) === noTtl(b.answer) &&
    noTtl(a.authority) === noTtl(b.authority) &&
    noTtl(a.additional) === noTtl(b.additional)
  )
}

export const serialDiffers = (a: Reply, b: Reply): boolean =>
  a.serials.length > 0 && b.serials.length > 0 && a.serials.some((s) => !b.serials.includes(s))

/** One line: `NXDOMAIN aa an=[] ns=[SOA example.com] ar=[]`. */
export function showReply(r: Reply): string {
  const brief = (rs: Rec[]): string =>
    rs.map((x) => (x.type === 'SOA' ? `${x.ttl} SOA ${x.name}` : `${x.name === '' ? '.' : x.name} ${x.ttl} ${x.type} ${x.data}`)).join(', ')
  const parts = [`${r.rcode}${r.aa ? ' aa' : ''}`]
  if (r.undecodable) return `${parts[0]} bytes=${r.undecodable.hex}`
  parts.push(`an=[${brief(r.answer)}]`)
  if (r.authority.length) parts.push(`ns=[${brief(r.authority)}]`)
  if (r.additional.length) parts.push(`ar=[${brief(r.additional)}]`)
  return parts.join(' ')
}

// ---- shapes used by the known-difference predicates

const onlySoa = (r: Reply): boolean => r.authority.length === 1 && r.authority[0]!.type === 'SOA'

/** NXDOMAIN with the zone's SOA in authority. */
export const isNxdomain = (r: Reply): boolean => r.rcode === 'NXDOMAIN' && r.answer.length === 0 && onlySoa(r)
/** NOERROR, no answer, the zone's SOA in authority (RFC 2308 NODATA). */
export const isNodata = (r: Reply): boolean => r.rcode === 'NOERROR' && r.answer.length === 0 && onlySoa(r)
/** NOERROR with at least one answer record. */
export const hasAnswer = (r: Reply): boolean => r.rcode === 'NOERROR' && r.answer.length > 0
/** Answer records as `type data`, for subset checks. */
export const answerData = (r: Reply): string[] => r.answer.map((x) => `${x.type} ${x.data}`)
