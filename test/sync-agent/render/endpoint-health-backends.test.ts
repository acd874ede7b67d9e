/**
 * Per-name health behind an Ingress or a route: with --endpoint-health their names are held
 * back while every backend Service that exists is annotated k8s-gateway-doh/health: endpoints
 * and none of those has a ready endpoint (endpoint-health.ts downBackends).
 */
import { describe, expect, it } from 'vitest'
import { renderRoute } from '../../../sync-agent/render/gateway-route.ts'
import { renderIngress } from '../../../sync-agent/render/ingress.ts'
import { render, RenderMemo } from '../../../sync-agent/render/render.ts'
import type { KubeObject } from '../../../sync-agent/render/types.ts'
import { endpointSlice, gateway, ingress, names, route, run, service, testConfig } from '../helpers.ts'
import { renderKind } from './kind-context.ts'

const on = { endpointHealth: true }
const HEALTH = { 'k8s-gateway-doh/health': 'endpoints' }

/** A ClusterIP Service, as behind an Ingress: never served itself. */
const backend = (name: string, annotations: Record<string, string> = HEALTH, namespace = 'default'): KubeObject =>
  service(name, [], { namespace, annotations, spec: { type: 'ClusterIP' } })
const up = (name: string, namespace = 'default') => endpointSlice(`${name}-up`, name, [{ addresses: ['10.0.0.1'], ready: true }], { namespace })
const down = (name: string, namespace = 'default') => endpointSlice(`${name}-down`, name, [{ addresses: ['10.0.0.2'], ready: false }], { namespace })

const serviceBackend = (name: string) => ({ service: { name, port: { number: 80 } } })
const rule = (host: string, ...services: string[]) => ({
  host,
  http: { paths: services.map((s) => ({ path: `/${s}`, pathType: 'Prefix', backend: serviceBackend(s) })) },
})
const web = (rules: object[], defaultBackend?: object): KubeObject =>
  ingress('web', [], [{ ip: '192.0.2.10' }], { spec: { rules, ...(defaultBackend ? { defaultBackend } : {}) } })

const annotated = backend('a')
const other = backend('b')
const plain = backend('p', {})

describe('endpoint health behind an Ingress', () => {
  it.each<[string, KubeObject[], boolean]>([
    ['its only backend annotated and down', [web([rule('app.example.com', 'a')]), annotated, down('a')], false],
    ['its only backend annotated, no slice at all', [web([rule('app.example.com', 'a')]), annotated], false],
    ['its only backend annotated and ready', [web([rule('app.example.com', 'a')]), annotated, up('a')], true],
    ['two annotated backends, one ready', [web([rule('app.example.com', 'a', 'b')]), annotated, other, down('a'), up('b')], true],
    ['two annotated backends, both down', [web([rule('app.example.com', 'a', 'b')]), annotated, other, down('a'), down('b')], false],
    ['one annotated down, one unannotated (healthy: it did not opt in)', [web([rule('app.example.com', 'a', 'p')]), annotated, plain, down('a')], true],
    ['one annotated down, one with an unknown value (ignored, so healthy)', [web([rule('app.example.com', 'a', 'x')]), annotated, backend('x', { 'k8s-gateway-doh/health': 'endpoint' }), down('a')], true],
    ['one annotated down, one that does not exist (left out)', [web([rule('app.example.com', 'a', 'gone')]), annotated, down('a')], false],
    ['its only backend does not exist (nothing opted in)', [web([rule('app.example.com', 'gone')])], true],
    ['a resource backend beside a down one (cannot be judged, healthy)', [web([{ host: 'app.example.com', http: { paths: [{ path: '/', backend: serviceBackend('a') }, { path: '/s', backend: { resource: { kind: 'StorageBucket', name: 's' } } }] } }]), annotated, down('a')], true],
    ['the down backend in another namespace (an Ingress routes to its own)', [web([rule('app.example.com', 'a')]), backend('a', HEALTH, 'elsewhere'), down('a', 'elsewhere')], true],
    ['no backends at all (a host only)', [web([{ host: 'app.example.com' }]), annotated, down('a')], true],
    ['a host only, the default backend down', [web([{ host: 'app.example.com' }], serviceBackend('a')), annotated, down('a')], false],
    ['down paths, the default backend ready (it takes the rest)', [web([rule('app.example.com', 'a')], serviceBackend('b')), annotated, other, down('a'), up('b')], true],
    ['a second rule for the same host with a ready backend', [web([rule('app.example.com', 'a'), rule('APP.example.com.', 'b')]), annotated, other, down('a'), up('b')], true],
  ])('%s', (_, objects, served) => {
    expect('app.example.com' in names(objects, on)).toBe(served)
  })
  it('matches a host written with spaces or in capitals to its own rule', () => {
    const r = run([web([rule(' App.example.com ', 'a')]), annotated, down('a')], on)
    expect(r.recordSet.names).toEqual({})
    expect(r.warnings).toEqual(['Ingress default/web: host app.example.com: no ready endpoints in backend Service default/a (k8s-gateway-doh/health: endpoints), not published'])
  })
  it('skips a rule without a host and a path backend that names nothing', () => {
    const ing = web([{ http: { paths: [{ path: '/', backend: serviceBackend('a') }] } }, { host: 'app.example.com', http: { paths: [{ path: '/x', backend: {} }, { path: '/', backend: serviceBackend('a') }] } }])
    expect('app.example.com' in names([ing, annotated, down('a')], on)).toBe(false)
    expect(names([ing, annotated, up('a')], on)['app.example.com']).toEqual({ a: ['192.0.2.10'] })
  })
  it('returns the entries of the hosts it keeps only', () => {
    const ing = web([rule('down.example.com', 'a'), rule('up.example.com', 'b')])
    expect(renderKind(renderIngress, ing, [annotated, other, down('a'), up('b')], on).entries).toEqual([
      { host: 'up.example.com', addresses: ['192.0.2.10'], hostnames: [] },
    ])
  })
  it('judges each host by its own rule', () => {
    const got = names([web([rule('down.example.com', 'a'), rule('up.example.com', 'b')]), annotated, other, down('a'), up('b')], on)
    expect(got['up.example.com']).toEqual({ a: ['192.0.2.10'] })
    expect('down.example.com' in got).toBe(false)
  })
  it('names the Ingress, the host and the down Services; warns about a value it does not know', () => {
    const r = run([web([rule('app.example.com', 'a', 'b')]), annotated, other, down('a')], on)
    expect(r.warnings).toContain('Ingress default/web: host app.example.com: no ready endpoints in backend Services default/a, default/b (k8s-gateway-doh/health: endpoints), not published')
    const typo = run([web([rule('app.example.com', 'x')]), backend('x', { 'k8s-gateway-doh/health': 'yes' })], on)
    expect(typo.warnings).toContain('Ingress default/web: backend Service default/x: annotation k8s-gateway-doh/health: "yes" is not "endpoints", ignored')
  })
  it('changes nothing without --endpoint-health: published, no warning', () => {
    const r = run([web([rule('app.example.com', 'a')]), annotated, down('a')])
    expect(r.recordSet.names['app.example.com']).toEqual({ a: ['192.0.2.10'] })
    expect(r.warnings.filter((w) => w.startsWith('Ingress'))).toEqual([])
  })
})

describe('endpoint health behind a route', () => {
  const gw = gateway('public', 'infra', [{ type: 'IPAddress', value: '192.0.2.20' }])
  const httpRoute = (backendRefs: object[], kind = 'HTTPRoute'): KubeObject => {
    const r = route(kind, 'r', ['app.example.com', 'www.example.com'], [{ name: 'public', namespace: 'infra' }])
    return { ...r, spec: { ...(r.spec as object), rules: [{ backendRefs }] } }
  }
  it.each<[string, KubeObject[], boolean]>([
    ['its only backend annotated and down', [httpRoute([{ name: 'a', port: 80 }]), annotated, down('a')], false],
    ['its only backend annotated and ready', [httpRoute([{ name: 'a', port: 80 }]), annotated, up('a')], true],
    ['a GRPCRoute, its backend down', [httpRoute([{ name: 'a' }], 'GRPCRoute'), annotated, down('a')], false],
    ['a TLSRoute, its backend down', [httpRoute([{ name: 'a' }], 'TLSRoute'), annotated, down('a')], false],
    ['kind Service spelled out, group core', [httpRoute([{ kind: 'Service', group: '', name: 'a' }]), annotated, down('a')], false],
    ['one down, one unannotated', [httpRoute([{ name: 'a' }, { name: 'p' }]), annotated, plain, down('a')], true],
    ['one down, one that does not exist', [httpRoute([{ name: 'a' }, { name: 'gone' }]), annotated, down('a')], false],
    ['one down, one of another kind (cannot be judged, healthy)', [httpRoute([{ name: 'a' }, { kind: 'Backend', group: 'example.io', name: 'a' }]), annotated, down('a')], true],
    ['one down, a ready one of weight 0 (gets no traffic)', [httpRoute([{ name: 'a' }, { name: 'b', weight: 0 }]), annotated, other, down('a'), up('b')], false],
    ['the backend in the namespace it names', [httpRoute([{ name: 'a', namespace: 'apps' }]), backend('a', HEALTH, 'apps'), down('a', 'apps')], false],
    ['the namespace defaults to the route\'s', [httpRoute([{ name: 'a' }]), backend('a', HEALTH, 'apps'), down('a', 'apps')], true],
    ['no rules at all', [route('HTTPRoute', 'r', ['app.example.com', 'www.example.com'], [{ name: 'public', namespace: 'infra' }]), annotated, down('a')], true],
  ])('%s', (_, objects, served) => {
    const got = names([gw, ...objects], on)
    expect('app.example.com' in got).toBe(served)
    expect('www.example.com' in got).toBe(served) // all its hostnames share its rules
  })
  // A backendRef is a Service when its kind is Service (the default) in the core group (the default).
  it.each<[object, boolean]>([
    [{}, true],
    [{ kind: 'Service' }, true],
    [{ group: '' }, true],
    [{ kind: 'Service', group: '' }, true],
    [{ kind: 'Backend' }, false],
    [{ kind: 'Backend', group: '' }, false],
    [{ kind: 'Service', group: 'example.io' }, false],
    [{ group: 'example.io' }, false],
  ])('a backendRef %j to the down Service a names it: %s', (ref, isService) => {
    const got = names([gw, httpRoute([{ name: 'a', ...ref }]), annotated, down('a')], on)
    expect('app.example.com' in got).toBe(!isService)
  })
  it('takes a backendRef without a name for no backend at all', () => {
    // Not even a Service whose name is the word an absent name would print as.
    const named = backend('undefined')
    const got = names([gw, httpRoute([{ port: 80 }, { name: '' }]), named, down('undefined')], on)
    expect(got['app.example.com']).toEqual({ a: ['192.0.2.20'] })
  })
  it('lists the down Services in name order, whatever the order of the backendRefs', () => {
    const r = run([gw, httpRoute([{ name: 'b' }, { name: 'a' }]), annotated, other, down('a'), down('b')], on)
    expect(r.warnings).toContain('HTTPRoute default/r: its hostnames: no ready endpoints in backend Services default/a, default/b (k8s-gateway-doh/health: endpoints), not published')
  })
  it('does not judge the backends of a route that serves nothing', () => {
    const bare = gateway('public', 'infra', [])
    const r = run([bare, httpRoute([{ name: 'a' }]), annotated, down('a')], on)
    expect(r.warnings).toEqual(['HTTPRoute default/r: parent Gateway infra/public has no status.addresses yet'])
  })
  it('returns no entry for a route held back', () => {
    const held = renderKind(renderRoute, httpRoute([{ name: 'a' }]), [gw, annotated, down('a')], on)
    expect(held.entries).toEqual([])
    expect(renderKind(renderRoute, httpRoute([{ name: 'a' }]), [gw, annotated, up('a')], on).entries).toHaveLength(2)
  })
  it('says nothing of an unannotated backend', () => {
    const r = run([gw, httpRoute([{ name: 'p' }]), plain, down('p')], on)
    expect(r.recordSet.names['app.example.com']).toEqual({ a: ['192.0.2.20'] })
    expect(r.warnings).toEqual([])
  })
  it('names the route and the down Service', () => {
    const r = run([gw, httpRoute([{ name: 'a' }]), annotated, down('a')], on)
    expect(r.warnings).toContain('HTTPRoute default/r: its hostnames: no ready endpoints in backend Service default/a (k8s-gateway-doh/health: endpoints), not published')
  })
  it('changes nothing without --endpoint-health', () => {
    const r = run([gw, httpRoute([{ name: 'a' }]), annotated, down('a')])
    expect(r.recordSet.names['app.example.com']).toEqual({ a: ['192.0.2.20'] })
    expect(r.warnings.filter((w) => w.startsWith('HTTPRoute'))).toEqual([])
  })
})

describe('the memo sees what an Ingress read', () => {
  const ing = web([rule('app.example.com', 'a')])
  const served = (objects: KubeObject[], config: ReturnType<typeof testConfig>, memo: RenderMemo) =>
    'app.example.com' in render(objects, config, memo).recordSet.names
  it('renders again when only the backend Service changes', () => {
    const config = testConfig(on)
    const memo = new RenderMemo()
    const slice = down('a')
    expect(served([ing, backend('a', {}), slice], config, memo)).toBe(true)
    expect(served([ing, annotated, slice], config, memo)).toBe(false)
    expect(served([ing, backend('a', {}), slice], config, memo)).toBe(true)
  })
  it('renders again when only the backend Service\'s EndpointSlices change', () => {
    const config = testConfig(on)
    const memo = new RenderMemo()
    expect(served([ing, annotated, down('a')], config, memo)).toBe(false)
    expect(served([ing, annotated, up('a')], config, memo)).toBe(true)
    expect(served([ing, annotated], config, memo)).toBe(false)
  })
  it('does not read the EndpointSlices of a backend that did not opt in', () => {
    const config = testConfig(on)
    const memo = new RenderMemo()
    const ingressOnPlain = web([rule('app.example.com', 'p')])
    expect(render([ingressOnPlain, plain, down('p')], config, memo).recordSet.names['app.example.com']).toEqual({ a: ['192.0.2.10'] })
    // The memo keys on the object's reference: changed in place, the Ingress shows whether it
    // was rendered again. Only its backend's slice changed, which it must not have read.
    ;(ingressOnPlain.status as { loadBalancer: { ingress: object[] } }).loadBalancer.ingress = [{ ip: '192.0.2.99' }]
    expect(render([ingressOnPlain, plain, up('p')], config, memo).recordSet.names['app.example.com']).toEqual({ a: ['192.0.2.10'] })
    // An annotated backend's slice is read: the same change renders it again.
    const ingressOnA = web([rule('app.example.com', 'a')])
    render([ingressOnA, annotated, up('a')], config, memo)
    ;(ingressOnA.status as { loadBalancer: { ingress: object[] } }).loadBalancer.ingress = [{ ip: '192.0.2.99' }]
    expect(render([ingressOnA, annotated, up('a'), down('a')], config, memo).recordSet.names['app.example.com']).toEqual({ a: ['192.0.2.99'] })
  })
})
