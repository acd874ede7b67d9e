/**
 * Replies on the wire: ours and relayed ones alike are encoded from the core Reply, and an
 * upstream's reply is decoded into one after checking it answers what we asked (CoreDNS
 * forward's match check). No message we send exceeds 65,535 octets: whole RRsets that do not
 * fit are left out and TC is set (RFC 2181 §9).
 */
import { asciiLower } from '../../core/dns/names.ts'
import { classCode, rcodeName, rcodeNumber, typeCode, typeName } from '../../core/dns/codes.ts'
import type { Query, QueryHeader, Reply, RR } from '../../core/dns/types.ts'
import { MAX_MESSAGE_OCTETS } from '../../core/limits.ts'
import { decodeRdata, encodeRdata, rrCode } from './rdata.ts'
import { MalformedMessage, MessageReader } from './reader.ts'
import { AA, AD, CD, OPT, QR, RA, RD, TC, writeOpt } from './query.ts'
import { MessageWriter } from './writer.ts'

/** RFC 8467 §4.1: servers pad responses to a multiple of 468 octets. */
const PADDING_BLOCK = 468
/** An OPT record with an empty padding option: what we keep room for. */
const OPT_OCTETS = 11 + 4

const IN = 1

/**
 * A reply to `query`: ID, opcode, RD and CD echoed, the question as the client spelled it, EDNS
 * answered in kind. A header-only reply (FORMERR, NOTIMP) carries no question and no OPT.
 */
export function encodeReply(query: QueryHeader & Partial<Query>, reply: Reply): Uint8Array {
  const rcode = rcodeNumber(reply.rcode)
  const question = reply.headerOnly ? undefined : query.question
  const edns = reply.headerOnly ? null : (query.edns ?? null)
  const w = new MessageWriter()
  w.u16(query.id)
  const flagsAt = w.length
  w.u16(0)
  w.u16(question ? 1 : 0)
  const countsAt = w.length
  w.u16(0)
  w.u16(0)
  w.u16(0)
  if (question) {
    w.name(question.name, true, question.labels)
    w.u16(typeCode(question.type)!)
    w.u16(classCode(question.class)!)
  }
  const limit = MAX_MESSAGE_OCTETS - (edns ? OPT_OCTETS : 0)
  let truncated = reply.tc
  const counts = [0, 0, 0]
  const sections = [reply.answers, reply.authorities, reply.additionals]
  for (let i = 0; i < 3; i++) {
    const records = sections[i]!
    const written = writeSection(w, records, limit)
    counts[i] = written
    if (written < records.length) {
      // RFC 2181 §9: TC only when the answer or authority is incomplete, not for extra data.
      if (i < 2) truncated = true
      break
    }
  }
  if (edns) {
    const padding = edns.padded ? paddingFor(w.length + OPT_OCTETS) : null
    writeOpt(w, rcode >> 4, edns.dnssecOk, padding)
    counts[2]!++
  }
  const flags =
    QR |
    ((query.opcode & 0x0f) << 11) |
    (reply.aa ? AA : 0) |
    (truncated ? TC : 0) |
    (query.recursionDesired ? RD : 0) |
    (reply.ra ? RA : 0) |
    (reply.ad ? AD : 0) |
    (query.checkingDisabled ? CD : 0) |
    (rcode & 0x0f)
  w.patch16(flagsAt, flags)
  for (let i = 0; i < 3; i++) w.patch16(countsAt + 2 * i, counts[i]!)
  return w.finish()
}

/** Padding that brings a message to the next 468-octet block; none when that would not fit. */
function paddingFor(unpadded: number): number {
  const pad = (PADDING_BLOCK - (unpadded % PADDING_BLOCK)) % PADDING_BLOCK
  return unpadded + pad <= MAX_MESSAGE_OCTETS ? pad : 0
}

/** Writes whole RRsets while they fit under `limit`; returns how many records were written. */
function writeSection(w: MessageWriter, records: readonly RR[], limit: number): number {
  let done = 0
  while (done < records.length) {
    const start = w.length
    let end = done
    const first = records[done]!
    while (end < records.length && sameSet(records[end]!, first)) writeRecord(w, records[end++]!)
    if (w.length > limit) {
      w.truncate(start)
      return done
    }
    done = end
  }
  return done
}

const sameSet = (a: RR, b: RR): boolean =>
  a.type === b.type && a.name === b.name && (a.type !== 'OTHER' || a.code === (b as typeof a).code)

function writeRecord(w: MessageWriter, rr: RR): void {
  w.name(rr.name)
  w.u16(rrCode(rr))
  w.u16(IN)
  w.u32(rr.ttl)
  const lengthAt = w.length
  w.u16(0)
  encodeRdata(w, rr)
  w.patch16(lengthAt, w.length - lengthAt - 2)
}

/** Why an upstream's reply does not answer our query, or the reply. */
export type RelayedReply = { ok: true; reply: Reply } | { ok: false; why: string }

/**
 * An upstream's reply to the query we sent (`sent`, with the ID we chose), decoded. It must
 * be a response with our ID, opcode and question (names compared case-insensitively), else it
 * is not an answer to us: a stale, spoofed or confused reply that a resolver must not pass on.
 */
export function decodeRelayed(bytes: Uint8Array, sent: Query): RelayedReply {
  try {
    const r = new MessageReader(bytes)
    const h = r.header()
    if (!(h.flags & QR)) return { ok: false, why: 'not a response' }
    if (h.id !== sent.id) return { ok: false, why: `ID ${h.id} is not ours (${sent.id})` }
    if (((h.flags >> 11) & 0x0f) !== sent.opcode) return { ok: false, why: 'another opcode' }
    if (h.qdcount !== 1) return { ok: false, why: `${h.qdcount} questions` }
    const name = r.name()
    const type = typeName(r.u16())
    const klass = r.u16()
    const q = sent.question
    if (asciiLower(name) !== asciiLower(q.name) || type !== q.type || klass !== classCode(q.class)) {
      return { ok: false, why: `answers another question (${name} ${type})` }
    }
    let extended = 0
    const section = (count: number, keep: RR[]): void => {
      for (let i = 0; i < count; i++) {
        const owner = r.name()
        const code = r.u16()
        const rclass = r.u16()
        const ttl = r.u32()
        const end = r.offset + 2 + r.u16()
        if (code === OPT) {
          extended = (ttl >>> 24) & 0xff
          r.offset = end
          continue
        }
        // RFC 2181 §8: a TTL with the top bit set is read as zero.
        const rr = decodeRdata(r, { name: owner, ttl: ttl > 0x7fffffff ? 0 : ttl }, code, end)
        if (rclass === IN) keep.push(rr) // we ask class IN only; anything else is not ours to pass on
      }
    }
    const answers: RR[] = []
    const authorities: RR[] = []
    const additionals: RR[] = []
    section(h.ancount, answers)
    section(h.nscount, authorities)
    section(h.arcount, additionals)
    const rcode = rcodeName((extended << 4) | (h.flags & 0x0f))
    if (!rcode || rcode === 'BADVERS') return { ok: false, why: `rcode ${(extended << 4) | (h.flags & 0x0f)}` }
    return {
      ok: true,
      reply: {
        rcode,
        aa: Boolean(h.flags & AA),
        ra: Boolean(h.flags & RA),
        ad: Boolean(h.flags & AD),
        tc: Boolean(h.flags & TC),
        headerOnly: false,
        answers,
        authorities,
        additionals,
      },
    }
  } catch (err) {
    if (err instanceof MalformedMessage) return { ok: false, why: `malformed: ${err.message}` }
    throw err
  }
}
