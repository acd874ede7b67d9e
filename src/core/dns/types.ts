/**
 * DNS values the pure core works with, from the decoded query to the reply the wire and JSON
 * encoders render. Names are presentation text (RFC 1035 §5.1, see labels.ts): ASCII, with any
 * other octet, a dot inside a label or a backslash escaped, so no two wire names share a text.
 */
import type { SoaTimers, ZoneMeta } from '../recordset/schema.ts'
import type { RcodeName } from './codes.ts'
import { normalizeName } from './names.ts'

export interface Question {
  /** As sent, case kept (0x20-randomised resolvers compare it byte for byte). */
  name: string
  /** The name as records are keyed: ASCII case folded (RFC 4343), folded once at decode. */
  folded: string
  /** The name's label octets as the client sent them, when decoded from the wire (the echo copies them). */
  labels?: readonly Uint8Array[]
  /** Mnemonic ("A", "AAAA", ...), RFC 3597 "TYPE<n>" for types without one (rrtypes.ts). */
  type: string
  /** "IN", or "CH", "HS", "ANY", RFC 3597 "CLASS<n>". */
  class: string
}

/** A question, its name folded once for every later step. */
export function question(name: string, type: string, klass = 'IN', labels?: readonly Uint8Array[]): Question {
  return labels ? { name, folded: normalizeName(name), type, class: klass, labels } : { name, folded: normalizeName(name), type, class: klass }
}

/** What every reply echoes of its query's header (RFC 1035 §4.1.1). */
export interface QueryHeader {
  id: number
  opcode: number
  recursionDesired: boolean
  checkingDisabled: boolean
}

/** A decoded query: its header and its one question. */
export interface Query extends QueryHeader {
  question: Question
  edns: Edns | null
}

export interface Edns {
  version: number
  /** DNSSEC OK: copied into the reply (RFC 3225 §3). */
  dnssecOk: boolean
  /** The client padded its query, so the reply is padded too (RFC 8467 §4.1). */
  padded: boolean
}

/** SOA RDATA: the zone's timers plus who and which version (RFC 1035 §3.3.13). */
export interface SoaData extends SoaTimers {
  mname: string
  rname: string
  serial: number
}

interface RRBase {
  name: string
  ttl: number
}

export type RR =
  | (RRBase & { type: 'A' | 'AAAA' | 'CNAME' | 'NS' | 'PTR' | 'DNAME'; data: string })
  /** Character-strings as octets, each at most 255 (RFC 1035 §3.3.14). */
  | (RRBase & { type: 'TXT'; data: Uint8Array[] })
  | (RRBase & { type: 'SOA'; data: SoaData })
  | (RRBase & { type: 'MX'; data: { preference: number; exchange: string } })
  | (RRBase & { type: 'SRV'; data: { priority: number; weight: number; port: number; target: string } })
  /** RFC 8659 §4.1: the value is octets to the end of the RDATA (ours: UTF-8 text). */
  | (RRBase & { type: 'CAA'; data: { flags: number; tag: string; value: Uint8Array } })
  /** Any other type, as relayed: its RDATA untouched (RFC 3597 §5 presentation). */
  | (RRBase & { type: 'OTHER'; code: number; data: Uint8Array })

/** Rcodes by name (codes.ts has the numbers). */
export type Rcode = RcodeName

/**
 * A reply before it is put on the wire or into JSON: the one value from resolve() to both
 * encoders, whether we made it or an upstream did.
 */
export interface Reply {
  rcode: Rcode
  /** Authoritative Answer: set for every name inside one of our zones. */
  aa: boolean
  /** Recursion Available / Authentic Data: an upstream's, for relayed replies. */
  ra: boolean
  ad: boolean
  /** The upstream truncated its reply (we never truncate our own below 65,535 octets). */
  tc: boolean
  /**
   * Header only, no question echoed: FORMERR for a query we could not read (as BIND answers)
   * and NOTIMP for other opcodes.
   */
  headerOnly: boolean
  answers: RR[]
  authorities: RR[]
  additionals: RR[]
}

/** A reply with nothing in it but its rcode. */
export function emptyReply(rcode: Rcode, headerOnly = false): Reply {
  return { rcode, aa: false, ra: false, ad: false, tc: false, headerOnly, answers: [], authorities: [], additionals: [] }
}

/**
 * Outcome of looking a question up in the records (CoreDNS file plugin's Result, closed):
 * consumers switch over `kind` exhaustively.
 */
export type LookupResult =
  | { kind: 'answer'; zone: ZoneMeta; answers: RR[]; additionals: RR[] }
  /** `emptyNonTerminal`: the name exists only because names below it do (RFC 8020). */
  | { kind: 'nodata'; zone: ZoneMeta; emptyNonTerminal: boolean }
  | { kind: 'nxdomain'; zone: ZoneMeta }
  /** Not ours, but inside the server block: the upstream may answer (CoreDNS `forward`). */
  | { kind: 'outside' }
  /** Outside every key of the server block, or not class IN: CoreDNS never sees it. */
  | { kind: 'refused' }
