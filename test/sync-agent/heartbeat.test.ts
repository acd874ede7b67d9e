/**
 * The heartbeat: the meta renewed every --heartbeat seconds with where the cluster is, and not
 * more often; the owner stamp rides it; the flags that describe the site.
 */
import { describe, expect, it } from 'vitest'
import { metaKey } from '../../src/core/recordset/keys.ts'
import type { OwnerMeta } from '../../src/core/recordset/schema.ts'
import { checkOwnerMeta } from '../../src/core/recordset/validate.ts'
import { Controller } from '../../sync-agent/controller.ts'
import { nextHeartbeat, parseLocation, parseServes, siteProblem } from '../../sync-agent/plan/heartbeat.ts'
import { MemoryPublisher } from '../../sync-agent/publish/memory.ts'
import { Snapshot } from '../../sync-agent/watch/snapshot.ts'
import { ingress, testConfig } from './helpers.ts'

const T0 = Date.parse('2026-12-01T10:00:00Z')
const iso = (t: number) => new Date(t).toISOString()
const site = { region: 'eu-central-1', latitude: 50.11, longitude: 8.68, serves: ['EU'] }

describe('nextHeartbeat', () => {
  const options = { every: 600, site }
  const first = nextHeartbeat(null, options, T0)
  it('stamps the time, the interval and the site', () => {
    expect(first).toEqual({ at: iso(T0), every: 600, ...site })
  })
  it('keeps the last one until 90% of the interval has passed, then renews it', () => {
    expect(nextHeartbeat(first, options, T0 + 539_999)).toBe(first)
    expect(nextHeartbeat(first, options, T0 + 540_000)).toEqual({ ...first, at: iso(T0 + 540_000) })
  })
  it('renews at once when the interval or the site changes', () => {
    expect(nextHeartbeat(first, { every: 60, site }, T0 + 1000)).toEqual({ at: iso(T0 + 1000), every: 60, ...site })
    expect(nextHeartbeat(first, { every: 600, site: { ...site, region: 'eu-west-1' } }, T0 + 1000).region).toBe('eu-west-1')
  })
})

describe('the site flags', () => {
  it.each([
    ['50.11,8.68', { latitude: 50.11, longitude: 8.68 }],
    [' -33.87 , 151.21 ', { latitude: -33.87, longitude: 151.21 }],
    ['91,0', { error: '--location must be LAT,LON in degrees (e.g. 50.11,8.68), not "91,0"' }],
    ['50,-8', { latitude: 50, longitude: -8 }],
    ['+51.5,-0.12', { latitude: 51.5, longitude: -0.12 }],
    ['90,180', { latitude: 90, longitude: 180 }],
    ['-90,-180', { latitude: -90, longitude: -180 }],
    ['0,181', { error: '--location must be LAT,LON in degrees (e.g. 50.11,8.68), not "0,181"' }],
    ['50.11', { error: '--location must be LAT,LON in degrees (e.g. 50.11,8.68), not "50.11"' }],
    ['at 50.11,8.68', { error: '--location must be LAT,LON in degrees (e.g. 50.11,8.68), not "at 50.11,8.68"' }],
    ['50.11,8.68 N', { error: '--location must be LAT,LON in degrees (e.g. 50.11,8.68), not "50.11,8.68 N"' }],
    ['north,east', { error: '--location must be LAT,LON in degrees (e.g. 50.11,8.68), not "north,east"' }],
  ])('--location %j', (text, parsed) => {
    expect(parseLocation(text)).toEqual(parsed)
  })
  it.each([
    ['eu,DE, de', ['EU', 'DE']],
    ['EU,,DE,', ['EU', 'DE']],
    ['EU,EUR', { error: '--serves must list two-letter continent (EU, NA, AS, OC, SA, AF, AN) or country codes, not "EU,EUR"' }],
    ['EUR', { error: '--serves must list two-letter continent (EU, NA, AS, OC, SA, AF, AN) or country codes, not "EUR"' }],
    [',', { error: '--serves must list two-letter continent (EU, NA, AS, OC, SA, AF, AN) or country codes, not ","' }],
  ])('--serves %j', (text, parsed) => {
    expect(parseServes(text)).toEqual(parsed)
  })
  it('checks a region by the worker’s own rule', () => {
    expect(siteProblem({ every: 600, site: { region: 'eu-central-1' } })).toBeNull()
    expect(siteProblem({ every: 600, site: { region: 'two words' } })).toBe('region: not a short printable name')
  })
})

describe('the controller’s heartbeat', () => {
  function setup(options: { identity?: boolean } = {}) {
    const clock = { t: T0 }
    const snapshot = new Snapshot(['Ingress'])
    snapshot.replace('Ingress', [ingress('web', ['web.example.com'], [{ ip: '192.0.2.1' }])])
    const kv = new MemoryPublisher()
    const events = { warning: () => {}, published: () => {}, failed: () => {} }
    const identity = options.identity ? { cluster: 'uid-eu', holder: 'agent-0' } : undefined
    const controller = new Controller({ config: testConfig({ resources: ['Ingress'] }), snapshot, publisher: kv, isLeader: () => true, events, identity, heartbeat: { every: 600, site }, now: () => clock.t })
    const meta = (): OwnerMeta => {
      const checked = checkOwnerMeta(JSON.parse(kv.values.get(metaKey('default'))!.value))
      if (!checked.ok) throw new Error(checked.error)
      return checked.value
    }
    return { clock, controller, meta }
  }
  it('writes the meta once a beat and not in between, the worker reading it as version 3', async () => {
    const { clock, controller, meta } = setup()
    expect(await controller.runOnce()).toMatchObject({ kind: 'published' })
    expect(meta()).toMatchObject({ version: 3, heartbeat: { at: iso(T0), every: 600, ...site } })
    clock.t += 300_000
    expect(await controller.runOnce()).toEqual({ kind: 'unchanged', names: 1 })
    clock.t += 300_000
    expect(await controller.runOnce()).toMatchObject({ kind: 'published', puts: 1, deletes: 0 }) // the meta alone
    expect(meta().heartbeat?.at).toBe(iso(T0 + 600_000))
  })
  it('renews the owner stamp with the beat, costing no write of its own', async () => {
    const { clock, controller, meta } = setup({ identity: true })
    await controller.runOnce()
    clock.t += 600_000
    await controller.runOnce()
    expect(meta().publisher).toEqual({ cluster: 'uid-eu', holder: 'agent-0', at: iso(T0 + 600_000) })
    expect(meta().status?.publishedAt).toBe(iso(T0 + 600_000))
  })
  it('beats at once after standing by, rather than write back an older heartbeat', async () => {
    let leading = true
    const clock = { t: T0 }
    const snapshot = new Snapshot(['Ingress'])
    snapshot.replace('Ingress', [])
    const kv = new MemoryPublisher()
    const events = { warning: () => {}, published: () => {}, failed: () => {} }
    const controller = new Controller({ config: testConfig({ resources: ['Ingress'] }), snapshot, publisher: kv, isLeader: () => leading, events, heartbeat: { every: 600, site: {} }, now: () => clock.t })
    await controller.runOnce()
    leading = false
    await controller.runOnce()
    kv.values.set(metaKey('default'), { value: '{}', hash: 'other-leader' }) // another replica wrote meanwhile
    leading = true
    clock.t += 60_000
    expect(await controller.runOnce()).toMatchObject({ kind: 'published' })
    expect(JSON.parse(kv.values.get(metaKey('default'))!.value).heartbeat.at).toBe(iso(T0 + 60_000))
  })
})
