/** What an MX, SRV or CAA value must be to be served, and the one order of each list. */
import { describe, expect, it } from 'vitest'
import {
  caaKey,
  caaProblem,
  compareMx,
  compareSrv,
  compareText,
  mxKey,
  mxProblem,
  srvKey,
  srvProblem,
  targetProblem,
  unique,
} from '../../src/core/dns/record-data.ts'
import type { SrvRecord } from '../../src/core/recordset/schema.ts'

describe('targets', () => {
  it.each([
    ['web.example.com', false, null],
    ['', false, 'empty name'],
    ['', true, null],
    ['*.example.com', false, 'a wildcard cannot be a target'],
    ['*', true, 'a wildcard cannot be a target'],
    ['a.*.example.com', false, 'wildcard "*" is only allowed as the first label'],
    ['bad-.example.com', false, 'invalid label "bad-"'],
  ])('targetProblem(%j, root allowed: %s) = %j', (name, rootAllowed, problem) => {
    expect(targetProblem(name, rootAllowed)).toBe(problem)
  })
})

describe('MX', () => {
  it.each([0, 10, 65535])('serves preference %i', (preference) => {
    expect(mxProblem({ preference, exchange: 'mail.example.com' })).toBeNull()
  })
  it.each([-1, 65536, 1.5, Number.NaN])('refuses preference %d', (preference) => {
    expect(mxProblem({ preference, exchange: 'mail.example.com' })).toBe(`preference ${preference} is not in 0-65535`)
  })
  it('serves a null MX (RFC 7505: exchange ".") but no wildcard exchange', () => {
    expect(mxProblem({ preference: 0, exchange: '' })).toBeNull()
    expect(mxProblem({ preference: 0, exchange: '*.example.com' })).toBe('exchange "*.example.com": a wildcard cannot be a target')
  })
})

describe('SRV', () => {
  const srv = (fields: Partial<SrvRecord> = {}): SrvRecord => ({ priority: 1, weight: 2, port: 443, target: 'web.example.com', ...fields })
  it.each(['priority', 'weight', 'port'] as const)('serves %s 0 and 65535, refuses -1, 65536 and 1.5', (field) => {
    expect([0, 65535].map((n) => srvProblem(srv({ [field]: n })))).toEqual([null, null])
    expect([-1, 65536, 1.5].map((n) => srvProblem(srv({ [field]: n })))).toEqual([-1, 65536, 1.5].map((n) => `${field} ${n} is not in 0-65535`))
  })
  it('serves the target "." (RFC 2782: the service is not offered) but no wildcard target', () => {
    expect(srvProblem(srv({ target: '' }))).toBeNull()
    expect(srvProblem(srv({ target: '*.example.com' }))).toBe('target "*.example.com": a wildcard cannot be a target')
    expect(srvProblem(srv({ target: 'bad-' }))).toBe('target "bad-": invalid label "bad-"')
  })
})

describe('CAA', () => {
  const caa = { flags: 0, tag: 'issue', value: 'ca.example.net' }
  it.each([0, 128, 255])('serves flags %i', (flags) => {
    expect(caaProblem({ ...caa, flags })).toBeNull()
  })
  it.each([-1, 256, 1.5, Number.NaN])('refuses flags %d', (flags) => {
    expect(caaProblem({ ...caa, flags })).toBe(`flags ${flags} is not in 0-255`)
  })
  // RFC 8659 §4.1: a tag is 1-15 ASCII letters and digits.
  it.each(['a', 'issuewild', 'Tag1', 'a'.repeat(15)])('serves the tag %j', (tag) => {
    expect(caaProblem({ ...caa, tag })).toBeNull()
  })
  it.each(['', 'a'.repeat(16), 'is-sue', 'é'])('refuses the tag %j', (tag) => {
    expect(caaProblem({ ...caa, tag })).toBe(`tag "${tag}" is not 1-15 letters and digits`)
  })
  it('serves a value of up to 255 UTF-8 octets', () => {
    expect(caaProblem({ ...caa, value: 'a'.repeat(255) })).toBeNull()
    expect(caaProblem({ ...caa, value: 'a'.repeat(256) })).toBe('value of 256 octets, more than 255')
    expect(caaProblem({ ...caa, value: 'é'.repeat(128) })).toBe('value of 256 octets, more than 255')
  })
})

describe('the order of a name\'s lists', () => {
  it('orders text by code unit, not by locale', () => {
    expect([compareText('a', 'b'), compareText('b', 'a'), compareText('a', 'a')]).toEqual([-1, 1, 0])
    expect(['b', 'a', 'B', 'A', 'ab'].sort(compareText)).toEqual(['A', 'B', 'a', 'ab', 'b'])
  })
  it('orders MX by preference, then exchange', () => {
    const mx = [
      { preference: 20, exchange: 'a.example.com' },
      { preference: 10, exchange: 'z.example.com' },
      { preference: 10, exchange: 'b.example.com' },
    ]
    expect([...mx].sort(compareMx).map(mxKey)).toEqual(['10 b.example.com', '10 z.example.com', '20 a.example.com'])
  })
  it('orders SRV by priority, then weight, port and target', () => {
    const srv: SrvRecord[] = [
      { priority: 2, weight: 0, port: 1, target: 'a' },
      { priority: 1, weight: 5, port: 1, target: 'a' },
      { priority: 1, weight: 1, port: 9, target: 'a' },
      { priority: 1, weight: 1, port: 8, target: 'b' },
      { priority: 1, weight: 1, port: 8, target: 'a' },
    ]
    expect([...srv].sort(compareSrv).map(srvKey)).toEqual(['1 1 8 a', '1 1 8 b', '1 1 9 a', '1 5 1 a', '2 0 1 a'])
    for (const [a, b] of srv.flatMap((a) => srv.map((b) => [a, b] as const))) {
      expect(Math.sign(compareSrv(a, b)) + Math.sign(compareSrv(b, a)), `${srvKey(a)} vs ${srvKey(b)}`).toBe(0)
      expect(compareSrv(a, b) === 0).toBe(a === b)
    }
  })
  it('keeps each value once, the first of equals, in order', () => {
    const caa = [
      { flags: 0, tag: 'issue', value: 'b' },
      { flags: 0, tag: 'issue', value: 'a' },
      { flags: 0, tag: 'issue', value: 'b' },
      { flags: 128, tag: 'issue', value: 'b' },
    ]
    expect(unique(caa, caaKey)).toEqual([caa[0], caa[1], caa[3]])
  })
})
