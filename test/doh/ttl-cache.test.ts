/** The isolate caches' map: entries expire, the bound holds, the least recently used goes first. */
import { describe, expect, it } from 'vitest'
import { TtlCache } from '../../src/store/ttl-cache.ts'

describe('TtlCache', () => {
  it('forgets an entry once its time is up', () => {
    const clock = { t: 0 }
    const cache = new TtlCache<string>(10, () => clock.t)
    cache.set('a', 'x', 100)
    clock.t = 99
    expect(cache.get('a')?.value).toBe('x')
    clock.t = 100
    expect(cache.get('a')).toBeUndefined()
    expect(cache.size).toBe(0)
  })
  it('keeps a cached null as a hit (a key known to be absent)', () => {
    const cache = new TtlCache<string | null>(10)
    cache.set('gone', null, 1000)
    expect(cache.get('gone')).toEqual(expect.objectContaining({ value: null }))
  })
  it('holds at most its bound, evicting the least recently used', () => {
    const cache = new TtlCache<number>(2)
    cache.set('a', 1, 1000)
    cache.set('b', 2, 1000)
    cache.get('a') // a is now the most recently used
    cache.set('c', 3, 1000)
    expect([cache.get('a')?.value, cache.get('b'), cache.get('c')?.value, cache.size]).toEqual([1, undefined, 3, 2])
  })
})
