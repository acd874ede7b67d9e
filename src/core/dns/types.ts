/**
 * DNS values the pure core works with. Shapes match dns-packet's so the wire adapter
 * (src/doh/wire.ts) passes them through, but nothing here depends on that library.
 */
import type { ZoneMeta } from '../recordset/schema.ts'

export interface Question {
  /** As sent, case kept (0x20-randomised resolvers compare it byte for byte). */
  name: string
  /** Mnemonic ("A", "AAAA", ...); dns-packet spells unknown types "UNKNOWN_<n>". */
  type: string
  class: string
}

export interface SoaData {
  mname: string
  rname: string
  serial: number
  refresh: number
  retry: number
  expire: number
  minimum: number
}

interface RRBase {
  name: string
  ttl: number
  class?: 'IN'
}

export type RR =
  | (RRBase & { type: 'A' | 'AAAA' | 'CNAME' | 'NS'; data: string })
  | (RRBase & { type: 'TXT'; data: string[] })
  | (RRBase & { type: 'SOA'; data: SoaData })

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED'

/** An authoritative reply before it is put on the wire. */
export interface Reply {
  rcode: Rcode
  /** Authoritative Answer: set for every name inside one of our zones. */
  aa: boolean
  answers: RR[]
  authorities: RR[]
  additionals: RR[]
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
  | { kind: 'outside' }
