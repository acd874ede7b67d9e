/**
 * Per-name health (opt-in): a Service annotated k8s-gateway-doh/health: endpoints publishes
 * only while one of its EndpointSlices has a ready endpoint, with --endpoint-health.
 */
import { describe, expect, it } from 'vitest'
import { render, RenderMemo } from '../../../sync-agent/render/render.ts'
import type { KubeObject } from '../../../sync-agent/render/types.ts'
import { wantsEndpointSlices } from '../../../sync-agent/watch/kinds.ts'
import { names, run, service, testConfig } from '../helpers.ts'

const HEALTH = { 'k8s-gateway-doh/health': 'endpoints', 'coredns.io/hostname': 'app.example.com' }
const app = service('app', [{ ip: '192.0.2.1' }], { annotations: HEALTH })
const plain = service('plain', [{ ip: '192.0.2.2' }], { annotations: { 'coredns.io/hostname': 'plain.example.com' } })

function slice(serviceName: string, endpoints: object[], namespace = 'default', name = `${serviceName}-abc`): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace, labels: { 'kubernetes.io/service-name': serviceName } },
    addressType: 'IPv4',
    endpoints,
  }
}
const ready = { addresses: ['10.0.0.1'], conditions: { ready: true } }
const unready = { addresses: ['10.0.0.2'], conditions: { ready: false } }
const on = { endpointHealth: true }

describe('endpoint health', () => {
  it.each<[string, KubeObject[], boolean]>([
    ['a ready endpoint', [slice('app', [unready, ready])], true],
    ['an endpoint without a ready condition (read as ready)', [slice('app', [{ addresses: ['10.0.0.3'] }])], true],
    ['a ready endpoint in a second slice', [slice('app', [unready]), slice('app', [ready], 'default', 'app-def')], true],
    ['only unready endpoints', [slice('app', [unready])], false],
    ['no endpoints', [slice('app', [])], false],
    ['an endpoint with no address', [slice('app', [{ addresses: [], conditions: { ready: true } }])], false],
    ['an endpoint whose only address is empty', [slice('app', [{ addresses: [''], conditions: { ready: true } }])], false],
    ['an endpoint whose addresses are not strings', [slice('app', [{ addresses: [42, null, {}], conditions: { ready: true } }])], false],
    ['a ready endpoint in a slice of names (addressType FQDN)', [{ ...slice('app', [{ addresses: ['app.example.net'], conditions: { ready: true } }]), addressType: 'FQDN' }], false],
    ['a ready endpoint in a slice without an addressType', [{ ...slice('app', [ready]), addressType: undefined }], false],
    ['no slice at all', [], false],
    ['a ready slice of another Service', [slice('other', [ready])], false],
    ['a ready slice of the same name in another namespace', [slice('app', [ready], 'elsewhere')], false],
  ])('%s', (_, slices, served) => {
    const got = names([app, plain, ...slices], on)
    expect('app.example.com' in got).toBe(served)
    expect(got['plain.example.com']).toEqual({ a: ['192.0.2.2'] }) // not annotated: always served
  })
  it('says why a Service is not published, naming it', () => {
    expect(run([app, slice('app', [unready])], on).warnings).toContain('Service default/app: no ready endpoints (k8s-gateway-doh/health: endpoints), not published')
  })
  it('publishes regardless, with a warning, without --endpoint-health or with a value it does not know', () => {
    expect(run([app]).recordSet.names['app.example.com']).toEqual({ a: ['192.0.2.1'] })
    expect(run([app]).warnings).toContain("Service default/app: annotation k8s-gateway-doh/health needs the agent's --endpoint-health; published regardless")
    const typo = service('app', [{ ip: '192.0.2.1' }], { annotations: { ...HEALTH, 'k8s-gateway-doh/health': 'endpoint' } })
    const r = run([typo, slice('app', [unready])], on)
    expect(r.recordSet.names['app.example.com']).toEqual({ a: ['192.0.2.1'] })
    expect(r.warnings).toContain('Service default/app: annotation k8s-gateway-doh/health: "endpoint" is not "endpoints", ignored')
  })
  it('renders again when only the EndpointSlice changes (the memo sees what the Service read)', () => {
    const config = testConfig(on)
    const memo = new RenderMemo()
    expect('app.example.com' in render([app, slice('app', [unready])], config, memo).recordSet.names).toBe(false)
    expect('app.example.com' in render([app, slice('app', [ready])], config, memo).recordSet.names).toBe(true)
  })
  it('watches EndpointSlices with --endpoint-health when Services are configured, whatever the Services say', () => {
    expect(wantsEndpointSlices({ resources: ['Service'], endpointHealth: true }, [])).toBe(true)
    expect(wantsEndpointSlices({ resources: ['Service'] }, [plain])).toBe(false)
    expect(wantsEndpointSlices({ resources: ['Ingress'], endpointHealth: true }, [])).toBe(false)
    const asks = service('headless', [], { annotations: { 'k8s-gateway.dns/resolve-endpoints': 'true' } })
    expect(wantsEndpointSlices({ resources: ['Service'] }, [plain, asks])).toBe(true)
  })
})
