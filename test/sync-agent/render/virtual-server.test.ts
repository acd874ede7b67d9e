import { describe, expect, it } from 'vitest'
import { renderVirtualServer } from '../../../sync-agent/render/virtual-server.ts'
import { names, run, virtualServer } from '../helpers.ts'
import { renderKind } from './kind-context.ts'

describe('VirtualServer', () => {
  it('serves spec.host with status.externalEndpoints', () => {
    const vs = virtualServer('cafe', 'cafe.example.com', [
      { ip: '192.0.2.30' },
      { ip: '2001:db8::30' },
    ])
    expect(names([vs])).toEqual({
      'cafe.example.com': { a: ['192.0.2.30'], aaaa: ['2001:db8::30'] },
    })
  })

  it('answers a CNAME for an endpoint that only has a hostname', () => {
    const vs = virtualServer('cafe', 'cafe.example.com', [{ hostname: 'nlb.example.net' }])
    expect(names([vs])).toEqual({ 'cafe.example.com': { cname: 'nlb.example.net' } })
  })

  it('warns when there is no endpoint yet', () => {
    const { recordSet, warnings } = run([virtualServer('cafe', 'cafe.example.com', [])])
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual([
      'VirtualServer default/cafe: no address in status.externalEndpoints yet, its host is not served',
    ])
  })

  it('gives no entry without spec.host or without an endpoint', () => {
    const noHost = renderKind(renderVirtualServer, virtualServer('cafe', '', [{ ip: '192.0.2.30' }]))
    expect(noHost).toEqual({ entries: [], warnings: ['no spec.host, nothing to serve'] })
    expect(renderKind(renderVirtualServer, virtualServer('cafe', 'cafe.example.com', [])).entries).toEqual([])
  })

  it("is not confused with F5's VirtualServer", () => {
    const f5 = {
      ...virtualServer('f5', 'f5.example.com', [{ ip: '192.0.2.1' }]),
      apiVersion: 'cis.f5.com/v1',
    }
    expect(names([f5])).toEqual({})
  })
})
