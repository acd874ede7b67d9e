/**
 * The only module that touches dns-packet: wire bytes <-> the core's values. It owns the
 * library's quirks: rcode travels in the low bits of `flags`, EDNS lives in an OPT record,
 * and decode errors are thrown as plain Errors.
 */
import { Buffer } from 'node:buffer'
import * as packet from 'dns-packet'
import * as types from 'dns-packet/types.js'
import type { Question, Rcode, Reply, RR } from '../core/dns/types.ts'

export interface Edns {
  version: number
  /** DNSSEC OK: copied into the reply (RFC 3225 §3). */
  dnssecOk: boolean
  /** The client padded its query, so the reply is padded too (RFC 8467 §4.1). */
  padded: boolean
}

export interface Query {
  id: number
  opcode: string
  recursionDesired: boolean
  checkingDisabled: boolean
  questions: Question[]
  edns: Edns | null
}

export class WireError extends Error {}

const QR = 0x8000
const AA = 0x0400
const RD = 0x0100
const CD = 0x0010
const OPCODES: Record<string, number> = { QUERY: 0, IQUERY: 1, STATUS: 2, NOTIFY: 4, UPDATE: 5 }
const RCODES: Record<Rcode | 'BADVERS', number> = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  BADVERS: 16,
}
/** Our EDNS buffer size: the 2020 DNS flag day value; irrelevant over HTTP but expected. */
const UDP_PAYLOAD = 1232
/** RFC 8467 §4.1: servers pad responses to a multiple of 468 octets. */
const PADDING_BLOCK = 468
const OPTION_PADDING = 12

export function decodeQuery(bytes: Uint8Array): Query {
  let msg: packet.Packet
  try {
    msg = packet.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch (err) {
    throw new WireError(`malformed DNS message: ${(err as Error).message}`)
  }
  if (msg.type !== 'query') throw new WireError('a DNS response was sent where a query belongs')
  const opt = (msg.additionals ?? []).find((rr) => rr.type === 'OPT') as packet.OptAnswer | undefined
  return {
    id: msg.id ?? 0,
    opcode: (msg as { opcode?: string }).opcode ?? 'QUERY',
    recursionDesired: Boolean((msg.flags ?? 0) & RD),
    checkingDisabled: Boolean((msg.flags ?? 0) & CD),
    questions: (msg.questions ?? []).map((q) => ({ name: q.name, type: q.type, class: q.class ?? 'IN' })),
    edns: opt
      ? {
          version: (opt as { ednsVersion?: number }).ednsVersion ?? 0,
          dnssecOk: Boolean(opt.flags && opt.flags & 0x8000),
          padded: (opt.options ?? []).some((o) => Number(o.code) === OPTION_PADDING),
        }
      : null,
  }
}

/** A reply to `query`: ID, opcode, RD, CD and the question echoed; EDNS answered in kind. */
export function encodeReply(query: Query, reply: Reply, extended?: 'BADVERS'): Uint8Array {
  const rcode = RCODES[extended ?? reply.rcode]
  const flags =
    ((OPCODES[query.opcode] ?? 0) << 11) |
    (reply.aa ? AA : 0) |
    (query.recursionDesired ? RD : 0) |
    (query.checkingDisabled ? CD : 0) |
    (rcode & 0x0f)
  const additionals: packet.Answer[] = reply.additionals.map(toPacketRR)
  const msg: packet.Packet = {
    id: query.id,
    type: 'response',
    flags: flags | QR,
    questions: query.questions.map((q) => ({ name: q.name, type: q.type as packet.RecordType, class: q.class as packet.RecordClass })),
    answers: reply.answers.map(toPacketRR),
    authorities: reply.authorities.map(toPacketRR),
    additionals,
  }
  if (query.edns) {
    const opt = {
      name: '.',
      type: 'OPT',
      udpPayloadSize: UDP_PAYLOAD,
      extendedRcode: rcode >> 4,
      ednsVersion: 0,
      flags: query.edns.dnssecOk ? 0x8000 : 0,
      options: [] as { code: number; length?: number }[],
    }
    additionals.push(opt as unknown as packet.Answer)
    if (query.edns.padded) {
      const unpadded = packet.encodingLength(msg) + 4 // the option's own code and length
      opt.options.push({ code: OPTION_PADDING, length: (PADDING_BLOCK - (unpadded % PADDING_BLOCK)) % PADDING_BLOCK })
    }
  }
  return new Uint8Array(packet.encode(msg))
}

function toPacketRR(rr: RR): packet.Answer {
  return { ...rr, class: 'IN' } as packet.Answer
}

/** Sets the ID of a message we relay (an upstream reply) to the client's. */
export function withId(bytes: Uint8Array, id: number): Uint8Array {
  const out = new Uint8Array(bytes)
  if (out.length >= 2) {
    out[0] = id >> 8
    out[1] = id & 0xff
  }
  return out
}

/** A query of our own making: the JSON API's question in wire form, for the shared pipeline. */
export function queryFor(question: Question, checkingDisabled: boolean): { query: Query; raw: Uint8Array } {
  const query: Query = {
    id: 0,
    opcode: 'QUERY',
    recursionDesired: true,
    checkingDisabled,
    questions: [question],
    edns: null,
  }
  const raw = packet.encode({
    id: 0,
    type: 'query',
    flags: RD | (checkingDisabled ? CD : 0),
    questions: [{ name: question.name, type: question.type as packet.RecordType, class: 'IN' }],
  })
  return { query, raw: new Uint8Array(raw) }
}

/** Type mnemonic <-> number (the JSON API speaks numbers); null for an unknown mnemonic. */
export function typeNumber(type: string): number | null {
  const n = types.toType(type)
  return n === 0 ? null : n
}

export function typeName(n: number): string {
  return types.toString(n)
}

export interface DecodedReply {
  rcode: number
  flags: { tc: boolean; rd: boolean; ra: boolean; ad: boolean; cd: boolean }
  answers: RR[]
  authorities: RR[]
}

/** Decodes a reply we relay from upstream, for the JSON API. */
export function decodeReply(bytes: Uint8Array): DecodedReply {
  const msg = packet.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  const flags = msg.flags ?? 0
  const rrs = (list: packet.Answer[] | undefined): RR[] =>
    (list ?? []).filter((rr) => rr.type !== 'OPT') as unknown as RR[]
  return {
    rcode: flags & 0x0f,
    flags: {
      tc: Boolean(flags & 0x0200),
      rd: Boolean(flags & RD),
      ra: Boolean(flags & 0x0080),
      ad: Boolean(flags & 0x0020),
      cd: Boolean(flags & CD),
    },
    answers: rrs(msg.answers),
    authorities: rrs(msg.authorities),
  }
}

export function rcodeNumber(rcode: Rcode): number {
  return RCODES[rcode]
}
