import { describe, expect, it } from 'vitest'
import { emptyNonTerminals, kvEntries, metaKey, nameKey, OWNER_PATTERN, ownerPrefixes, ownsKey } from '../../src/core/recordset/keys.ts'
import { recordSet, zoneMeta } from '../helpers/recordset.ts'

describe('KV layout', () => {
  it('writes one key per name plus the owner meta', () => {
    const set = recordSet({ 'web.example.com': { a: ['192.0.2.1'] } })
    const kv = kvEntries(set)
    expect([...kv.keys()]).toEqual([
      'v1/meta/default',
      'v1/name/default/kube-system.example.com',
      'v1/name/default/web.example.com',
    ])
    expect(JSON.parse(kv.get(nameKey('default', 'web.example.com'))!)).toEqual({ a: ['192.0.2.1'] })
    expect(JSON.parse(kv.get(metaKey('default'))!)).not.toHaveProperty('names')
  })
  it('marks every empty non-terminal between a name and its zone, and no more', () => {
    const set = recordSet(
      {
        'a.b.c.example.com': { a: ['192.0.2.1'] },
        'c.example.com': { a: ['192.0.2.2'] },
        '*.apps.example.com': { a: ['192.0.2.3'] },
        'x.dev.example.com': { a: ['192.0.2.4'] },
      },
      { zones: [zoneMeta('example.com'), zoneMeta('dev.example.com')] },
    )
    expect(emptyNonTerminals(set)).toEqual(['apps.example.com', 'b.c.example.com', 'kube-system.dev.example.com', 'kube-system.example.com'])
  })
  it('lists the entries in key order, whatever order the names and markers come in', () => {
    const set = recordSet({ 'z.y.example.com': { a: ['192.0.2.1'] }, 'a.example.com': { a: ['192.0.2.2'] } })
    expect([...kvEntries(set).keys()]).toEqual([
      'v1/meta/default',
      'v1/name/default/a.example.com',
      'v1/name/default/kube-system.example.com',
      'v1/name/default/y.example.com',
      'v1/name/default/z.y.example.com',
    ])
  })
  it('marks nothing for a name outside every zone', () => {
    const set = recordSet({ 'a.b.other.test': { a: ['192.0.2.1'] } })
    expect(emptyNonTerminals(set)).toEqual(['kube-system.example.com'])
  })
  it('keeps a name change to its own key, whatever the zone size', () => {
    const names = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`h${i}.example.com`, { a: ['192.0.2.1'] }]))
    const before = kvEntries(recordSet(names))
    const after = kvEntries(recordSet({ ...names, 'h7.example.com': { a: ['192.0.2.2'] } }))
    const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k)
    expect(changed).toEqual([nameKey('default', 'h7.example.com')])
  })
  it.each([
    ['cluster-east.1', true],
    ['a', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['a/b', false],
    ['', false],
    ['Upper', false],
    ['-east', false],
    ['east-', false],
  ])('takes %s as an owner id (a safe key segment, 1-63 characters): %s', (owner, ok) => {
    expect(OWNER_PATTERN.test(owner)).toBe(ok)
  })
})

describe('key ownership', () => {
  it.each([
    ['v1/meta/default', true],
    ['v1/name/default/web.example.com', true],
    ['v1/meta/default-2', false], // a listing by the meta key as prefix finds it too
    ['v1/name/default-2/web.example.com', false],
    ['v1/meta/defaul', false],
    ['v2/meta/default', false],
  ])('owner default owns %s: %s', (key, owned) => {
    expect(ownsKey('default', key)).toBe(owned)
  })
  it('lists an owner by its meta key and its name prefix, which cover every key it writes', () => {
    const prefixes = ownerPrefixes('default')
    expect(prefixes).toEqual(['v1/meta/default', 'v1/name/default/'])
    const set = recordSet({ 'web.example.com': { a: ['192.0.2.1'] }, 'x.apps.example.com': { a: ['192.0.2.2'] } })
    for (const key of kvEntries(set).keys()) expect(prefixes.some((p) => key.startsWith(p)), key).toBe(true)
  })
})
