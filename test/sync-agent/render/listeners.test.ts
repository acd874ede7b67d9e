/** Gateway API hostname rules: what a route serves through the listeners it attaches to. */
import { describe, expect, it } from 'vitest'
import { intersectHostnames } from '../../../sync-agent/render/listeners.ts'
import { gateway, names, route, run, withListeners } from '../helpers.ts'

describe('intersectHostnames', () => {
  it.each([
    ['app.example.com', 'app.example.com', 'app.example.com'],
    ['app.example.com', 'web.example.com', null],
    ['app.example.com', '*.example.com', 'app.example.com'],
    ['a.b.example.com', '*.example.com', 'a.b.example.com'], // Gateway API wildcards match several labels
    ['example.com', '*.example.com', null], // but not the name itself
    ['*.example.com', '*.example.com', '*.example.com'],
    ['*.example.com', 'app.example.com', 'app.example.com'], // the more specific one
    ['*.a.example.com', '*.example.com', '*.a.example.com'],
    ['*.example.com', '*.a.example.com', '*.a.example.com'],
    ['*.example.com', '*.example.org', null],
    ['app.notexample.com', '*.example.com', null], // a suffix match is on labels
  ])('%s and %s: %s', (a, b, want) => {
    expect(intersectHostnames(a, b)).toBe(want)
    expect(intersectHostnames(b, a)).toBe(want)
  })
})

const addresses = [{ value: '203.0.113.1' }]
const gw = (listeners: object[], name = 'gw') => withListeners(gateway(name, 'default', addresses), listeners)
const http = (hostname?: string, extra: object = {}) => ({ name: hostname ?? 'any', protocol: 'HTTP', port: 80, ...(hostname ? { hostname } : {}), ...extra })
const served = { a: ['203.0.113.1'] }

describe('route hostnames through the parent Gateway listeners', () => {
  it.each<[string, string[], object[], Record<string, object>]>([
    ['no hostnames: the listener hostname', [], [http('app.example.com')], { 'app.example.com': served }],
    ['no hostnames under a wildcard listener: the DNS wildcard', [], [http('*.apps.example.com')], { '*.apps.example.com': served }],
    ['no hostnames, several listeners: each listener hostname', [], [http('a.example.com'), http('b.example.com'), http()], { 'a.example.com': served, 'b.example.com': served }],
    ['hostnames under a listener without hostname: as they are', ['app.example.com'], [http()], { 'app.example.com': served }],
    ['a hostname under a wildcard listener', ['a.b.apps.example.com'], [http('*.apps.example.com')], { 'a.b.apps.example.com': served }],
    ['a wildcard hostname under an exact listener: the listener hostname', ['*.example.com'], [http('app.example.com')], { 'app.example.com': served }],
    ['a hostname outside every listener: not served', ['app.example.org'], [http('*.example.com')], {}],
    ['the hostnames inside the listener only', ['app.example.com', 'app.example.org'], [http('*.example.com')], { 'app.example.com': served }],
    ['case folded', ['App.Example.com'], [http('APP.example.com')], { 'app.example.com': served }],
  ])('%s', (_, hostnames, listeners, want) => {
    const { recordSet, warnings } = run([gw(listeners), route('HTTPRoute', 'r', hostnames, [{ name: 'gw' }])])
    expect(recordSet.names).toEqual(want)
    expect(warnings.filter((w) => !w.includes('matches no listener hostname'))).toEqual([])
  })

  it('warns about a route hostname outside the listeners of a parent, naming both', () => {
    const r = route('HTTPRoute', 'r', ['app.example.com', 'app.example.org'], [{ name: 'gw' }])
    expect(run([gw([http('*.example.com')]), r]).warnings).toEqual([
      'HTTPRoute default/r: hostname app.example.org matches no listener hostname of parent Gateway default/gw, not served through it',
    ])
  })

  it('serves a hostname through the parents whose listeners take it only', () => {
    const com = withListeners(gateway('com', 'default', [{ value: '192.0.2.1' }]), [http('*.example.com')])
    const org = withListeners(gateway('org', 'default', [{ value: '192.0.2.2' }]), [http('*.example.org')])
    const r = route('HTTPRoute', 'r', ['app.example.com', 'app.example.org'], [{ name: 'com' }, { name: 'org' }])
    expect(names([com, org, r], { zones: ['example.com', 'example.org'] })).toEqual({
      'app.example.com': { a: ['192.0.2.1'] },
      'app.example.org': { a: ['192.0.2.2'] },
    })
  })

  it('warns when neither the route nor its listeners have a hostname', () => {
    const r = route('HTTPRoute', 'r', [], [{ name: 'gw' }])
    const { recordSet, warnings } = run([gw([http()]), r])
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual([
      'HTTPRoute default/r: no spec.hostnames, and its listeners of parent Gateway default/gw have no hostname: not served through it',
    ])
  })

  describe('which listeners a route attaches to', () => {
    const listeners = [
      http('web.example.com', { name: 'web' }),
      http('api.example.com', { name: 'api', port: 8080 }),
      { name: 'tls', protocol: 'TLS', port: 443, hostname: 'tls.example.com' },
      { name: 'grpc-only', protocol: 'HTTPS', port: 443, hostname: 'grpc.example.com', allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] } },
    ]
    it.each<[string, string, object, string[]]>([
      ['HTTPRoute: the HTTP listeners (HTTPS ones limited to GRPCRoute excepted)', 'HTTPRoute', {}, ['api.example.com', 'web.example.com']],
      ['TLSRoute: the TLS listener', 'TLSRoute', {}, ['tls.example.com']],
      ['GRPCRoute: HTTP listeners and its own', 'GRPCRoute', {}, ['api.example.com', 'grpc.example.com', 'web.example.com']],
      ['sectionName: that listener', 'HTTPRoute', { sectionName: 'api' }, ['api.example.com']],
      ['port: the listeners on it', 'HTTPRoute', { port: 80 }, ['web.example.com']],
      ['sectionName and port must both match', 'HTTPRoute', { sectionName: 'api', port: 80 }, []],
      ['a sectionName for another kind', 'HTTPRoute', { sectionName: 'tls' }, []],
    ])('%s', (_, kind, ref, want) => {
      const r = route(kind, 'r', [], [{ name: 'gw', ...ref }])
      expect(Object.keys(names([gw(listeners), r])).sort()).toEqual(want)
    })

    it.each<[string, object[], boolean]>([
      ['one of them the route kind', [{ kind: 'GRPCRoute' }, { kind: 'HTTPRoute' }], true],
      ['the route kind in the Gateway API group', [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }], true],
      ['the route kind in another group', [{ group: 'example.com', kind: 'HTTPRoute' }], false],
      ['other kinds only', [{ kind: 'GRPCRoute' }, { kind: 'TLSRoute' }], false],
    ])('allowedRoutes.kinds, %s: attached %s', (_, kinds, attached) => {
      const listener = { name: 'web', protocol: 'HTTP', port: 80, hostname: 'web.example.com', allowedRoutes: { kinds } }
      const r = route('HTTPRoute', 'r', [], [{ name: 'gw' }])
      expect(Object.keys(names([gw([listener]), r]))).toEqual(attached ? ['web.example.com'] : [])
    })

    it('passes over a listener that is not an object', () => {
      const r = route('HTTPRoute', 'r', [], [{ name: 'gw', port: 80 }])
      expect(run([gw([null, http('web.example.com')] as object[]), r])).toMatchObject({ recordSet: { names: { 'web.example.com': served } }, warnings: [] })
    })

    it('warns when no listener takes the route, naming no section when the parentRef names none', () => {
      const r = route('TLSRoute', 'r', ['web.example.com'], [{ name: 'gw' }])
      expect(run([gw([http('web.example.com')]), r]).warnings).toEqual([
        'TLSRoute default/r: no listener of parent Gateway default/gw takes a TLSRoute, not served through it',
      ])
    })

    it('warns when no listener takes the route', () => {
      const r = route('HTTPRoute', 'r', ['web.example.com'], [{ name: 'gw', sectionName: 'tls' }])
      expect(run([gw(listeners), r]).warnings).toEqual([
        'HTTPRoute default/r: no listener of parent Gateway default/gw named tls takes a HTTPRoute, not served through it',
      ])
    })

    it.each(['toString', 'constructor', 'hasOwnProperty', '__proto__'])('a protocol named %s is one it does not know, taken to accept the route', (protocol) => {
      const custom = gw([{ name: 'x', protocol, port: 443, hostname: 'x.example.com' }])
      expect(names([custom, route('HTTPRoute', 'r', [], [{ name: 'gw' }])])).toEqual({ 'x.example.com': served })
    })

    it('takes a listener without a protocol to accept the route', () => {
      const bare = gw([{ name: 'x', port: 443, hostname: 'x.example.com' }])
      expect(names([bare, route('TLSRoute', 'r', [], [{ name: 'gw' }])])).toEqual({ 'x.example.com': served })
    })

    it('an implementation-specific protocol is taken to accept the route', () => {
      const custom = gw([{ name: 'x', protocol: 'example.com/quic', port: 443, hostname: 'quic.example.com' }])
      expect(names([custom, route('HTTPRoute', 'r', [], [{ name: 'gw' }])])).toEqual({ 'quic.example.com': served })
    })
  })
})

describe('routes with the render memo', () => {
  it('follow a changed, added or removed parent Gateway while the route object stays the same', async () => {
    const { render, RenderMemo } = await import('../../../sync-agent/render/render.ts')
    const { testConfig } = await import('../helpers.ts')
    const memo = new RenderMemo()
    const config = testConfig()
    const r = route('HTTPRoute', 'r', [], [{ name: 'gw' }])
    const served = (objects: ReturnType<typeof gw>[]) => render(objects, config, memo).recordSet.names
    expect(served([r])).toEqual({})
    expect(served([gw([http('a.example.com')]), r])).toEqual({ 'a.example.com': served_ })
    expect(served([gw([http('b.example.com')]), r])).toEqual({ 'b.example.com': served_ })
    expect(served([r])).toEqual({})
  })
})
const served_ = { a: ['203.0.113.1'] }
