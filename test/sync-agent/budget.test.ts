/** The daily KV write budget: the most important changes first, the rest held for the next day. */
import { describe, expect, it } from 'vitest'
import { metaKey, nameKey } from '../../src/core/recordset/keys.ts'
import { Controller } from '../../sync-agent/controller.ts'
import { withinBudget, WriteBudget } from '../../sync-agent/plan/budget.ts'
import { plan } from '../../sync-agent/plan/plan.ts'
import { MemoryPublisher } from '../../sync-agent/publish/memory.ts'
import { Snapshot } from '../../sync-agent/watch/snapshot.ts'
import { ingress, testConfig } from './helpers.ts'

const key = (name: string) => nameKey('default', name)
const META = metaKey('default')

describe('withinBudget', () => {
  const published = new Map([
    [META, 'old'],
    [key('changed.example.com'), 'old'],
    [key('gone.example.com'), 'old'],
  ])
  const desired = new Map([
    [META, 'meta v2'],
    [key('changed.example.com'), 'new address'],
    [key('a-new.example.com'), 'x'],
    [key('b-new.example.com'), 'y'],
  ])
  const changes = plan(desired, published, 'default')
  const keys = (n: number) => {
    const { now, held } = withinBudget(changes, published, n)
    return { puts: now.puts.map((p) => p.key), deletes: now.deletes, held }
  }

  it('takes everything within the allowance, exactly at it too, in the plan\'s order', () => {
    const all = { puts: [key('a-new.example.com'), key('b-new.example.com'), key('changed.example.com'), META], deletes: [key('gone.example.com')], held: 0 }
    expect(keys(5)).toEqual(all)
    expect(keys(6)).toEqual(all)
    expect(keys(4).held).toBe(1)
    expect(withinBudget(changes, published, 5).now).toBe(changes)
    expect(withinBudget(changes, published, 6).now).toBe(changes)
  })
  it('goes meta, deletes, changed names, then new names', () => {
    expect(keys(1)).toEqual({ puts: [META], deletes: [], held: 4 })
    expect(keys(2)).toEqual({ puts: [META], deletes: [key('gone.example.com')], held: 3 })
    expect(keys(3)).toEqual({ puts: [key('changed.example.com'), META], deletes: [key('gone.example.com')], held: 2 })
    expect(keys(4).puts).toEqual([key('a-new.example.com'), key('changed.example.com'), META])
    expect(keys(0)).toEqual({ puts: [], deletes: [], held: 5 })
  })
})

describe('WriteBudget', () => {
  it('counts writes per UTC day', () => {
    let t = Date.parse('2026-12-01T23:59:00Z')
    const budget = new WriteBudget(1000, () => t)
    budget.spend(990)
    expect(budget.remaining()).toBe(10)
    budget.spend(20)
    expect(budget.remaining()).toBe(0)
    t = Date.parse('2026-12-02T00:00:00Z')
    expect(budget.remaining()).toBe(1000)
  })
  it('keeps the count through the day and starts afresh at 00:00 UTC', () => {
    let t = Date.parse('2026-12-01T00:00:00Z')
    const budget = new WriteBudget(100, () => t)
    budget.spend(30)
    t += 60_000
    budget.spend(30)
    t = Date.parse('2026-12-01T23:59:59.999Z')
    expect(budget.remaining()).toBe(40)
    t += 1
    expect(budget.remaining()).toBe(100)
    budget.spend(150)
    expect(budget.remaining()).toBe(0)
  })
})

describe('controller with a write budget', () => {
  it('publishes the first part of a big change, holds the rest, and finishes the next day', async () => {
    let t = Date.parse('2026-12-01T12:00:00Z')
    const budget = new WriteBudget(10, () => t)
    const snapshot = new Snapshot(['Ingress'])
    const hosts = Array.from({ length: 20 }, (_, i) => `h${String(i).padStart(2, '0')}.example.com`)
    snapshot.replace('Ingress', [ingress('many', hosts, [{ ip: '192.0.2.1' }])])
    const kv = new MemoryPublisher()
    const events = { warning() {}, published() {}, failed() {} }
    const controller = new Controller({ config: testConfig({ resources: ['Ingress'] }), snapshot, publisher: kv, isLeader: () => true, events, budget })
    expect(await controller.runOnce()).toMatchObject({ kind: 'published', puts: 10, overBudget: 12 }) // 20 names, a marker, the meta
    expect(kv.values.has(META)).toBe(true)
    expect(await controller.runOnce()).toEqual({ kind: 'over budget', names: 20, overBudget: 12 })
    t = Date.parse('2026-12-02T00:00:01Z')
    expect(await controller.runOnce()).toMatchObject({ kind: 'published', puts: 10, overBudget: 2 })
    t = Date.parse('2026-12-03T00:00:01Z')
    expect(await controller.runOnce()).toMatchObject({ kind: 'published', puts: 2, overBudget: 0 })
    expect(await controller.runOnce()).toEqual({ kind: 'unchanged', names: 20 })
  })
})
