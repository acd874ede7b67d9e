import { describe, expect, it } from 'vitest'
import { renderRoute } from '../../../sync-agent/render/gateway-route.ts'
import type { KubeObject } from '../../../sync-agent/render/types.ts'
import { gateway, names, route, run, withListeners } from '../helpers.ts'
import { renderKind } from './kind-context.ts'

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

  it.each<[string | undefined, string[], boolean]>([
    [undefined, [], true],
    [undefined, ['istio'], false],
    ['cilium', ['istio', 'cilium'], true],
    ['cilium', ['istio'], false],
  ])('a Gateway of class %s under gatewayClasses %j is a parent: %s', (cls, gatewayClasses, served) => {
    const gw = { ...gateway('gw', 'default', [{ value: '203.0.113.7' }]), spec: cls === undefined ? {} : { gatewayClassName: cls } }
    const r = route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'gw' }])
    expect('app.example.com' in names([gw, r], { gatewayClasses })).toBe(served)
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

describe('a parent Gateway status.addresses', () => {
  it('skips an address without a value, silently', () => {
    const gw = gateway('gw', 'default', [{ type: 'IPAddress' }, { type: 'Hostname', value: '' }, { value: '203.0.113.7' }])
    const { recordSet, warnings } = run([gw, route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'gw' }])])
    expect(recordSet.names).toEqual({ 'app.example.com': { a: ['203.0.113.7'] } })
    expect(warnings).toEqual([])
  })

  it.each<[string, object[], boolean]>([
    ['none', [], true],
    ['only ones without a value', [{ type: 'IPAddress' }], true],
    ['one address', [{ value: '203.0.113.7' }], false],
    ['one hostname', [{ type: 'Hostname', value: 'lb.example.net' }], false],
    ['an address and a hostname', [{ value: '203.0.113.7' }, { type: 'Hostname', value: 'lb.example.net' }], false],
  ])('warns that a Gateway has no address yet only when it has none: %s', (_, addresses, warned) => {
    const { warnings } = run([gateway('gw', 'default', addresses), route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'gw' }])])
    expect(warnings.includes('HTTPRoute default/r: parent Gateway default/gw has no status.addresses yet')).toBe(warned)
  })

  it('does not look at the addresses of a parent the route serves no name through', () => {
    // No listener takes the hostname: the Gateway's missing addresses are no concern of the route.
    const gw = withListeners(gateway('gw', 'default', []), [{ name: 'web', protocol: 'HTTP', port: 80, hostname: 'web.example.com' }])
    const r = route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'gw' }])
    expect(run([gw, r]).warnings).toEqual([
      'HTTPRoute default/r: hostname app.example.com matches no listener hostname of parent Gateway default/gw, not served through it',
    ])
  })
})

describe('route hostnames', () => {
  it('skips empty and non-string spec.hostnames, silently', () => {
    const r = route('HTTPRoute', 'r', ['', 42, null, 'app.example.com'] as string[], [{ name: 'public', namespace: 'infra' }])
    expect(run([pub, r])).toMatchObject({
      recordSet: { names: { 'app.example.com': { a: ['203.0.113.1'], aaaa: ['2001:db8::1'] } } },
      warnings: [],
    })
  })
})

describe('the entries of a route', () => {
  it.each<[string, KubeObject[]]>([
    ['its parent Gateway missing', []],
    ['its parent Gateway without addresses', [gateway('gw', 'default', [])]],
    ['its parent of a class not served', [gateway('gw', 'default', [{ value: '203.0.113.7' }], 'other')]],
  ])('none with %s', (_, others) => {
    const r = route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'gw' }])
    expect(renderKind(renderRoute, r, others, { gatewayClasses: ['cilium'] }).entries).toEqual([])
  })

  it('one per hostname and parent, with the parent addresses', () => {
    const r = route('HTTPRoute', 'r', ['a.example.com', 'b.example.com'], [{ name: 'gw' }])
    expect(renderKind(renderRoute, r, [gateway('gw', 'default', [{ value: '203.0.113.7' }])]).entries).toEqual([
      { host: 'a.example.com', addresses: ['203.0.113.7'], hostnames: [] },
      { host: 'b.example.com', addresses: ['203.0.113.7'], hostnames: [] },
    ])
  })
})
