/**
 * TXT data on the wire: character-strings of at most 255 octets (RFC 1035 §3.3.14). Text is
 * counted in UTF-8 octets, not JavaScript characters, so "é" x 200 splits at 255 octets and
 * never produces a string the length octet cannot describe.
 */
import { TXT_STRING_OCTETS } from '../limits.ts'
import { utf8 } from './labels.ts'

export function txtStrings(text: string): Uint8Array[] {
  const bytes = utf8(text)
  const parts: Uint8Array[] = []
  for (let i = 0; i < bytes.length; i += TXT_STRING_OCTETS) parts.push(bytes.subarray(i, i + TXT_STRING_OCTETS))
  return parts.length ? parts : [new Uint8Array(0)]
}

/** A character-string as presentation text (RFC 1035 §5.1): quoted, `"` and `\` escaped. */
export function txtText(octets: Uint8Array): string {
  let out = '"'
  for (const b of octets) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b)
    else out += `\\${b.toString().padStart(3, '0')}`
  }
  return `${out}"`
}
