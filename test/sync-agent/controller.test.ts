/** The reconcile loop over a snapshot and an in-memory KV: what is published, when, and what is kept. */
import { describe, expect, it } from 'vitest'
import { nameKey } from '../../src/core/recordset/keys.ts'
import { Controller, type ControllerEvents, type RunResult } from '../../sync-agent/controller.ts'
import type { Changes } from '../../sync-agent/plan/plan.ts'
import { MemoryPublisher } from '../../sync-agent/publish/memory.ts'
import { Snapshot } from '../../sync-agent/watch/snapshot.ts'
import { ingress, service, testConfig } from './helpers.ts'

const config = testConfig({ resources: ['Ingress', 'Service'] })
const web = ingress('web', ['web.example.com'], [{ ip: '192.0.2.1' }])
const api = ingress('api', ['api.example.com'], [{ ip: '192.0.2.2' }])
const db = service('db', [{ ip: '192.0.2.3' }])

function setup(options: { leader?: () => boolean } = {}) {
  const snapshot = new Snapshot(['Ingress', 'Service'])
  const kv = new MemoryPublisher()
  const seen = { warnings: [] as string[], published: [] as RunResult[], failures: [] as string[] }
  const events: ControllerEvents = {
    warning: (m) => void seen.warnings.push(m),
    published: (r) => void seen.published.push(r),
    failed: (e) => void seen.failures.push(e.message),
  }
  const controller = new Controller({ config, snapshot, publisher: kv, isLeader: options.leader ?? (() => true), events })
  const hasName = (name: string) => kv.values.has(nameKey('default', name))
  return { snapshot, kv, controller, seen, hasName }
}

describe('controller', () => {
  it('waits until every kind has been listed once', async () => {
    const { snapshot, controller, kv } = setup()
    snapshot.replace('Ingress', [web])
    expect(await controller.runOnce()).toEqual({ kind: 'skipped', reason: 'waiting for first list' })
    expect(kv.values.size).toBe(0)
    snapshot.replace('Service', [db])
    expect(await controller.runOnce()).toMatchObject({ kind: 'published', deletes: 0 })
  })

  it('publishes the rendered set, then nothing while nothing changes', async () => {
    const { snapshot, controller, hasName } = setup()
    snapshot.replace('Ingress', [web, api])
    snapshot.replace('Service', [db])
    await controller.runOnce()
    expect(['web.example.com', 'api.example.com', 'db.default.example.com'].map(hasName)).toEqual([true, true, true])
    expect(await controller.runOnce()).toEqual({ kind: 'unchanged', names: 3 })
  })

  it('publishes one key for one changed object', async () => {
    const { snapshot, controller } = setup()
    snapshot.replace('Ingress', [web, api])
    snapshot.replace('Service', [db])
    await controller.runOnce()
    snapshot.upsert('Ingress', ingress('web', ['web.example.com'], [{ ip: '192.0.2.9' }]))
    expect(await controller.runOnce()).toMatchObject({ kind: 'published', puts: 1, deletes: 0 })
  })

  it('keeps the last good records of a kind whose list fails, and drops those of an absent kind', async () => {
    const { snapshot, controller, hasName } = setup()
    snapshot.replace('Ingress', [web])
    snapshot.replace('Service', [db])
    await controller.runOnce()
    snapshot.failed('Ingress', 'failing', 'connection refused')
    snapshot.replace('Service', [])
    await controller.runOnce()
    expect([hasName('web.example.com'), hasName('db.default.example.com')]).toEqual([true, false])
    snapshot.failed('Ingress', 'absent', 'not found')
    await controller.runOnce()
    expect(hasName('web.example.com')).toBe(false)
  })

  it('deletes nothing while a kind has never been listed (RBAC denied from the start)', async () => {
    const first = setup()
    first.snapshot.replace('Ingress', [web])
    first.snapshot.replace('Service', [db])
    await first.controller.runOnce()
    // a restarted agent that may not list Services: their keys are unknown to it, so kept
    const { snapshot, controller } = setup()
    const restarted = new Controller({ config, snapshot, publisher: first.kv, isLeader: () => true, events: { warning() {}, published() {}, failed() {} } })
    snapshot.replace('Ingress', [])
    snapshot.failed('Service', 'forbidden', 'services is forbidden')
    expect(await restarted.runOnce()).toMatchObject({ kind: 'unchanged' })
    expect(first.kv.values.has(nameKey('default', 'db.default.example.com'))).toBe(true)
    expect(restarted.mode).toBe('upsert-only')
    snapshot.replace('Service', [])
    // web, db.default and the empty non-terminal default.example.com above it
    expect(await restarted.runOnce()).toMatchObject({ kind: 'published', deletes: 3 })
  })

  it('does not publish as a standby, and lists KV first once it leads', async () => {
    let leader = false
    const { snapshot, controller, kv, hasName } = setup({ leader: () => leader })
    snapshot.replace('Ingress', [web])
    snapshot.replace('Service', [])
    expect(await controller.runOnce()).toEqual({ kind: 'skipped', reason: 'standby' })
    expect(kv.values.size).toBe(0)
    // meanwhile the old leader published something this replica no longer wants
    await kv.apply({ puts: [{ key: nameKey('default', 'stale.example.com'), value: '{}', hash: 'x' }], deletes: [] })
    leader = true
    await controller.runOnce()
    expect([hasName('web.example.com'), hasName('stale.example.com')]).toEqual([true, false])
  })

  it('recovers from a failed publish by listing KV again, losing nothing', async () => {
    const { snapshot, controller, kv, seen, hasName } = setup()
    const apply = kv.apply.bind(kv)
    let failNext = true
    kv.apply = async (changes: Changes) => {
      if (failNext) {
        failNext = false
        await apply({ puts: changes.puts.slice(0, 1), deletes: [] }) // half applied, then down
        throw new Error('KV API unavailable')
      }
      return apply(changes)
    }
    snapshot.replace('Ingress', [web, api])
    snapshot.replace('Service', [db])
    await expect(controller.runOnce()).rejects.toThrow('KV API unavailable')
    expect(seen.failures).toEqual(['KV API unavailable'])
    await controller.runOnce()
    expect(['web.example.com', 'api.example.com', 'db.default.example.com'].map(hasName)).toEqual([true, true, true])
    expect(await controller.runOnce()).toMatchObject({ kind: 'unchanged' })
  })

  it('reports each render warning once, not on every run', async () => {
    const { snapshot, controller, seen } = setup()
    snapshot.replace('Ingress', [ingress('bad', ['bad_host-.example.com'], [{ ip: '192.0.2.1' }])])
    snapshot.replace('Service', [])
    await controller.runOnce()
    await controller.runOnce()
    expect(seen.warnings).toHaveLength(1)
    expect(seen.warnings[0]).toMatch(/^Ingress default\/bad: /)
  })
})
