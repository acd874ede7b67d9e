/** Names as label octets and presentation text (RFC 1035 §3.1, §5.1), one to one. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { binaryString, labelsToText, textToLabels, utf8 } from '../../src/core/dns/labels.ts'

const octets = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0))
const labels = (...texts: string[]): Uint8Array[] => texts.map(octets)

describe('labelsToText', () => {
  it('writes a host name as it is, labels joined by dots; the root is ""', () => {
    expect(labelsToText(labels('web', 'example', 'com'))).toBe('web.example.com')
    expect(labelsToText([])).toBe('')
  })
  // Each octet alone in a label, and again among others: both ways a label is written.
  it.each([
    [0x21, '!'],
    [0x7e, '~'],
    [0x41, 'A'],
    [0x2e, '\\.'],
    [0x5c, '\\\\'],
    [0x20, '\\032'],
    [0x00, '\\000'],
    [0x09, '\\009'],
    [0x1f, '\\031'],
    [0x7f, '\\127'],
    [0x80, '\\128'],
    [0xff, '\\255'],
  ])('writes the octet %i as %s, alone in a label or among others', (octet, text) => {
    expect(labelsToText([Uint8Array.of(octet)])).toBe(text)
    expect(labelsToText([Uint8Array.of(0x61, octet, 0x00), Uint8Array.of(octet)])).toBe(`a${text}\\000.${text}`)
  })
  it('keeps plain octets plain in a label that needs escapes', () => {
    expect(labelsToText([Uint8Array.of(0x00, 0x21, 0x7e, 0x20, 0x7f, 0x2e, 0x5c, 0x61)])).toBe('\\000!~\\032\\127\\.\\\\a')
  })
})

describe('textToLabels', () => {
  it.each([
    ['web.example.com', ['web', 'example', 'com']],
    ['web.example.com.', ['web', 'example', 'com']],
    ['.', []],
    ['', []],
    ['\\065b', ['Ab']],
    ['\\000.\\255', ['\x00', '\xff']],
    ['a\\.b.com', ['a.b', 'com']],
    ['a\\\\.com', ['a\\', 'com']],
    ['\\a\\b', ['ab']],
    ['\\06', ['06']],
    ['\\0', ['0']],
    ['\xff\xe9.com', ['\xff\xe9', 'com']],
    ['\\\xff', ['\xff']],
    ['\\065\xff', ['A\xff']],
  ])('reads %j as its labels', (text, expected) => {
    expect(textToLabels(text)).toEqual(labels(...expected))
  })
  // The name's final dot is the root's unless an odd run of backslashes escapes it.
  it.each([
    ['a\\.', ['a.']],
    ['a\\\\.', ['a\\']],
    ['a\\\\\\.', ['a\\.']],
    ['\\.', ['.']],
    ['\\\\.', ['\\']],
  ])('reads the trailing dot of %j by the backslashes before it', (text, expected) => {
    expect(textToLabels(text)).toEqual(labels(...expected))
  })
  it.each([
    ['a..b', 'empty label'],
    ['.a', 'empty label'],
    ['..', 'empty label'],
    ['\\065..b', 'empty label'],
    ['\\065.', ['A']],
    ['a\\', 'dangling backslash'],
    ['\\256', 'bad escape \\256'],
    ['\\999.com', 'bad escape \\999'],
    ['\u0100', 'not octets'],
    ['a.\u0100', 'not octets'],
    ['\\065.\u0100', 'not octets'],
    ['\\\u0100', 'not octets'],
    // text that is not octets is refused as such, whatever else is wrong with it
    [`${'a'.repeat(64)}\u0100`, 'not octets'],
    ['a..\u0100', 'not octets'],
    ['\\256\u0100', 'not octets'],
    ['\u{1f600}', 'not octets'],
  ])('reads %j as %j', (text, expected) => {
    const read = textToLabels(text)
    expect(read).toEqual(typeof expected === 'string' ? expected : labels(...expected))
  })
  // RFC 1035 §2.3.4: a label is at most 63 octets and a name at most 255 on the wire (each
  // label's length octet plus the root's); escapes count as the one octet they stand for.
  describe('length limits', () => {
    const a = (n: number): string => 'a'.repeat(n)
    it.each([
      ['plain', ''],
      ['escaped', '\\065'],
    ])('a 63-octet label is read and a 64-octet one refused (%s text)', (_, first) => {
      expect(textToLabels(`${first}${a(63 - (first ? 1 : 0))}.com`)).toEqual(labels(`${first ? 'A' : ''}${a(63 - (first ? 1 : 0))}`, 'com'))
      expect(textToLabels(`${first}${a(64 - (first ? 1 : 0))}.com`)).toBe('label longer than 63 octets')
    })
    it.each([
      ['plain', ''],
      ['escaped', '\\065'],
    ])('a 255-octet name is read and a 256-octet one refused (%s text)', (_, first) => {
      const head = `${first}${a(63 - (first ? 1 : 0))}.${a(63)}.${a(63)}`
      const read = textToLabels(`${head}.${a(61)}`)
      expect(Array.isArray(read) && [read.length, read.reduce((n, l) => n + 1 + l.length, 1)]).toEqual([4, 255])
      expect(textToLabels(`${head}.${a(62)}`)).toBe('name longer than 255 octets')
      expect(textToLabels(`${head}.${a(62)}.b`)).toBe('name longer than 255 octets')
    })
    it('refuses a label as soon as it grows past 63 octets, before reading on', () => {
      expect(textToLabels(`\\065${a(63)}\\256`)).toBe('label longer than 63 octets')
      expect(textToLabels(`\\065${a(63)}\\`)).toBe('label longer than 63 octets')
    })
  })
  it('reads back exactly the labels labelsToText wrote, whatever their octets', () => {
    const label = fc.uint8Array({ minLength: 1, maxLength: 63 })
    const name = fc.array(label, { maxLength: 4 }).filter((ls) => ls.reduce((n, l) => n + 1 + l.length, 1) <= 255)
    fc.assert(
      fc.property(name, (ls) => {
        const text = labelsToText(ls)
        expect(/^[\x21-\x7e]*$/.test(text)).toBe(true)
        expect(textToLabels(text)).toEqual(ls)
        expect(textToLabels(`${text}.`)).toEqual(ls)
      }),
    )
  })
})

describe('utf8', () => {
  // Each boundary of the encoding: one to four octets, and lone surrogates as U+FFFD.
  it.each([
    ['a'],
    ['\x7f'],
    ['\x80'],
    ['\xe9'],
    ['\u07ff'],
    ['\u0800'],
    ['\ud7ff'],
    ['\ud800'],
    ['\udbff'],
    ['\udc00'],
    ['\udfff'],
    ['\ue000'],
    ['\uffff'],
    ['\u{10000}'],
    ['\u{10ffff}'],
    ['é ∞ 😀 \ud800x'],
  ])('encodes %j as TextEncoder does', (text) => {
    expect(utf8(text)).toEqual(new TextEncoder().encode(text))
  })
  it('encodes any string as TextEncoder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8(text)).toEqual(new TextEncoder().encode(text))
      }),
    )
  })
})

describe('binaryString', () => {
  it('makes each octet one character, so textToLabels reads UTF-8 names octet by octet', () => {
    expect(binaryString(Uint8Array.of(0x00, 0x41, 0xff))).toBe('\x00A\xff')
    expect(binaryString(new Uint8Array(0))).toBe('')
    expect(textToLabels(binaryString(utf8('é.example')))).toEqual([Uint8Array.of(0xc3, 0xa9), octets('example')])
  })
})
