/**
 * Reads a DNS message (RFC 1035 §4.1) from octets we do not trust: every read is bounds
 * checked, names are label octets (never decoded as UTF-8), and compression pointers may only
 * point backwards and only a few times per name, so no message costs more than a linear pass.
 */
import { labelsToText } from '../../core/dns/labels.ts'
import { MAX_NAME_OCTETS } from '../../core/limits.ts'

/** Real names end in at most a couple of pointers; a chain longer than this is an attack. */
const MAX_POINTERS_PER_NAME = 16

export class MalformedMessage extends Error {}

export interface Header {
  id: number
  flags: number
  qdcount: number
  ancount: number
  nscount: number
  arcount: number
}

export class MessageReader {
  offset = 0

  constructor(readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset
  }

  u8(): number {
    this.need(1)
    return this.bytes[this.offset++]!
  }

  u16(): number {
    this.need(2)
    const v = (this.bytes[this.offset]! << 8) | this.bytes[this.offset + 1]!
    this.offset += 2
    return v
  }

  u32(): number {
    return this.u16() * 0x10000 + this.u16()
  }

  take(n: number): Uint8Array {
    this.need(n)
    const out = this.bytes.subarray(this.offset, this.offset + n)
    this.offset += n
    return out
  }

  header(): Header {
    return {
      id: this.u16(),
      flags: this.u16(),
      qdcount: this.u16(),
      ancount: this.u16(),
      nscount: this.u16(),
      arcount: this.u16(),
    }
  }

  /** A name as label octets, following compression pointers (RFC 1035 §4.1.4). */
  labels(): Uint8Array[] {
    const labels: Uint8Array[] = []
    let octets = 1
    let pos = this.offset
    let resumeAt = -1
    let pointers = 0
    let floor = pos // a pointer must point before the name that uses it
    for (;;) {
      if (pos >= this.bytes.length) throw new MalformedMessage('name runs past the message')
      const len = this.bytes[pos]!
      if (len === 0) {
        pos += 1
        break
      }
      if ((len & 0xc0) === 0xc0) {
        if (pos + 1 >= this.bytes.length) throw new MalformedMessage('name runs past the message')
        const target = ((len & 0x3f) << 8) | this.bytes[pos + 1]!
        if (target >= floor) throw new MalformedMessage('compression pointer does not point backwards')
        if (++pointers > MAX_POINTERS_PER_NAME) throw new MalformedMessage('too many compression pointers')
        if (resumeAt === -1) resumeAt = pos + 2
        pos = floor = target
        continue
      }
      if (len & 0xc0) throw new MalformedMessage('unknown label type')
      octets += len + 1
      if (octets > MAX_NAME_OCTETS) throw new MalformedMessage('name longer than 255 octets')
      if (pos + 1 + len > this.bytes.length) throw new MalformedMessage('name runs past the message')
      labels.push(this.bytes.subarray(pos + 1, pos + 1 + len))
      pos += 1 + len
    }
    this.offset = resumeAt === -1 ? pos : resumeAt
    return labels
  }

  /** A name as presentation text (labels.ts). */
  name(): string {
    return labelsToText(this.labels())
  }

  private need(n: number): void {
    if (this.offset + n > this.bytes.length) throw new MalformedMessage('message ends early')
  }
}
