import { describe, expect, it } from 'vitest'
import { ingress, run, service } from '../helpers.ts'

// k8s_gateway resolves load-balancer hostnames at query time; we publish a CNAME instead.
describe('load-balancer hostnames', () => {
  it('become a CNAME when the name has no address', () => {
    const shop = ingress('shop', ['shop.example.com'], [{ hostname: 'LB-1.elb.Example.net.' }])
    expect(run([shop]).recordSet.names).toEqual({
      'shop.example.com': { cname: 'lb-1.elb.example.net' },
    })
  })

  it('pick the first in order when there are several, with a warning', () => {
    const shop = ingress(
      'shop',
      ['shop.example.com'],
      [{ hostname: 'lb-2.example.net' }, { hostname: 'lb-1.example.net' }]
    )
    const { recordSet, warnings } = run([shop])
    expect(recordSet.names).toEqual({ 'shop.example.com': { cname: 'lb-1.example.net' } })
    expect(warnings).toEqual([
      'Ingress default/shop: load-balancer hostname lb-2.example.net not served for shop.example.com: answering CNAME lb-1.example.net',
    ])
  })

  it('are ignored, with a warning, when the winning kind has addresses for the name', () => {
    const ip = ingress('a', ['web.example.com'], [{ ip: '192.0.2.1' }])
    const host = ingress('b', ['web.example.com'], [{ hostname: 'lb.example.net' }])
    const both = ingress(
      'c',
      ['web.example.com'],
      [{ ip: '192.0.2.2', hostname: 'lb.example.net' }]
    )
    const { recordSet, warnings } = run([ip, host, both])
    expect(recordSet.names).toEqual({ 'web.example.com': { a: ['192.0.2.1', '192.0.2.2'] } })
    expect(warnings).toEqual([
      'Ingress default/b: load-balancer hostname lb.example.net not served for web.example.com: the name has addresses',
      'Ingress default/c: load-balancer hostname lb.example.net not served for web.example.com: the name has addresses',
    ])
  })

  it('are skipped when invalid', () => {
    const bad = service('bad', [{ hostname: '*.lb.example.net' }, { ip: '192.0.2.1' }])
    const { recordSet, warnings } = run([bad])
    expect(recordSet.names).toEqual({ 'bad.default.example.com': { a: ['192.0.2.1'] } })
    expect(warnings).toEqual([
      'Service default/bad: load-balancer hostname "*.lb.example.net" is invalid (wildcard), skipped',
    ])
  })
})
