import { describe, expect, it } from 'vitest'
import { kvEntries, nameKey } from '../../src/core/recordset/keys.ts'
import { contentHash } from '../../sync-agent/plan/hash.ts'
import { applied, hasChanges, plan } from '../../sync-agent/plan/plan.ts'
import { recordSet } from '../helpers/recordset.ts'

const published = (entries: Map<string, string>) => new Map([...entries].map(([k, v]) => [k, contentHash(v)]))

describe('contentHash', () => {
  // The hash rides in KV metadata and is compared with what an earlier agent stored: another
  // digest or length would make every key look changed and rewrite the whole zone once after
  // an upgrade (days of a free plan's 1,000 writes for a big zone).
  it('is the first 22 characters of the base64url SHA-256, stable across releases', () => {
    expect(contentHash('')).toBe('47DEQpj8HBSa-_TImW-5JC')
    expect(contentHash('{"a":["192.0.2.1"]}')).toHaveLength(22)
  })
})

describe('plan', () => {
  const base = kvEntries(recordSet({ 'web.example.com': { a: ['192.0.2.1'] }, 'old.example.com': { a: ['192.0.2.9'] } }))

  it('puts everything into an empty store, names before the meta', () => {
    const changes = plan(base, new Map(), 'default')
    expect(changes.deletes).toEqual([])
    expect(changes.puts.map((p) => p.key)).toEqual([
      'v1/name/default/kube-system.example.com',
      'v1/name/default/old.example.com',
      'v1/name/default/web.example.com',
      'v1/meta/default',
    ])
  })
  it('changes nothing when the store matches', () => {
    expect(hasChanges(plan(base, published(base), 'default'))).toBe(false)
  })
  it('has changes when there is a put or a delete alone', () => {
    const put = { key: nameKey('default', 'a.example.com'), value: '{}', hash: 'h' }
    expect(hasChanges({ puts: [put], deletes: [] })).toBe(true)
    expect(hasChanges({ puts: [], deletes: [put.key] })).toBe(true)
  })
  // One order for the same work, whatever order KV lists keys in or the render gives names.
  it('sorts deletes and puts by key, the meta last', () => {
    const names = ['m', 'c', 'x', 'a', 'q', 'b', 'z', 'k'].map((n) => nameKey('default', `${n}.example.com`))
    const desired = new Map([['v1/meta/default', 'meta'], ...names.map((k): [string, string] => [k, k])])
    expect(plan(desired, new Map(), 'default').puts.map((p) => p.key)).toEqual([...names].sort().concat('v1/meta/default'))
    const stale = new Map(names.map((k): [string, string] => [k, 'x']))
    expect(plan(new Map(), stale, 'default').deletes).toEqual([...names].sort())
  })
  it('puts a changed name and deletes a vanished one, touching nothing else', () => {
    const next = kvEntries(recordSet({ 'web.example.com': { a: ['192.0.2.2'] } }))
    const changes = plan(next, published(base), 'default')
    expect(changes.puts.map((p) => p.key)).toEqual([nameKey('default', 'web.example.com')])
    expect(changes.deletes).toEqual([nameKey('default', 'old.example.com')])
    expect(applied(published(base), changes)).toEqual(published(next))
  })
  it('reconciles keys published by a crashed or older agent', () => {
    const stale = new Map([...published(base), [nameKey('default', 'ghost.example.com'), 'x']])
    expect(plan(base, stale, 'default').deletes).toEqual([nameKey('default', 'ghost.example.com')])
  })
  // Owner ids may prefix each other ("default", "default-2"): a key is ours only when it is our
  // meta key exactly, or lies under our own name prefix with its slash.
  it('never deletes the keys of an owner whose id starts with its own', () => {
    const neighbour = new Map([
      ['v1/meta/default-2', 'x'],
      ['v1/name/default-2/web.example.com', 'y'],
      ['v1/name/defaultx', 'z'],
      ...published(base),
    ])
    expect(plan(base, neighbour, 'default').deletes).toEqual([])
    expect(() => plan(new Map([['v1/meta/default-2', '{}']]), new Map(), 'default')).toThrow(
      'refusing to write v1/meta/default-2: not under owner "default"',
    )
    expect(() => plan(new Map([['v1/name/default-2/a.example.com', '{}']]), new Map(), 'default')).toThrow(
      'refusing to write v1/name/default-2/a.example.com: not under owner "default"',
    )
  })
  it('never deletes another owner, and refuses to write outside its own keys', () => {
    const foreign = new Map([[nameKey('west', 'web.example.com'), 'x'], ['v1/meta/west', 'y']])
    expect(plan(base, foreign, 'default').deletes).toEqual([])
    expect(() => plan(new Map([[nameKey('west', 'a.example.com'), '{}']]), new Map(), 'default')).toThrow(
      'refusing to write v1/name/west/a.example.com: not under owner "default"',
    )
  })
})
