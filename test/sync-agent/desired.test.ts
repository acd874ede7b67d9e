/** The desired state is rendered again only when the snapshot or the configuration changed. */
import { describe, expect, it } from 'vitest'
import { checkOwnerMeta } from '../../src/core/recordset/validate.ts'
import { DesiredState } from '../../sync-agent/plan/desired.ts'
import { Snapshot } from '../../sync-agent/watch/snapshot.ts'
import { ingress, testConfig } from './helpers.ts'

describe('DesiredState', () => {
  it('reuses the last render and entries while nothing changed, and renders afresh after a change', () => {
    const snapshot = new Snapshot(['Ingress'])
    snapshot.replace('Ingress', [ingress('web', ['web.example.com'], [{ ip: '192.0.2.1' }])])
    const config = testConfig({ resources: ['Ingress'] })
    const desired = new DesiredState()
    const first = desired.render(snapshot, config)
    expect(desired.render(snapshot, config)).toBe(first)
    const entries = desired.entriesOf(first, undefined)
    expect(desired.entriesOf(first, undefined)).toBe(entries)

    const stamp = { cluster: 'c', holder: 'h', at: '2026-12-01T10:00:00.000Z' }
    expect(JSON.parse(desired.entriesOf(first, stamp).get('v1/meta/default')!.value).publisher).toEqual(stamp)
    // the page's status comes with the stamp and its time only, never a write of its own
    expect(JSON.parse(desired.entriesOf(first, stamp).get('v1/meta/default')!.value).status).toBeUndefined()
    const versioned = new DesiredState('1.2.3')
    const meta = JSON.parse(versioned.entriesOf(versioned.render(snapshot, config), stamp).get('v1/meta/default')!.value)
    expect(meta.status).toEqual({ publishedAt: stamp.at, agentVersion: '1.2.3', names: 1 })
    expect(checkOwnerMeta(meta)).toEqual({ ok: true, value: meta }) // the worker takes it as it is
    expect(JSON.parse(versioned.entriesOf(versioned.render(snapshot, config), undefined).get('v1/meta/default')!.value).status).toBeUndefined()

    snapshot.upsert('Ingress', ingress('web', ['web.example.com'], [{ ip: '192.0.2.2' }]))
    const second = desired.render(snapshot, config)
    expect(second).not.toBe(first)
    expect(second.recordSet.names['web.example.com']).toEqual({ a: ['192.0.2.2'] })
    expect(desired.render(snapshot, { ...config })).not.toBe(second) // a reloaded config
  })
})

describe('DesiredState.entriesOf', () => {
  it('gives the entries of the render it is given, and keeps the Put of a value that did not change', () => {
    const snapshot = new Snapshot(['Ingress'])
    snapshot.replace('Ingress', [
      ingress('web', ['web.example.com'], [{ ip: '192.0.2.1' }]),
      ingress('api', ['api.example.com'], [{ ip: '192.0.2.3' }]),
    ])
    const config = testConfig({ resources: ['Ingress'] })
    const desired = new DesiredState()
    const stamp = { cluster: 'c', holder: 'h', at: '2026-12-01T10:00:00.000Z' }
    const before = desired.entriesOf(desired.render(snapshot, config), stamp)

    snapshot.upsert('Ingress', ingress('web', ['web.example.com'], [{ ip: '192.0.2.2' }]))
    const after = desired.entriesOf(desired.render(snapshot, config), stamp)
    const web = 'v1/name/default/web.example.com'
    const api = 'v1/name/default/api.example.com'
    expect(JSON.parse(after.get(web)!.value)).toEqual({ a: ['192.0.2.2'] })
    expect(after.get(web)!.hash).not.toBe(before.get(web)!.hash)
    // the unchanged value is not hashed again: the same Put, hash and all
    expect(after.get(api)).toBe(before.get(api))
  })
})

describe('RenderMemo', () => {
  it('renders exactly what a fresh render does, after changes, removals and a new config', async () => {
    const { render, RenderMemo } = await import('../../sync-agent/render/render.ts')
    const { dnsEndpoint, service } = await import('./helpers.ts')
    const memo = new RenderMemo()
    const config = testConfig()
    let objects = [
      ingress('web', ['web.example.com', 'bad..host'], [{ ip: '192.0.2.1' }]),
      ingress('dup', ['web.example.com'], [{ ip: '192.0.2.9' }]),
      service('dns1', [{ ip: '192.0.2.53' }], { namespace: 'kube-system' }),
      dnsEndpoint('txt', [{ dnsName: 't.example.com', recordType: 'TXT', targets: ['x'] }]),
    ]
    const same = () => expect(render(objects, config, memo)).toEqual(render(objects, config))
    same()
    same()
    objects = [ingress('web', ['web.example.com'], [{ ip: '192.0.2.2' }]), ...objects.slice(1)]
    same()
    objects = objects.slice(0, 2)
    same()
    const other = testConfig({ zones: ['example.com', 'example.org'] })
    expect(render(objects, other, memo)).toEqual(render(objects, other))
  })
})
