import { describe, expect, it } from 'vitest'
import { gateway, names, route, run } from '../helpers.ts'

const pub = gateway('public', 'infra', [
  { type: 'IPAddress', value: '203.0.113.1' },
  { value: '2001:db8::1' }, // type defaults to IPAddress
])
const other = gateway('internal', 'default', [{ type: 'IPAddress', value: '10.0.0.1' }], 'istio')

describe('Gateway API routes', () => {
  it.each(['HTTPRoute', 'TLSRoute', 'GRPCRoute'])(
    '%s serves its hostnames with its Gateway addresses',
    (kind) => {
      const r = route(kind, 'r', ['app.example.com'], [{ name: 'public', namespace: 'infra' }])
      expect(names([pub, r])).toEqual({
        'app.example.com': { a: ['203.0.113.1'], aaaa: ['2001:db8::1'] },
      })
    }
  )

  it("defaults the parent's namespace to the route's and merges several parents", () => {
    const r = route(
      'HTTPRoute',
      'r',
      ['app.example.com'],
      [{ name: 'internal' }, { name: 'public', namespace: 'infra' }]
    )
    expect(names([pub, other, r])['app.example.com']).toEqual({
      a: ['10.0.0.1', '203.0.113.1'],
      aaaa: ['2001:db8::1'],
    })
  })

  it('filters parent Gateways by gatewayClasses', () => {
    const r = route(
      'HTTPRoute',
      'r',
      ['app.example.com'],
      [{ name: 'internal' }, { name: 'public', namespace: 'infra' }]
    )
    expect(names([pub, other, r], { gatewayClasses: ['istio'] })['app.example.com']).toEqual({
      a: ['10.0.0.1'],
    })
  })

  it('skips non-Gateway parents silently and warns about missing Gateways', () => {
    const r = route(
      'HTTPRoute',
      'r',
      ['app.example.com'],
      [
        { kind: 'Service', group: '', name: 'mesh' },
        { name: 'gone' },
        { name: 'public', namespace: 'infra' },
      ]
    )
    const { recordSet, warnings } = run([pub, r])
    expect(recordSet.names['app.example.com']).toEqual({
      a: ['203.0.113.1'],
      aaaa: ['2001:db8::1'],
    })
    expect(warnings).toEqual(['HTTPRoute default/r: parent Gateway default/gone not found'])
  })

  // Only a parentRef of kind Gateway in the Gateway API group names a Gateway; each of the two
  // fields alone is enough to make it another parent, such as a ListenerSet of the same name.
  it.each([
    [{}, true],
    [{ kind: 'Gateway' }, true],
    [{ group: 'gateway.networking.k8s.io' }, true],
    [{ kind: 'Gateway', group: 'gateway.networking.k8s.io' }, true],
    [{ kind: 'ListenerSet', group: 'gateway.networking.k8s.io' }, false],
    [{ kind: 'ListenerSet' }, false],
    [{ kind: 'Gateway', group: 'example.com' }, false],
    [{ group: 'example.com' }, false],
    [{ kind: 'Service', group: '' }, false],
  ])('a parentRef %j to infra/public names the Gateway: %s', (ref, served) => {
    const r = route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'public', namespace: 'infra', ...ref }])
    const { recordSet, warnings } = run([pub, r])
    expect(recordSet.names).toEqual(
      served ? { 'app.example.com': { a: ['203.0.113.1'], aaaa: ['2001:db8::1'] } } : {}
    )
    expect(warnings).toEqual([])
  })

  it('serves nothing for a route without hostnames under a Gateway without listeners (a hand-written manifest)', () => {
    const r = route('HTTPRoute', 'r', [], [{ name: 'public', namespace: 'infra' }])
    expect(run([pub, r])).toMatchObject({ recordSet: { names: {} }, warnings: [] })
  })

  it('turns a Hostname address into a CNAME and warns about unsupported address types', () => {
    const lb = gateway('lb', 'default', [
      { type: 'Hostname', value: 'lb.cloud.example.net' },
      { type: 'NamedAddress', value: 'x' },
    ])
    const r = route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'lb' }])
    const { recordSet, warnings } = run([lb, r])
    expect(recordSet.names).toEqual({ 'app.example.com': { cname: 'lb.cloud.example.net' } })
    expect(warnings).toEqual([
      'HTTPRoute default/r: parent Gateway default/lb: address type NamedAddress is not supported',
    ])
  })

  it('ignores an Istio Gateway of the same name', () => {
    const istio = { ...pub, apiVersion: 'networking.istio.io/v1' }
    const r = route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'public', namespace: 'infra' }])
    expect(run([istio, r]).warnings).toEqual([
      'HTTPRoute default/r: parent Gateway infra/public not found',
    ])
  })

  it('only renders route kinds listed in resources', () => {
    const r = route('TLSRoute', 'r', ['app.example.com'], [{ name: 'public', namespace: 'infra' }])
    expect(names([pub, r], { resources: ['HTTPRoute'] })).toEqual({})
  })
})
