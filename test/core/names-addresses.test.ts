import { describe, expect, it } from 'vitest'
import { parseAddress, parseIPv6 } from '../../src/core/dns/addresses.ts'
import { candidateNames } from '../../src/core/dns/candidates.ts'
import { hostnameProblem, isSubdomain, joinName, normalizeName, parentName, wildcardFor } from '../../src/core/dns/names.ts'

describe('names', () => {
  it('normalizes case and the trailing dot', () => {
    expect(normalizeName('Web.Example.COM.')).toBe('web.example.com')
  })
  it('folds ASCII letters only (RFC 4343): a Kelvin sign stays what it is', () => {
    expect(normalizeName('\u212aube.Example.com')).toBe('\u212aube.example.com')
    expect(normalizeName('\u00c9T\u00c9.example.com')).toBe('\u00c9t\u00c9.example.com')
  })
  it.each([
    ['web.example.com', null],
    ['*.apps.example.com', null],
    ['_svc._tcp.example.com', null],
    ['a.*.example.com', 'wildcard "*" is only allowed as the first label'],
    ['bad_host-.example.com', 'invalid label "bad_host-"'],
    [`${'a'.repeat(64)}.example.com`, `label longer than 63 octets: "${'a'.repeat(20)}…"`],
    ['a..b', 'empty label'],
    ['sp ace.example.com', 'invalid label "sp ace"'],
    // The limits themselves are legal: a 63-octet label, a 253-character name (RFC 1035 §2.3.4).
    [`${'a'.repeat(63)}.example.com`, null],
    [`${'a'.repeat(62)}b.example.com`, null],
    [`a${'-'.repeat(61)}b.example.com`, null],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, null],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, 'name longer than 253 characters (254)'],
    ['', 'empty name'],
  ])('hostnameProblem(%s) = %s', (name, problem) => {
    expect(hostnameProblem(name)).toBe(problem)
  })
  // A dot separates labels unless an odd run of backslashes escapes it (RFC 1035 §5.1).
  it.each([
    ['web.example.com', 'example.com', true],
    ['example.com', 'example.com', true],
    ['anything.test', '', true],
    ['notexample.com', 'example.com', false],
    ['.example.com', 'example.com', false],
    ['example.com', 'web.example.com', false],
    ['web\\.example.com', 'example.com', false],
    ['web\\\\.example.com', 'example.com', true],
    ['web\\\\\\.example.com', 'example.com', false],
    ['\\.example.com', 'example.com', false],
    ['\\\\.example.com', 'example.com', true],
  ])('isSubdomain(%j, %j) = %s', (name, zone, expected) => {
    expect(isSubdomain(name, zone)).toBe(expected)
  })
  it.each([
    ['a.b.example.com', 'b.example.com'],
    ['com', ''],
    ['', ''],
    ['a\\.b.example.com', 'example.com'],
    ['a\\\\.b.example.com', 'b.example.com'],
    ['\\.b', ''],
    ['\\\\.b', 'b'],
  ])('parentName(%j) = %j', (name, parent) => {
    expect(parentName(name)).toBe(parent)
  })
  it('joins relative names to zones and finds the one wildcard that may match', () => {
    expect([joinName('www', 'example.com'), joinName('', 'example.com'), joinName('www', '')]).toEqual([
      'www.example.com',
      'example.com',
      'www',
    ])
    expect([wildcardFor('a.b.example.com'), wildcardFor('com')]).toEqual(['*.b.example.com', null])
  })
  it('lower-cases every ASCII letter, not only the first run', () => {
    expect(normalizeName('WEB.example.COM')).toBe('web.example.com')
    expect(normalizeName('web.example.com.')).toBe('web.example.com')
    expect(normalizeName('COM')).toBe('com')
  })
  it('names a query may need: itself and one wildcard', () => {
    expect(candidateNames('a.b.example.com')).toEqual(['a.b.example.com', '*.b.example.com'])
    expect(candidateNames('*.b.example.com')).toEqual(['*.b.example.com'])
    expect(candidateNames('com')).toEqual(['com'])
  })
  it('reads the root, and names up to 253 characters', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((l) => l.repeat(63))
    expect(candidateNames('')).toEqual([''])
    expect(candidateNames(`${a}.${b}.${c}.${'d'.repeat(61)}`)).toEqual([`${a}.${b}.${c}.${'d'.repeat(61)}`, `*.${b}.${c}.${'d'.repeat(61)}`])
    expect(candidateNames(`${a}.${b}.${c}.${'d'.repeat(62)}`)).toEqual([`*.${b}.${c}.${'d'.repeat(62)}`])
  })
  it('never reads names our data cannot hold, but still the wildcard that may answer them', () => {
    expect(candidateNames('we\\255b.apps.example.com')).toEqual(['*.apps.example.com'])
    expect(candidateNames('x.we\\.b.example.com')).toEqual([])
    expect(candidateNames(`${'a'.repeat(64)}.example.com`)).toEqual(['*.example.com'])
  })
})

describe('addresses', () => {
  it.each([
    ['192.0.2.1', { family: 4, address: '192.0.2.1' }],
    ['2001:0DB8:0:0:0:0:0:1', { family: 6, address: '2001:db8::1' }],
    ['1:0:0:1:0:0:0:1', { family: 6, address: '1:0:0:1::1' }],
    ['::', { family: 6, address: '::' }],
    ['256.0.0.1', null],
    ['01.2.3.4', null],
    ['1::2::3', null],
    ['fe80::1%eth0', null],
    ['lb.example.com', null],
  ])('parseAddress(%s)', (text, expected) => {
    expect(parseAddress(text)).toEqual(expected)
  })
  it('keeps a single zero group uncompressed (RFC 5952 §4.2.2)', () => {
    expect(parseIPv6('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1')
  })
  it('reads an address with blanks around it', () => {
    expect(parseAddress(' 192.0.2.1\n')).toEqual({ family: 4, address: '192.0.2.1' })
    expect(parseAddress('\t2001:DB8::1 ')).toEqual({ family: 6, address: '2001:db8::1' })
  })
  // RFC 5952 §4: lower case, the longest run of two or more zero groups compressed, the first
  // of equally long runs; every group kept otherwise.
  it.each([
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['2001:db8::1:2', '2001:db8::1:2'],
    ['2001:db8:0:0:1:0:0:0', '2001:db8:0:0:1::'],
    ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
    ['0:0:1:0:0:0:2:3', '0:0:1::2:3'],
    ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
    ['1:2:3:4:5:0:0:0', '1:2:3:4:5::'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['1:2:3:4:5:6::7', '1:2:3:4:5:6:0:7'],
    ['::1:2:3:4:5:6:7', '0:1:2:3:4:5:6:7'],
    ['ABCD:EF01::', 'abcd:ef01::'],
  ])('writes %s as %s', (text, canonical) => {
    expect(parseIPv6(text)).toBe(canonical)
  })
  // RFC 4291 §2.2: the last 32 bits may be written as an IPv4 address.
  it.each([
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['::192.0.2.1', '::c000:201'],
    ['1::1.2.3.4', '1::102:304'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ])('reads %s, which ends in an IPv4 address, as %s', (text, canonical) => {
    expect(parseIPv6(text)).toBe(canonical)
  })
  it.each([
    '::ffff:256.0.0.1',
    '::ffff:1.2.3',
    '::ffff:01.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4',
    '1:2:3:4:5:6::1.2.3.4',
    '1:2:3:4:5:6:7::8',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::8::9',
    '12345::1',
    '1g::1',
    'g::1',
    '1:2:3:4:5:6:7:',
    '1.2.3.4',
    '',
  ])('refuses %j as IPv6', (text) => {
    expect(parseIPv6(text)).toBeNull()
  })
})
