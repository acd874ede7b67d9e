/**
 * render(): which objects other kinds read, how one object's entries become names and glue,
 * the total order on objects, and the render memo that keeps unchanged objects' results.
 */
import { describe, expect, it } from 'vitest'
import { parseNamespacePolicy, type NamespacePolicy } from '../../../sync-agent/config/namespace-policy.ts'
import { render, RenderMemo } from '../../../sync-agent/render/render.ts'
import type { KubeObject } from '../../../sync-agent/render/types.ts'
import { endpointSlice, gateway, headless, ingress, route, run, service, testConfig } from '../helpers.ts'

const policy = (...values: string[]): NamespacePolicy => {
  const parsed = parseNamespacePolicy(values)
  if ('error' in parsed) throw new Error(parsed.error)
  return parsed.policy!
}

/** Changes an Ingress's load-balancer addresses in place, keeping the object's reference. */
const readdress = (o: KubeObject, ip: string): void => {
  ;(o.status as { loadBalancer: { ingress: object[] } }).loadBalancer.ingress = [{ ip }]
}

describe('the objects other kinds read', () => {
  const health = { 'k8s-gateway-doh/health': 'endpoints' }
  const app = (): KubeObject =>
    ingress('a', [], [{ ip: '192.0.2.10' }], {
      spec: { rules: [{ host: 'app.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'a', port: { number: 80 } } } }] } }] },
    })
  const backend = service('a', [], { annotations: health, spec: { type: 'ClusterIP' } })
  const notReady = endpointSlice('a-1', 'a', [{ addresses: ['10.0.0.1'], ready: false }])
  const ready = endpointSlice('a-1', 'a', [{ addresses: ['10.0.0.1'], ready: true }])
  const namesake = (kind: string, apiVersion = 'v1'): KubeObject => ({ apiVersion, kind, metadata: { name: 'a', namespace: 'default' } })
  const served = (objects: KubeObject[]) => 'app.example.com' in run(objects, { endpointHealth: true }).recordSet.names

  it('a backend is the Service of that namespace/name, not another object sharing its name', () => {
    // The Ingress itself, an EndpointSlice and a ServiceAccount are all default/a too.
    const others = [namesake('EndpointSlice', 'discovery.k8s.io/v1'), namesake('ServiceAccount')]
    expect(served([app(), backend, notReady, ...others])).toBe(false)
    expect(served([app(), backend, ready, ...others])).toBe(true)
  })

  it('a backend name no Service has is no backend, even when another object of that name asks for health checks', () => {
    const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'default', annotations: health } }
    expect(served([app(), deployment])).toBe(true)
    expect(served([app(), deployment, backend])).toBe(false)
  })

  it.each<[string, KubeObject]>([
    ['of another API group', { ...endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.1'] }]), apiVersion: 'mirror.example.io/v1' }],
    ['without metadata.name', { ...endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.1'] }]), metadata: { namespace: 'default', labels: { 'kubernetes.io/service-name': 'db' } } }],
  ])('an EndpointSlice %s is not among a Service\'s slices', (_, slice) => {
    expect(run([headless('db'), slice]).recordSet.names).toEqual({})
    expect(run([headless('db'), endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.1'] }])]).recordSet.names).toEqual({ 'db.default.example.com': { a: ['10.0.0.1'] } })
  })
})

describe('entries', () => {
  it('an object left with nothing to serve (every address invalid) is not judged on its hosts', () => {
    const broken = ingress('broken', ['web', 'outside.example.net.'], [{ ip: 'bad' }])
    expect(run([broken])).toMatchObject({
      recordSet: { names: {} },
      warnings: ['Ingress default/broken: "bad" is not an IP address, skipped'],
    })
  })

  it('reads the name server host trimmed when taking glue from it', () => {
    const ns = ingress('ns', [' dns1.kube-system '], [{ ip: '192.0.2.53' }], { namespace: 'kube-system' })
    expect(run([ns], { resources: ['Ingress'] }).recordSet.zones[0]!.ns[0]!.a).toEqual(['192.0.2.53'])
  })

  it('takes glue from a namespace that may publish the name server name in one of the zones', () => {
    const ns = service('dns1', [{ ip: '192.0.2.53' }], { namespace: 'kube-system' })
    const { recordSet } = run([ns], { zones: ['example.com', 'example.org'], namespaces: policy('kube-system=dns1.kube-system.example.org') })
    expect(recordSet.zones.map((z) => z.ns[0]!.a)).toEqual([['192.0.2.53'], ['192.0.2.53']])
  })

  it('a load-balancer hostname equal to the name is skipped, the other targets kept', () => {
    const loop = ingress('loop', ['web.example.com'], [{ hostname: 'web.example.com' }, { hostname: 'lb.example.net' }])
    expect(run([loop])).toEqual({
      recordSet: expect.objectContaining({ names: { 'web.example.com': { cname: 'lb.example.net' } } }),
      warnings: ['Ingress default/loop: web.example.com would be a CNAME to itself, that target skipped'],
    })
  })

  it('an object whose only target is the name itself takes no part in that name', () => {
    const host = 'x.dns1.kube-system.example.com'
    const loop = ingress('loop', [host], [{ hostname: host }])
    const web = ingress('web', [host], [{ ip: '192.0.2.1' }])
    expect(run([loop, web]).warnings).toEqual([
      `Ingress default/loop: ${host} would be a CNAME to itself, that target skipped`,
      `Ingress default/web: ${host} is under the name server dns1.kube-system.example.com, not served`,
    ])
  })
})

describe('the order of objects', () => {
  it('orders copies of one object by their content, whatever order they come in', () => {
    const one = ingress('web', ['web.example.com'], [{ ip: 'bad-1' }])
    const two = ingress('web', ['web.example.com'], [{ ip: 'bad-2' }])
    const expected = [
      'Ingress default/web: defined more than once, all copies are used',
      'Ingress default/web: "bad-1" is not an IP address, skipped',
      'Ingress default/web: "bad-2" is not an IP address, skipped',
    ]
    expect(run([one, two]).warnings).toEqual(expected)
    expect(run([two, one]).warnings).toEqual(expected)
  })

  it('puts an object without a name before the named ones of its kind and namespace', () => {
    const unnamed: KubeObject = { ...ingress('x', ['u.example.com'], []), metadata: { namespace: 'default' } }
    const named = ingress('0web', ['web.example.com'], [{ ip: 'bad' }])
    const expected = ['Ingress default/<no name>: no metadata.name, skipped', 'Ingress default/0web: "bad" is not an IP address, skipped']
    expect(run([named, unnamed]).warnings).toEqual(expected)
    expect(run([unnamed, named]).warnings).toEqual(expected)
  })
})

describe('the render memo', () => {
  it('keeps an object\'s result while it is the same object under the same configuration', () => {
    const memo = new RenderMemo()
    const config = testConfig()
    const web = ingress('web', ['web.example.com'], [{ ip: '192.0.2.1' }])
    expect(render([web], config, memo).recordSet.names).toEqual({ 'web.example.com': { a: ['192.0.2.1'] } })
    // Changed in place, the object is not rendered again: the snapshot replaces changed objects.
    readdress(web, '192.0.2.2')
    expect(render([web], config, memo).recordSet.names).toEqual({ 'web.example.com': { a: ['192.0.2.1'] } })
  })

  it('starts afresh for a new configuration', () => {
    const memo = new RenderMemo()
    const db = service('db', [{ ip: '192.0.2.1' }])
    expect(Object.keys(render([db], testConfig(), memo).recordSet.names)).toEqual(['db.default.example.com'])
    expect(Object.keys(render([db], testConfig({ zones: ['example.org'] }), memo).recordSet.names)).toEqual(['db.default.example.org'])
  })

  it('keeps a Service\'s result while its EndpointSlices are the same objects', () => {
    const memo = new RenderMemo()
    const config = testConfig()
    const db = headless('db')
    const slices = [endpointSlice('db-1', 'db', [{ addresses: ['10.0.0.1'] }]), endpointSlice('db-2', 'db', [{ addresses: ['10.0.0.2'] }])]
    const served = (objects: KubeObject[]) => render(objects, config, memo).recordSet.names['db.default.example.com']
    expect(served([db, ...slices])).toEqual({ a: ['10.0.0.1', '10.0.0.2'] })
    ;(db.metadata as { annotations: Record<string, string> }).annotations = {}
    expect(served([db, ...slices])).toEqual({ a: ['10.0.0.1', '10.0.0.2'] })
    // One of its two slices replaced: rendered again, and the Service now asks for nothing.
    expect(served([db, slices[0]!, endpointSlice('db-2', 'db', [{ addresses: ['10.0.0.3'] }])])).toBeUndefined()
  })

  it('keeps a route\'s result while its Gateway is the same object', () => {
    const memo = new RenderMemo()
    const config = testConfig()
    const gw = gateway('gw', 'default', [{ type: 'IPAddress', value: '192.0.2.1' }])
    const r = route('HTTPRoute', 'r', ['r.example.com'], [{ name: 'gw' }])
    expect(render([gw, r], config, memo).recordSet.names).toEqual({ 'r.example.com': { a: ['192.0.2.1'] } })
    ;(r.spec as { hostnames: string[] }).hostnames = ['s.example.com']
    expect(render([gw, r], config, memo).recordSet.names).toEqual({ 'r.example.com': { a: ['192.0.2.1'] } })
    const gone = route('HTTPRoute', 'gone', ['g.example.com'], [{ name: 'nowhere' }])
    expect(render([gw, gone], config, memo).recordSet.names).toEqual({})
    ;(gone.spec as { parentRefs: object[] }).parentRefs = [{ name: 'gw' }]
    expect(render([gw, gone], config, memo).recordSet.names).toEqual({})
  })
})
