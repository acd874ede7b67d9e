/** Services that ask for their endpoints answer with the ready addresses of their EndpointSlices. */
import { describe, expect, it } from 'vitest'
import { render, RenderMemo } from '../../../sync-agent/render/render.ts'
import { endpointSlice, headless, names, run, service, testConfig } from '../helpers.ts'

describe('k8s-gateway.dns/resolve-endpoints', () => {
  it.each<[string, Parameters<typeof endpointSlice>[2], object]>([
    ['ready endpoints', [{ addresses: ['10.0.0.2'], ready: true }, { addresses: ['10.0.0.1'], ready: true }], { a: ['10.0.0.1', '10.0.0.2'] }],
    ['NotReady endpoints skipped', [{ addresses: ['10.0.0.1'], ready: true }, { addresses: ['10.0.0.9'], ready: false }], { a: ['10.0.0.1'] }],
    ['no ready condition: ready (the API reads it as unknown)', [{ addresses: ['10.0.0.1'] }], { a: ['10.0.0.1'] }],
  ])('%s', (_, endpoints, records) => {
    expect(names([headless('db'), endpointSlice('db-abc', 'db', endpoints)])).toEqual({ 'db.default.example.com': records })
  })

  it('merges every slice of the Service, both families, duplicates once', () => {
    const objects = [
      headless('db'),
      endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.1'] }]),
      endpointSlice('db-2', 'db', [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.3'] }]),
      endpointSlice('db-6', 'db', [{ addresses: ['FD00::1'] }], { addressType: 'IPv6' }),
      endpointSlice('db-fqdn', 'db', [{ addresses: ['db.example.net'] }], { addressType: 'FQDN' }),
    ]
    expect(names(objects)).toEqual({ 'db.default.example.com': { a: ['10.0.0.1', '10.0.0.3'], aaaa: ['fd00::1'] } })
  })

  it("reads only its own Service's slices, in its own namespace", () => {
    const objects = [
      headless('db'),
      endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.1'] }]),
      endpointSlice('db-x', 'db', [{ addresses: ['10.9.9.9'] }], { namespace: 'other' }),
      endpointSlice('web-1', 'web', [{ addresses: ['10.8.8.8'] }]),
    ]
    expect(names(objects)).toEqual({ 'db.default.example.com': { a: ['10.0.0.1'] } })
  })

  it('serves the hostname annotation names, and any Service type, LoadBalancer included (as upstream)', () => {
    const lb = service('lb', [{ ip: '192.0.2.1' }], {
      annotations: { 'k8s-gateway.dns/resolve-endpoints': 'true', 'coredns.io/hostname': 'lb.example.com' },
    })
    expect(names([lb, endpointSlice('lb-1', 'lb', [{ addresses: ['10.0.0.5'] }])])).toEqual({
      'lb.example.com': { a: ['10.0.0.5'] },
    })
  })

  it('the target annotation wins over the endpoints', () => {
    const db = headless('db', { annotations: { 'external-dns.alpha.kubernetes.io/target': '192.0.2.9' } })
    expect(names([db, endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.1'] }])])).toEqual({
      'db.default.example.com': { a: ['192.0.2.9'] },
    })
  })

  it('warns, naming the Service, when no endpoint is ready; a bad address is skipped', () => {
    const { recordSet, warnings } = run([
      headless('db'),
      endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.9'], ready: false }]),
      headless('web'),
      endpointSlice('web-1', 'web', [{ addresses: ['10.0.0.1', 'nope'] }]),
    ])
    expect(recordSet.names).toEqual({ 'web.default.example.com': { a: ['10.0.0.1'] } })
    expect(warnings).toEqual([
      'Service default/db: k8s-gateway.dns/resolve-endpoints: no ready endpoint address in its EndpointSlices, not served',
      'Service default/web: "nope" is not an IP address, skipped',
    ])
  })

  it('only "true" opts in', () => {
    const off = headless('db', { annotations: { 'k8s-gateway.dns/resolve-endpoints': 'yes' } })
    expect(run([off, endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.1'] }])])).toMatchObject({ recordSet: { names: {} }, warnings: [] })
  })

  it('with the render memo: a Service whose slices change is rendered again, unchanged ones kept', () => {
    const memo = new RenderMemo()
    const config = testConfig()
    const db = headless('db')
    const web = headless('web')
    const webSlice = endpointSlice('web-1', 'web', [{ addresses: ['10.0.1.1'] }])
    let objects = [db, web, webSlice, endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.1'] }])]
    const served = () => render(objects, config, memo).recordSet.names
    expect(served()).toEqual({ 'db.default.example.com': { a: ['10.0.0.1'] }, 'web.default.example.com': { a: ['10.0.1.1'] } })
    // The same Service object, a new slice object: the answer follows the slice.
    objects = [db, web, webSlice, endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.2'] }])]
    expect(served()['db.default.example.com']).toEqual({ a: ['10.0.0.2'] })
    objects = [db, web, webSlice, endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.2'] }]), endpointSlice('db-2', 'db', [{ addresses: ['10.0.0.3'] }])]
    expect(served()['db.default.example.com']).toEqual({ a: ['10.0.0.2', '10.0.0.3'] })
    objects = [db, web, webSlice]
    expect(served()).toEqual({ 'web.default.example.com': { a: ['10.0.1.1'] } })
    expect(render(objects, config, memo)).toEqual(render(objects, config))
  })
})
