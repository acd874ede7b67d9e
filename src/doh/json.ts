/**
 * The de-facto DNS JSON API served by dns.google and 1.1.1.1 (`/resolve?name=&type=`, or
 * `/dns-query` with `accept: application/dns-json`), for browser JavaScript. It answers from
 * the same pipeline as wire DoH; only the rendering differs.
 */
import type { RR } from '../core/dns/types.ts'
import type { Question } from '../core/dns/types.ts'
import { normalizeName } from '../core/dns/names.ts'
import type { Resolved } from '../resolve.ts'
import { DohError } from './errors.ts'
import { rcodeNumber, typeName, typeNumber } from './wire.ts'

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

/** `name` and `type` (mnemonic or number, default A) from the query string. */
export function jsonQuestion(name: string | undefined, type: string | undefined): Question {
  if (!name) throw new DohError('missing-dns', 'missing "name" query parameter')
  const bare = normalizeName(name) // "" is the root, a valid question
  const badLabel = bare !== '' && bare.split('.').some((label) => label.length === 0 || label.length > 63)
  if (bare.length > 253 || badLabel) throw new DohError('malformed', `"${name}" is not a valid domain name`)
  const wanted = (type ?? 'A').toUpperCase()
  const mnemonic = /^\d+$/.test(wanted) ? typeName(Number(wanted)) : wanted
  if (typeNumber(mnemonic) === null || Number(wanted) > 65535) {
    throw new DohError('malformed', `unknown record type "${type}"`)
  }
  return { name: name.endsWith('.') && name !== '.' ? name.slice(0, -1) : name, type: mnemonic, class: 'IN' }
}

export function toJson(question: Question, resolved: Resolved, checkingDisabled: boolean): JsonReply {
  const qname = fqdn(question.name)
  const base = { Question: [{ name: qname, type: typeNumber(question.type) ?? 0 }] }
  if (resolved.reply) {
    const r = resolved.reply
    return {
      Status: rcodeNumber(r.rcode),
      TC: false,
      RD: true,
      RA: false,
      AD: false,
      CD: checkingDisabled,
      ...base,
      ...section('Answer', r.answers),
      ...section('Authority', r.authorities),
    }
  }
  const relayed = resolved.relayed
  if (!relayed) throw new Error('a resolved reply is either our own or relayed')
  return {
    Status: relayed.rcode,
    TC: relayed.flags.tc,
    RD: relayed.flags.rd,
    RA: relayed.flags.ra,
    AD: relayed.flags.ad,
    CD: relayed.flags.cd,
    ...base,
    ...section('Answer', relayed.answers),
    ...section('Authority', relayed.authorities),
  }
}

function section(key: 'Answer' | 'Authority', rrs: RR[]): Partial<JsonReply> {
  return rrs.length ? { [key]: rrs.map(jsonRR) } : {}
}

function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`
}

function jsonRR(rr: RR): JsonRR {
  return { name: fqdn(rr.name), type: typeNumber(rr.type) ?? 0, TTL: rr.ttl, data: rdataText(rr) }
}

/** Presentation format of RDATA, as the JSON APIs print it. */
function rdataText(rr: RR): string {
  switch (rr.type) {
    case 'A':
    case 'AAAA':
      return rr.data
    case 'CNAME':
    case 'NS':
      return fqdn(rr.data)
    case 'TXT':
      return rr.data.map((s) => `"${String(s).replace(/["\\]/g, '\\$&')}"`).join(' ')
    case 'SOA': {
      const d = rr.data
      return `${fqdn(d.mname)} ${fqdn(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`
    }
    default:
      return String((rr as { data: unknown }).data)
  }
}
