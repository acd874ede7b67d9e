/** external-dns's target annotation replaces the addresses an object's status would give. */
import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../../../sync-agent/render/types.ts'
import { gateway, ingress, names, route, run, service, withListeners } from '../helpers.ts'

const TARGET = 'external-dns.alpha.kubernetes.io/target'
const annotate = (o: KubeObject, value: string): KubeObject => ({
  ...o,
  metadata: { ...(o.metadata as object), annotations: { [TARGET]: value } },
})

describe('the external-dns target annotation', () => {
  it.each([
    ['one IP', '192.0.2.7', { a: ['192.0.2.7'] }, []],
    ['IPv4 and IPv6, spaces and empty items', ' 192.0.2.7 , 2001:DB8::7,, ', { a: ['192.0.2.7'], aaaa: ['2001:db8::7'] }, []],
    ['a hostname: a CNAME', 'Tunnel.cfargotunnel.com', { cname: 'tunnel.cfargotunnel.com' }, []],
    ['two hostnames: the first in order', 'b.example.net,a.example.net', { cname: 'a.example.net' }, [
      'Ingress default/web: load-balancer hostname b.example.net not served for web.example.com: answering CNAME a.example.net',
    ]],
    // A CNAME cannot sit beside addresses (RFC 1034 §3.6.2): the addresses are served.
    ['IPs and a hostname mixed: the IPs', '192.0.2.7,lb.example.net', { a: ['192.0.2.7'] }, [
      'Ingress default/web: load-balancer hostname lb.example.net not served for web.example.com: the name has addresses',
    ]],
    ['an invalid item: skipped, the rest served', '192.0.2.7,bad..name', { a: ['192.0.2.7'] }, [
      'Ingress default/web: load-balancer hostname "bad..name" is invalid (empty label), skipped',
    ]],
  ])('on an Ingress with no status: %s', (_, value, records, warnings) => {
    const web = annotate(ingress('web', ['web.example.com'], []), value)
    const result = run([web])
    expect(result.recordSet.names).toEqual({ 'web.example.com': records })
    expect(result.warnings).toEqual(warnings)
  })

  it('replaces the status addresses of an Ingress', () => {
    const web = annotate(ingress('web', ['web.example.com'], [{ ip: '10.0.0.1' }, { hostname: 'lb.example.net' }]), '192.0.2.7')
    expect(names([web])).toEqual({ 'web.example.com': { a: ['192.0.2.7'] } })
  })

  it('empty: ignored with a warning, the status is served', () => {
    const web = annotate(ingress('web', ['web.example.com'], [{ ip: '10.0.0.1' }]), ' , ')
    expect(run([web])).toEqual(expect.objectContaining({
      warnings: [`Ingress default/web: annotation ${TARGET} is empty, ignored`],
    }))
    expect(names([web])).toEqual({ 'web.example.com': { a: ['10.0.0.1'] } })
  })

  it.each([
    ['LoadBalancer without status', { type: 'LoadBalancer' }],
    ['LoadBalancer with externalIPs', { type: 'LoadBalancer', externalIPs: ['10.0.0.9'] }],
    ['ExternalName', { type: 'ExternalName', externalName: 'db.example.net' }],
  ])('replaces what a Service gives: %s', (_, spec) => {
    const svc = annotate(service('web', [{ ip: '10.0.0.1' }], { spec }), '192.0.2.7')
    expect(names([svc])).toEqual({ 'web.default.example.com': { a: ['192.0.2.7'] } })
  })

  describe('Gateway API', () => {
    const gw = withListeners(gateway('gw', 'default', [{ value: '10.0.0.1' }]), [{ name: 'http', protocol: 'HTTP', port: 80 }])
    const bare = gateway('bare', 'default', []) // no status at all

    it("on a Gateway: replaces its addresses for every route under it, and only its own", () => {
      const r = route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'gw' }, { name: 'bare' }])
      expect(names([annotate(gw, 'gw.example.net'), annotate(bare, '192.0.2.8'), r])).toEqual({
        'app.example.com': { a: ['192.0.2.8'] },
      })
      expect(run([annotate(gw, '2001:db8::1'), bare, r])).toEqual(expect.objectContaining({
        warnings: ['HTTPRoute default/r: parent Gateway default/bare has no status.addresses yet'],
      }))
      expect(names([annotate(gw, '2001:db8::1'), bare, r])).toEqual({ 'app.example.com': { aaaa: ['2001:db8::1'] } })
    })

    it("on a route: replaces the addresses of all its parents, whose listeners still decide the names", () => {
      const r = annotate(route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'gw' }, { name: 'bare' }]), '192.0.2.9')
      expect(names([annotate(gw, '192.0.2.8'), bare, r])).toEqual({ 'app.example.com': { a: ['192.0.2.9'] } })
      const other = withListeners(gw, [{ name: 'http', protocol: 'HTTP', port: 80, hostname: 'other.example.com' }])
      expect(names([other, r], { resources: ['HTTPRoute'] })).toEqual({})
    })

    it('an empty one on a Gateway is warned naming the route and the Gateway', () => {
      const r = route('HTTPRoute', 'r', ['app.example.com'], [{ name: 'gw' }])
      expect(run([annotate(gw, ''), r]).warnings).toEqual([
        `HTTPRoute default/r: parent Gateway default/gw: annotation ${TARGET} is empty, ignored`,
      ])
    })
  })
})
