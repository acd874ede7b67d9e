/**
 * Domain names as sequences of label octets (RFC 1035 §3.1) and their presentation text
 * (§5.1). A wire label may hold any octet, a dot included, so the worker never decodes labels
 * as UTF-8 or re-splits on dots: it turns octets into text with escapes (`\.`, `\\`, `\DDD`)
 * and back, one to one. Our own data holds host names only (names.ts), so an escaped name can
 * never be in it.
 */
import { MAX_LABEL_OCTETS, MAX_NAME_OCTETS } from '../limits.ts'
import { separates } from './names.ts'

const BACKSLASH = 0x5c
const DOT = 0x2e

/** An octet shown as itself: printable ASCII other than the dot and the backslash. */
const isPlain = (b: number): boolean => b > 0x20 && b < 0x7f && b !== DOT && b !== BACKSLASH

/** Presentation text of a name, without the trailing dot; the root is "". */
export function labelsToText(labels: readonly Uint8Array[]): string {
  // Index loops, no callbacks: this runs for every question and every owner name we read.
  let out = ''
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!
    if (i > 0) out += '.'
    // A plain label (every host name) skips the escaping loop, which would write it the same.
    // Stryker disable next-line BooleanLiteral: the escaping loop writes plain octets as they are
    let plain = true
    // Stryker disable next-line UpdateOperator: label[-1] is undefined, not plain, so the label goes the escaping way
    for (let j = 0; j < label.length; j++) {
      if (!isPlain(label[j]!)) {
        plain = false
        break
      }
    }
    // Stryker disable next-line BlockStatement: without the fast path the escaping loop writes the same text
    if (plain) {
      out += String.fromCharCode.apply(null, label as unknown as number[]) // host names: one call per label
      continue
    }
    for (let j = 0; j < label.length; j++) {
      const b = label[j]!
      if (b === DOT || b === BACKSLASH) out += `\\${String.fromCharCode(b)}`
      else if (b > 0x20 && b < 0x7f) out += String.fromCharCode(b)
      else out += `\\${b.toString().padStart(3, '0')}`
    }
  }
  return out
}

/**
 * Labels of presentation text whose characters are octets (0-255: ASCII text, or UTF-8 bytes
 * as a binary string), or why it is not a name: characters that are not octets (said first,
 * whatever else is wrong), empty labels, a label over 63 octets, a name over 255 octets on the
 * wire, a bad escape. A trailing dot is allowed; "." is the root.
 */
export function textToLabels(text: string): Uint8Array[] | string {
  if (/[^\x00-\xff]/.test(text)) return 'not octets'
  // "a\\." ends with an escaped backslash and then the root's dot; "a\." ends with a dot in its label.
  const bare = text.endsWith('.') && separates(text, text.length - 1) ? text.slice(0, -1) : text
  if (bare === '') return []
  // Stryker disable next-line StringLiteral: escapedLabels reads text without escapes as plainLabels does, problems included; plainLabels is the fast way
  return bare.includes('\\') ? escapedLabels(bare) : plainLabels(bare)
}

/** Text without escapes, as every host name is: split on dots. */
function plainLabels(bare: string): Uint8Array[] | string {
  const labels: Uint8Array[] = []
  let wire = 1
  for (const part of bare.split('.')) {
    if (part.length === 0) return 'empty label'
    if (part.length > MAX_LABEL_OCTETS) return `label longer than ${MAX_LABEL_OCTETS} octets`
    wire += 1 + part.length
    if (wire > MAX_NAME_OCTETS) return `name longer than ${MAX_NAME_OCTETS} octets`
    // An index loop: Uint8Array.from over a string's iterator is an order of magnitude slower.
    const label = new Uint8Array(part.length)
    // Stryker disable next-line EqualityOperator: a typed array ignores a write past its end
    for (let i = 0; i < part.length; i++) label[i] = part.charCodeAt(i) // octets: checked above
    labels.push(label)
  }
  return labels
}

function escapedLabels(bare: string): Uint8Array[] | string {
  const labels: Uint8Array[] = []
  let label: number[] = []
  let wire = 1 // the root label's length octet
  // A label's length is checked as it grows (below), so a closed one is never too long.
  const close = (): string | null => {
    if (label.length === 0) return 'empty label'
    wire += 1 + label.length
    if (wire > MAX_NAME_OCTETS) return `name longer than ${MAX_NAME_OCTETS} octets`
    labels.push(Uint8Array.from(label))
    label = []
    return null
  }
  for (let i = 0; i < bare.length; i++) {
    const c = bare.charCodeAt(i)
    if (c === DOT) {
      const problem = close()
      if (problem) return problem
    } else if (c === BACKSLASH) {
      const digits = bare.slice(i + 1, i + 4)
      if (/^\d{3}$/.test(digits)) {
        const value = Number(digits)
        if (value > 255) return `bad escape \\${digits}`
        label.push(value)
        i += 3
      } else if (i + 1 < bare.length) {
        label.push(bare.charCodeAt(++i))
      } else return 'dangling backslash'
    } else label.push(c)
    if (label.length > MAX_LABEL_OCTETS) return `label longer than ${MAX_LABEL_OCTETS} octets`
  }
  return close() ?? labels
}

/** UTF-8 octets of a string (the core has no TextEncoder). Lone surrogates become U+FFFD. */
export function utf8(text: string): Uint8Array {
  const out: number[] = []
  for (const ch of text) {
    let cp = ch.codePointAt(0)!
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd
    if (cp < 0x80) out.push(cp)
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63))
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
  }
  return Uint8Array.from(out)
}

/** A string of octets, one character each: what textToLabels reads. */
export function binaryString(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += String.fromCharCode(b)
  return out
}
