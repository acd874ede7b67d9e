/**
 * Queries on the wire: the client's, decoded with bounded work, and the one we send an
 * upstream, re-encoded from the parsed question so nothing the client appended is relayed.
 */
import { className, classCode, typeCode, typeName } from '../../core/dns/codes.ts'
import type { Query, QueryHeader } from '../../core/dns/types.ts'
import { question } from '../../core/dns/types.ts'
import { DohError } from '../errors.ts'
import { labelsToText } from '../../core/dns/labels.ts'
import { MalformedMessage, MessageReader } from './reader.ts'
import { MessageWriter } from './writer.ts'

export const QR = 0x8000
export const AA = 0x0400
export const TC = 0x0200
export const RD = 0x0100
export const RA = 0x0080
export const AD = 0x0020
export const CD = 0x0010
export const OPT = 41
export const OPTION_PADDING = 12
const DNSSEC_OK = 0x8000

/** Our EDNS buffer size: the 2020 DNS flag day value; irrelevant over HTTP but expected. */
export const UDP_PAYLOAD = 1232

export type DecodedQuery =
  | { ok: true; query: Query }
  /** A query we answer with its header alone: FORMERR (unreadable) or NOTIMP (opcode). */
  | { ok: false; header: QueryHeader; rcode: 'FORMERR' | 'NOTIMP'; why: string }

/**
 * Decodes a client's query. Octets that are not a DNS query at all (shorter than a header, or
 * a response) are an HTTP 400; a query we cannot read past its header is FORMERR.
 */
export function decodeQuery(bytes: Uint8Array): DecodedQuery {
  const r = new MessageReader(bytes)
  if (bytes.length < 12) throw new DohError('malformed', `DNS message shorter than a header (${bytes.length} octets)`)
  const h = r.header()
  if (h.flags & QR) throw new DohError('malformed', 'a DNS response was sent where a query belongs')
  const header: QueryHeader = {
    id: h.id,
    opcode: (h.flags >> 11) & 0x0f,
    recursionDesired: Boolean(h.flags & RD),
    checkingDisabled: Boolean(h.flags & CD),
  }
  if (header.opcode !== 0) return { ok: false, header, rcode: 'NOTIMP', why: `opcode ${header.opcode}` }
  if (h.qdcount !== 1) return { ok: false, header, rcode: 'FORMERR', why: `${h.qdcount} questions` }
  try {
    const labels = r.labels()
    const asked = question(labelsToText(labels), typeName(r.u16()), className(r.u16()), labels)
    // Answer and authority sections have no place in a query; reading them bounds nothing
    // new (each record is at least 11 octets), so they are read and ignored like BIND does.
    for (let i = 0; i < h.ancount + h.nscount; i++) skipRecord(r)
    let edns: Query['edns'] = null
    for (let i = 0; i < h.arcount; i++) {
      const start = r.offset
      const owner = r.labels()
      const type = r.u16()
      if (type !== OPT) {
        r.offset = start
        skipRecord(r)
        continue
      }
      // RFC 6891 §6.1.1: one OPT at most, owned by the root.
      if (edns) return { ok: false, header, rcode: 'FORMERR', why: 'more than one OPT record' }
      if (owner.length !== 0) return { ok: false, header, rcode: 'FORMERR', why: 'OPT record not owned by the root' }
      r.u16() // the client's payload size: irrelevant over HTTP
      const ttl = r.u32()
      const rdata = new MessageReader(r.take(r.u16()))
      let padded = false
      while (rdata.remaining > 0) {
        const code = rdata.u16()
        rdata.take(rdata.u16())
        if (code === OPTION_PADDING) padded = true
      }
      edns = { version: (ttl >> 16) & 0xff, dnssecOk: Boolean(ttl & DNSSEC_OK), padded }
    }
    return { ok: true, query: { ...header, question: asked, edns } }
  } catch (err) {
    if (err instanceof MalformedMessage) return { ok: false, header, rcode: 'FORMERR', why: err.message }
    throw err
  }
}

function skipRecord(r: MessageReader): void {
  r.labels()
  r.take(8) // type, class, TTL
  r.take(r.u16())
}

/** The query we relay: the client's question, RD and CD, and EDNS in kind (DO, padding). */
export function encodeQuery(query: Query, id: number): Uint8Array {
  const w = new MessageWriter()
  w.u16(id)
  w.u16((query.recursionDesired ? RD : 0) | (query.checkingDisabled ? CD : 0))
  w.u16(1)
  w.u16(0)
  w.u16(0)
  w.u16(query.edns ? 1 : 0)
  w.name(query.question.name)
  w.u16(typeCode(query.question.type)!)
  w.u16(classCode(query.question.class)!)
  if (query.edns) {
    // RFC 8467 §4.1: clients pad queries to a multiple of 128 octets.
    const unpadded = w.length + 11 + (query.edns.padded ? 4 : 0)
    const pad = query.edns.padded ? (128 - (unpadded % 128)) % 128 : 0
    writeOpt(w, 0, query.edns.dnssecOk, query.edns.padded ? pad : null)
  }
  return w.finish()
}

/** An OPT record (RFC 6891 §6.1.2): `padding` octets of padding when not null. */
export function writeOpt(w: MessageWriter, extendedRcode: number, dnssecOk: boolean, padding: number | null): void {
  w.u8(0) // root owner
  w.u16(OPT)
  w.u16(UDP_PAYLOAD)
  w.u8(extendedRcode)
  w.u8(0) // version 0
  w.u16(dnssecOk ? DNSSEC_OK : 0)
  if (padding === null) return w.u16(0)
  w.u16(4 + padding)
  w.u16(OPTION_PADDING)
  w.u16(padding)
  w.bytes(new Uint8Array(padding))
}
