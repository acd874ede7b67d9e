/**
 * One owner id, one writer: a second cluster under the same --owner sees the first one's stamp
 * in the meta and refuses, deleting nothing; a stamp left by a cluster that is gone expires.
 */
import { describe, expect, it } from 'vitest'
import { metaKey, nameKey } from '../../src/core/recordset/keys.ts'
import { Controller } from '../../sync-agent/controller.ts'
import { HEARTBEAT_MS, LIVE_MS, nextStamp, ownerConflict } from '../../sync-agent/plan/ownership.ts'
import { MemoryPublisher } from '../../sync-agent/publish/memory.ts'
import { Snapshot } from '../../sync-agent/watch/snapshot.ts'
import { ingress, testConfig } from './helpers.ts'

const T0 = Date.parse('2026-12-01T10:00:00Z')
const east = { cluster: 'uid-east', holder: 'agent-0' }
const west = { cluster: 'uid-west', holder: 'agent-0' }
const stampAt = (who: typeof east, t: number) => ({ ...who, at: new Date(t).toISOString() })

describe('ownerConflict', () => {
  it('is none without a stamp, for our own cluster, and for a stamp older than three heartbeats', () => {
    expect(ownerConflict(null, west, 'eu', T0)).toBeNull()
    expect(ownerConflict(stampAt({ ...west, holder: 'agent-1' }, T0), west, 'eu', T0)).toBeNull()
    expect(ownerConflict(stampAt(east, T0), west, 'eu', T0 + LIVE_MS)).toBeNull()
  })
  it('names the live writer', () => {
    expect(ownerConflict(stampAt(east, T0), west, 'eu', T0 + 90_000)).toBe(
      'owner "eu" is published by another cluster (uid-east, agent-0, 90 s ago): refusing to publish; give each cluster its own --owner',
    )
  })
})

describe('nextStamp', () => {
  it('keeps a fresh stamp of ours, and renews it hourly or for a new holder', () => {
    const ours = stampAt(east, T0)
    expect(nextStamp(ours, east, T0 + HEARTBEAT_MS - 1)).toBe(ours)
    expect(nextStamp(ours, east, T0 + HEARTBEAT_MS)).toEqual(stampAt(east, T0 + HEARTBEAT_MS))
    expect(nextStamp(ours, { ...east, holder: 'agent-1' }, T0)).toEqual(stampAt({ ...east, holder: 'agent-1' }, T0))
    expect(nextStamp(null, east, T0)).toEqual(ours)
  })
  it('renews a fresh stamp of another cluster, even under the same holder name', () => {
    expect(nextStamp(stampAt(west, T0), east, T0 + 1000)).toEqual(stampAt(east, T0 + 1000))
  })
})

describe('two clusters under one owner id', () => {
  function agent(identity: typeof east, kv: MemoryPublisher, hosts: string[], clock: { t: number }) {
    const snapshot = new Snapshot(['Ingress'])
    snapshot.replace('Ingress', [ingress('web', hosts, [{ ip: '192.0.2.1' }])])
    const events = { warning() {}, published() {}, failed() {} }
    const config = testConfig({ resources: ['Ingress'], owner: 'eu' })
    return new Controller({ config, snapshot, publisher: kv, isLeader: () => true, events, identity, now: () => clock.t })
  }

  it('the second refuses and deletes nothing; it takes over once the first has been silent three hours', async () => {
    const kv = new MemoryPublisher()
    const clock = { t: T0 }
    const first = agent(east, kv, ['a.example.com'], clock)
    expect(await first.runOnce()).toMatchObject({ kind: 'published' })
    const before = new Map(kv.values)

    const second = agent(west, kv, ['b.example.com'], clock)
    clock.t += 60_000
    expect(await second.runOnce()).toMatchObject({ kind: 'conflict', reason: expect.stringContaining('uid-east') })
    expect(kv.values).toEqual(before)

    // the first one heartbeats with nothing else to change, and stays the writer
    clock.t = T0 + HEARTBEAT_MS
    expect(await first.runOnce()).toMatchObject({ kind: 'published', puts: 1 })
    expect(JSON.parse(kv.values.get(metaKey('eu'))!.value).publisher).toEqual(stampAt(east, T0 + HEARTBEAT_MS))
    second.resync()
    expect(await second.runOnce()).toMatchObject({ kind: 'conflict' })

    // the first cluster is gone: three heartbeats later its stamp has expired
    clock.t = T0 + HEARTBEAT_MS + LIVE_MS
    second.resync()
    expect(await second.runOnce()).toMatchObject({ kind: 'published' })
    expect(kv.values.has(nameKey('eu', 'b.example.com'))).toBe(true)
    expect(JSON.parse(kv.values.get(metaKey('eu'))!.value).publisher.cluster).toBe('uid-west')
  })

  it('writes nothing new for an unchanged world between heartbeats', async () => {
    const kv = new MemoryPublisher()
    const clock = { t: T0 }
    const only = agent(east, kv, ['a.example.com'], clock)
    await only.runOnce()
    clock.t += HEARTBEAT_MS - 1
    only.resync()
    expect(await only.runOnce()).toMatchObject({ kind: 'unchanged' })
  })
})
