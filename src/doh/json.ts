/**
 * The de-facto DNS JSON API served by dns.google and 1.1.1.1 (`/resolve?name=&type=`, or
 * `/dns-query` with `accept: application/dns-json`), for browser JavaScript. It answers from
 * the same pipeline as wire DoH; only the rendering differs.
 */
import { rcodeNumber, typeCode, typeName } from '../core/dns/codes.ts'
import { binaryString, labelsToText, textToLabels } from '../core/dns/labels.ts'
import { fqdn, rdataText } from '../core/dns/presentation.ts'
import type { Query, Reply, RR } from '../core/dns/types.ts'
import { question } from '../core/dns/types.ts'
import { DohError } from './errors.ts'

export interface JsonRR {
  name: string
  type: number
  TTL: number
  data: string
}

export interface JsonReply {
  Status: number
  TC: boolean
  RD: boolean
  RA: boolean
  AD: boolean
  CD: boolean
  Question: { name: string; type: number }[]
  Answer?: JsonRR[]
  Authority?: JsonRR[]
}

const utf8 = new TextEncoder()

/**
 * The query of `name`, `type` (mnemonic, RFC 3597 "TYPE<n>" or number; default A) and `cd`.
 * The name is text as a person types it: UTF-8 octets per label (so "é" counts two octets
 * against the 63-octet limit), with RFC 1035 escapes (`\.`, `\DDD`) allowed.
 */
export function jsonQuery(name: string | undefined, type: string | undefined, cd: string | undefined): Query {
  if (!name) throw new DohError('missing-dns', 'missing "name" query parameter')
  const labels = textToLabels(binaryString(utf8.encode(name)))
  if (typeof labels === 'string') throw new DohError('malformed', `"${name}" is not a valid domain name: ${labels}`)
  return {
    id: 0,
    opcode: 0,
    recursionDesired: true,
    checkingDisabled: ['1', 'true'].includes(cd ?? ''),
    question: question(labelsToText(labels), jsonType(type ?? 'A')),
    edns: null,
  }
}

function jsonType(text: string): string {
  const code = /^\d{1,5}$/.test(text) ? Number(text) : typeCode(text)
  if (code === null || code > 0xffff) {
    throw new DohError('malformed', `unknown record type "${text}": use a mnemonic, TYPE<n> or a number 0-65535`)
  }
  return typeName(code)
}

export function toJson(query: Query, reply: Reply): JsonReply {
  return {
    Status: rcodeNumber(reply.rcode),
    TC: reply.tc,
    RD: query.recursionDesired,
    RA: reply.ra,
    AD: reply.ad,
    CD: query.checkingDisabled,
    Question: [{ name: fqdn(query.question.name), type: typeCode(query.question.type)! }],
    ...section('Answer', reply.answers),
    ...section('Authority', reply.authorities),
  }
}

function section(key: 'Answer' | 'Authority', rrs: RR[]): Partial<JsonReply> {
  return rrs.length ? { [key]: rrs.map(jsonRR) } : {}
}

function jsonRR(rr: RR): JsonRR {
  return { name: fqdn(rr.name), type: rr.type === 'OTHER' ? rr.code : typeCode(rr.type)!, TTL: rr.ttl, data: rdataText(rr) }
}
