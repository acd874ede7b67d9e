/**
 * IANA's DNS parameter registries as symmetric lookup pairs (dns-packet keeps them likewise):
 * RR types, classes and rcodes. Types without a mnemonic are "TYPE<n>" and classes "CLASS<n>"
 * (RFC 3597 §5), so every 16-bit value has exactly one name and back.
 */

const TYPES: Record<string, number> = {
  A: 1, NS: 2, MD: 3, MF: 4, CNAME: 5, SOA: 6, MB: 7, MG: 8, MR: 9, NULL: 10, WKS: 11, PTR: 12,
  HINFO: 13, MINFO: 14, MX: 15, TXT: 16, RP: 17, AFSDB: 18, SIG: 24, KEY: 25, AAAA: 28, LOC: 29,
  SRV: 33, NAPTR: 35, KX: 36, CERT: 37, DNAME: 39, OPT: 41, APL: 42, DS: 43, SSHFP: 44,
  IPSECKEY: 45, RRSIG: 46, NSEC: 47, DNSKEY: 48, DHCID: 49, NSEC3: 50, NSEC3PARAM: 51, TLSA: 52,
  SMIMEA: 53, HIP: 55, CDS: 59, CDNSKEY: 60, OPENPGPKEY: 61, CSYNC: 62, ZONEMD: 63, SVCB: 64,
  HTTPS: 65, SPF: 99, EUI48: 108, EUI64: 109, TKEY: 249, TSIG: 250, IXFR: 251, AXFR: 252,
  MAILB: 253, MAILA: 254, ANY: 255, URI: 256, CAA: 257, DLV: 32769,
}
const TYPE_NAMES = new Map(Object.entries(TYPES).map(([name, code]) => [code, name]))
/** Mnemonic -> code as we spell them: every record we encode asks, so one Map lookup (a Map has no prototype keys). */
const TYPE_CODES = new Map(Object.entries(TYPES))

const CLASSES: Record<string, number> = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 }
const CLASS_NAMES = new Map(Object.entries(CLASSES).map(([name, code]) => [code, name]))
/** The same for classes: every question we write asks. */
const CLASS_CODES = new Map(Object.entries(CLASSES))

/** RFC 6895 §2.3; BADVERS is 16, carried in the OPT record's extended bits. */
const RCODES = {
  NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, YXDOMAIN: 6, YXRRSET: 7,
  NXRRSET: 8, NOTAUTH: 9, NOTZONE: 10, BADVERS: 16,
} as const
export type RcodeName = keyof typeof RCODES
const RCODE_NAMES = new Map<number, RcodeName>(Object.entries(RCODES).map(([name, code]) => [code, name as RcodeName]))

export function typeName(code: number): string {
  return TYPE_NAMES.get(code) ?? `TYPE${code}`
}

/** The code of a mnemonic or "TYPE<n>" (case-insensitive), or null when neither. */
export function typeCode(name: string): number | null {
  return TYPE_CODES.get(name) ?? lookupCode(name, TYPES, 'TYPE')
}

export function className(code: number): string {
  return CLASS_NAMES.get(code) ?? `CLASS${code}`
}

export function classCode(name: string): number | null {
  return CLASS_CODES.get(name) ?? lookupCode(name, CLASSES, 'CLASS')
}

export function rcodeNumber(rcode: RcodeName): number {
  return RCODES[rcode]
}

/** The name of an rcode, or null for values no registry row names. */
export function rcodeName(code: number): RcodeName | null {
  return RCODE_NAMES.get(code) ?? null
}

/** A mnemonic in any case, or "<prefix><n>"; the callers have tried the exact spelling first. */
function lookupCode(name: string, table: Record<string, number>, prefix: string): number | null {
  const upper = name.toUpperCase()
  if (Object.hasOwn(table, upper)) return table[upper]!
  const generic = new RegExp(`^${prefix}(\\d{1,5})$`).exec(upper)
  if (!generic) return null
  const code = Number(generic[1])
  return code <= 0xffff ? code : null
}
