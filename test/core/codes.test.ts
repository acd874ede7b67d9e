/** IANA's RR type, class and rcode registries, by name and by number (RFC 3597 §5, RFC 6895). */
import { describe, expect, it } from 'vitest'
import { className, classCode, rcodeName, rcodeNumber, typeCode, typeName } from '../../src/core/dns/codes.ts'

describe('RR types', () => {
  it.each([
    [1, 'A'],
    [28, 'AAAA'],
    [51, 'NSEC3PARAM'],
    [257, 'CAA'],
    [32769, 'DLV'],
  ])('type %i is %s and back', (code, name) => {
    expect([typeName(code), typeCode(name)]).toEqual([name, code])
  })
  it('names a type without a mnemonic TYPE<n>, and reads that back', () => {
    expect([typeName(4000), typeCode('TYPE4000')]).toEqual(['TYPE4000', 4000])
    expect(typeCode('TYPE0')).toBe(0)
  })
  it.each([
    ['aaaa', 28],
    ['Caa', 257],
    ['type4000', 4000],
    ['TYPE1', 1],
    ['TYPE65535', 65535],
    ['TYPE65536', null],
    ['TYPE123456', null],
    ['TYPE', null],
    ['TYPE-1', null],
    ['XTYPE1', null],
    ['TYPE1X', null],
    ['FOO', null],
    ['', null],
    ['constructor', null],
    ['toString', null],
    ['__proto__', null],
  ])('reads %j as %j (case-insensitive, own mnemonics only)', (name, code) => {
    expect(typeCode(name)).toBe(code)
  })
})

describe('classes', () => {
  it.each([
    [1, 'IN'],
    [3, 'CH'],
    [4, 'HS'],
    [254, 'NONE'],
    [255, 'ANY'],
  ])('class %i is %s and back', (code, name) => {
    expect([className(code), classCode(name)]).toEqual([name, code])
  })
  it('names a class without a mnemonic CLASS<n>, and reads that back', () => {
    expect([className(42), classCode('CLASS42')]).toEqual(['CLASS42', 42])
  })
  it.each([
    ['in', 1],
    ['Ch', 3],
    ['class42', 42],
    ['CLASS65535', 65535],
    ['CLASS65536', null],
    ['42', null],
    ['TYPE1', null],
    ['A', null],
    ['constructor', null],
    ['hasOwnProperty', null],
  ])('reads %j as %j', (name, code) => {
    expect(classCode(name)).toBe(code)
  })
})

describe('rcodes', () => {
  it.each([
    [0, 'NOERROR'],
    [2, 'SERVFAIL'],
    [3, 'NXDOMAIN'],
    [5, 'REFUSED'],
    [10, 'NOTZONE'],
    [16, 'BADVERS'],
  ] as const)('rcode %i is %s and back', (code, name) => {
    expect([rcodeName(code), rcodeNumber(name)]).toEqual([name, code])
  })
  it.each([11, 15, 17, 4095])('has no name for the unassigned rcode %i', (code) => {
    expect(rcodeName(code)).toBeNull()
  })
})
