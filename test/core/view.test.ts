/** The view one question is answered from: several owners merged (view.ts). */
import { describe, expect, it } from 'vitest'
import { ownerMeta } from '../../src/core/recordset/keys.ts'
import type { NameRecords, OwnerMeta } from '../../src/core/recordset/schema.ts'
import { DEFAULT_STEERING, route } from '../../src/core/recordset/steering.ts'
import { forwardOf, mergeOwners } from '../../src/core/recordset/view.ts'
import { recordSet } from '../helpers/recordset.ts'

const meta = (owner: string, options: Partial<OwnerMeta> = {}): OwnerMeta => ownerMeta(recordSet({}, { owner, ...options }))
const names = (entries: Record<string, NameRecords>): Map<string, NameRecords> => new Map(Object.entries(entries))

describe('mergeOwners', () => {
  it('serves and relays nothing when no owner has published', () => {
    expect(mergeOwners([], [])).toStrictEqual({ zones: [], fallthrough: null, forward: null, serverBlock: [], names: new Map() })
  })

  it('records the steering route’s key, and none when nothing is steered', () => {
    const metas = [meta('east'), meta('west')]
    const owned = [names({ 'a.example.com': { a: ['192.0.2.1'] } }), names({})]
    const steered = route(metas, {}, DEFAULT_STEERING, 0)
    expect(mergeOwners(metas, owned, steered).route).toBe(steered.key)
    expect(mergeOwners(metas, owned)).not.toHaveProperty('route')
  })

  it('unions the addresses of a shared name in sorted order, at most 64 per family', () => {
    const v4 = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `192.0.2.${100 + from + i}`)
    const v6 = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `2001:db8::${(0x100 + from + i).toString(16)}`)
    const view = mergeOwners([meta('east'), meta('west')], [
      names({ 'm.example.com': { a: v4(40, 80), aaaa: v6(40, 80) } }),
      names({ 'm.example.com': { a: v4(0, 40), aaaa: v6(0, 40) } }),
    ])
    expect(view.names.get('m.example.com')).toStrictEqual({ a: v4(0, 64), aaaa: v6(0, 64) })
  })

  it('gives a merged name only the types its owners have', () => {
    const view = mergeOwners([meta('east'), meta('west')], [
      names({ 'a.example.com': { a: ['192.0.2.2'] }, 't.example.com': { txt: ['b'] } }),
      names({ 'a.example.com': { a: ['192.0.2.1'] }, 't.example.com': { txt: ['a', 'b'] } }),
    ])
    expect(view.names.get('a.example.com')).toStrictEqual({ a: ['192.0.2.1', '192.0.2.2'] })
    expect(view.names.get('t.example.com')).toStrictEqual({ txt: ['b', 'a'] })
  })
})

describe('forwardOf', () => {
  const forward = { upstreams: ['https://a.test/dns-query', 'https://b.test/dns-query'], policy: 'sequential' as const, maxFails: 0, healthCheck: 5 }
  it.each<[string, Partial<OwnerMeta>, ReturnType<typeof forwardOf>]>([
    ['its forward', { forward, upstream: 'https://a.test/dns-query' }, forward],
    ['an older meta’s one upstream, with CoreDNS’s defaults', { upstream: 'https://a.test/dns-query' }, { upstreams: ['https://a.test/dns-query'], policy: 'random', maxFails: 2, healthCheck: 0.5 }],
    ['the upstream when forward lists none', { forward: { ...forward, upstreams: [] }, upstream: 'https://c.test/dns-query' }, { upstreams: ['https://c.test/dns-query'], policy: 'random', maxFails: 2, healthCheck: 0.5 }],
    ['nothing when neither is set', {}, null],
  ])('relays by %s', (_, options, expected) => {
    expect(forwardOf(meta('east', options))).toEqual(expected)
  })
})
