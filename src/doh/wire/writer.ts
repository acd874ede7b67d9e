/**
 * Writes a DNS message into a growable buffer, compressing names (RFC 1035 §4.1.4) against
 * earlier names with the same octets, case included, so the question and owner names go back
 * to the client exactly as it spelled them (0x20 randomisation).
 */
import { textToLabels } from '../../core/dns/labels.ts'

/**
 * One buffer shared by the writers of an isolate: a reply is written and copied out in one
 * synchronous step, so allocating a fresh 512 octets per message only fed the collector. A
 * writer made while another holds it (never, today) gets its own.
 */
let scratch: Uint8Array | null = new Uint8Array(512)

export class MessageWriter {
  private buf: Uint8Array
  length = 0
  /** Suffix text -> offset of its first label, for pointers (which reach 14 bits). */
  private readonly names = new Map<string, number>()

  constructor() {
    this.buf = scratch ?? new Uint8Array(512)
    scratch = null
  }

  u8(v: number): void {
    this.room(1)
    this.buf[this.length++] = v & 0xff
  }

  u16(v: number): void {
    this.room(2)
    this.buf[this.length++] = (v >> 8) & 0xff
    this.buf[this.length++] = v & 0xff
  }

  u32(v: number): void {
    this.u16(Math.floor(v / 0x10000) & 0xffff)
    this.u16(v & 0xffff)
  }

  bytes(b: Uint8Array): void {
    this.room(b.length)
    this.buf.set(b, this.length)
    this.length += b.length
  }

  /** Overwrites a 16-bit value written earlier (RDLENGTH, counts). */
  patch16(at: number, v: number): void {
    this.buf[at] = (v >> 8) & 0xff
    this.buf[at + 1] = v & 0xff
  }

  /** A name in presentation text, compressed when `compress` (RFC 3597 §4: known types only). */
  name(text: string, compress = true, known?: readonly Uint8Array[]): void {
    // Owner names repeat record after record: a whole-name hit skips parsing the text again.
    const whole = compress ? this.names.get(text) : undefined
    if (whole !== undefined) return this.u16(0xc000 | whole)
    const labels = known ?? labelsOf(text)
    if (typeof labels === 'string') throw new Error(`cannot encode name "${text}": ${labels}`)
    const suffixes = suffixTexts(text, labels.length)
    for (const [i, label] of labels.entries()) {
      const suffix = suffixes[i]!
      const earlier = compress ? this.names.get(suffix) : undefined
      if (earlier !== undefined) {
        this.u16(0xc000 | earlier)
        return
      }
      if (compress && this.length < 0x4000 && !this.names.has(suffix)) this.names.set(suffix, this.length)
      this.u8(label.length)
      this.bytes(label)
    }
    this.u8(0)
  }

  /** Forgets everything written from `length` on (a record that did not fit). */
  truncate(length: number): void {
    this.length = length
    for (const [suffix, at] of this.names) if (at >= length) this.names.delete(suffix)
  }

  /** The message, copied out; the writer is done and gives its buffer back. */
  finish(): Uint8Array {
    const out = this.buf.slice(0, this.length)
    if (this.buf.length <= 4096) scratch = this.buf // a grown one is kept only while small
    return out
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.length + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.length))
    this.buf = next
  }
}

/**
 * The labels of a name's text, memoized per isolate: the names we write besides the question's
 * (zone apexes, name servers, hostmasters, targets) are few and repeat reply after reply.
 * Bounded: a full memo starts afresh, so relayed names cannot grow it.
 */
const MAX_MEMO = 4096
const memo = new Map<string, Uint8Array[] | string>()

function labelsOf(text: string): readonly Uint8Array[] | string {
  let labels = memo.get(text)
  if (labels === undefined) {
    labels = textToLabels(text)
    if (memo.size >= MAX_MEMO) memo.clear()
    memo.set(text, labels)
  }
  return labels
}

/**
 * The text of each suffix of a name, longest first: "a.b.c" -> ["a.b.c", "b.c", "c"]. The text
 * is canonical (labelsToText), so equal suffixes have equal text. Dots inside escapes (`\.`)
 * do not separate labels.
 */
function suffixTexts(text: string, count: number): string[] {
  const bare = text.endsWith('.') && !text.endsWith('\\.') ? text.slice(0, -1) : text
  const out = [bare]
  for (let i = 0; i < bare.length && out.length < count; i++) {
    if (bare[i] === '\\') i++
    else if (bare[i] === '.') out.push(bare.slice(i + 1))
  }
  return out
}
