/** What two owners serve at one name, merged: MX, SRV, CAA, PTR and the TTL (merge-records.ts). */
import { describe, expect, it } from 'vitest'
import { mergeTypedRecords } from '../../src/core/recordset/merge-records.ts'
import type { NameRecords } from '../../src/core/recordset/schema.ts'

const merged = (a: NameRecords, b: NameRecords): NameRecords => {
  const out: NameRecords = {}
  mergeTypedRecords(a, b, out)
  return out
}
const hosts = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `h${String(from + i).padStart(2, '0')}.example.com`)

describe('typed records of a shared name', () => {
  it('unions each type without duplicates: MX, SRV and PTR in their order, CAA as listed', () => {
    const a: NameRecords = {
      mx: [{ preference: 20, exchange: 'b.example.com' }],
      srv: [{ priority: 10, weight: 1, port: 443, target: 'b.example.com' }],
      caa: [{ flags: 0, tag: 'issue', value: 'ca-b' }],
      ptr: ['y.example.com'],
    }
    const b: NameRecords = {
      mx: [{ preference: 10, exchange: 'a.example.com' }, { preference: 20, exchange: 'b.example.com' }],
      srv: [{ priority: 1, weight: 1, port: 443, target: 'a.example.com' }],
      caa: [{ flags: 0, tag: 'issue', value: 'ca-a' }],
      ptr: ['x.example.com', 'y.example.com'],
    }
    expect(merged(a, b)).toStrictEqual({
      mx: [{ preference: 10, exchange: 'a.example.com' }, { preference: 20, exchange: 'b.example.com' }],
      srv: [{ priority: 1, weight: 1, port: 443, target: 'a.example.com' }, { priority: 10, weight: 1, port: 443, target: 'b.example.com' }],
      caa: [{ flags: 0, tag: 'issue', value: 'ca-b' }, { flags: 0, tag: 'issue', value: 'ca-a' }],
      ptr: ['x.example.com', 'y.example.com'],
    })
  })

  it('caps a union at 16 records per type, keeping the first in order', () => {
    expect(merged({ ptr: hosts(10, 20) }, { ptr: hosts(0, 10) })).toStrictEqual({ ptr: hosts(0, 16) })
    const mx = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ preference: from + i, exchange: 'm.example.com' }))
    expect(merged({ mx: mx(10, 20) }, { mx: mx(0, 10) })).toStrictEqual({ mx: mx(0, 16) })
  })

  it('keeps the one owner’s list where the other has none, and adds no type neither has', () => {
    const srv = [{ priority: 1, weight: 1, port: 1, target: 's.example.com' }]
    expect(merged({ srv }, {})).toStrictEqual({ srv })
    expect(merged({}, { ptr: ['p.example.com'] })).toStrictEqual({ ptr: ['p.example.com'] })
    expect(merged({ a: ['192.0.2.1'] }, { txt: ['x'] })).toStrictEqual({})
  })

  it.each<[number | undefined, number | undefined, number | undefined]>([
    [undefined, undefined, undefined],
    [120, undefined, 120],
    [undefined, 30, 30],
    [120, 30, 30],
    [30, 120, 30],
    [0, 60, 0],
  ])('TTLs %s and %s merge to %s: no resolver caches longer than either owner asked', (a, b, ttl) => {
    const out = merged(a === undefined ? {} : { ttl: a }, b === undefined ? {} : { ttl: b })
    expect(out).toStrictEqual(ttl === undefined ? {} : { ttl })
  })
})
