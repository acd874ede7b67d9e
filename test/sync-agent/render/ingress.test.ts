import { describe, expect, it } from 'vitest'
import { renderIngress } from '../../../sync-agent/render/ingress.ts'
import type { KubeObject } from '../../../sync-agent/render/types.ts'
import { ingress, names, run } from '../helpers.ts'
import { renderKind } from './kind-context.ts'

describe('Ingress', () => {
  it('serves every rule host with the load balancer addresses, split by family', () => {
    const web = ingress(
      'web',
      ['web.example.com', 'www.example.com'],
      [{ ip: '192.0.2.1' }, { ip: '2001:DB8:0:0::1' }]
    )
    expect(names([web])).toEqual({
      'web.example.com': { a: ['192.0.2.1'], aaaa: ['2001:db8::1'] },
      'www.example.com': { a: ['192.0.2.1'], aaaa: ['2001:db8::1'] },
    })
  })

  it('merges several Ingresses with the same host, deduplicated and sorted', () => {
    const one = ingress('one', ['web.example.com'], [{ ip: '192.0.2.9' }, { ip: '192.0.2.1' }])
    const two = ingress('two', ['web.example.com'], [{ ip: '192.0.2.1' }, { ip: '192.0.2.5' }], {
      namespace: 'b',
    })
    expect(names([one, two])['web.example.com']).toEqual({
      a: ['192.0.2.1', '192.0.2.5', '192.0.2.9'],
    })
  })

  it('skips rules without a host, and warns when the status has no address yet', () => {
    const pending = ingress('pending', ['p.example.com'], [])
    const noHost = {
      ...ingress('nohost', [], [{ ip: '192.0.2.1' }]),
      spec: { rules: [{ http: {} }] },
    }
    const { recordSet, warnings } = run([pending, noHost])
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual([
      'Ingress default/pending: no address in status.loadBalancer.ingress yet, its hosts are not served',
    ])
  })

  it('says nothing of an Ingress without hosts, with or without an address', () => {
    const bare = { ...ingress('bare', [], []), spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } }
    expect(run([bare])).toMatchObject({ recordSet: { names: {} }, warnings: [] })
  })

  it.each<[string, KubeObject, object]>([
    ['no host', { ...ingress('i', [], [{ ip: '192.0.2.1' }]), spec: { rules: [{ http: {} }] } }, {}],
    ['no address yet', ingress('i', ['a.example.com'], []), {}],
    ['a class not served', ingress('i', ['a.example.com'], [{ ip: '192.0.2.1' }], { spec: { ingressClassName: 'alb' } }), { ingressClasses: ['nginx'] }],
    ['no class, classes filtered', ingress('i', ['a.example.com'], [{ ip: '192.0.2.1' }]), { ingressClasses: ['nginx'] }],
  ])('gives no entry with %s', (_, object, overrides) => {
    expect(renderKind(renderIngress, object, [], overrides).entries).toEqual([])
  })

  describe('ingressClasses filter', () => {
    const byName = ingress('a', ['a.example.com'], [{ ip: '192.0.2.1' }], {
      spec: { ingressClassName: 'nginx' },
    })
    const byAnnotation = ingress('b', ['b.example.com'], [{ ip: '192.0.2.2' }], {
      annotations: { 'kubernetes.io/ingress.class': 'nginx' },
    })
    const other = ingress('c', ['c.example.com'], [{ ip: '192.0.2.3' }], {
      spec: { ingressClassName: 'alb' },
    })
    const none = ingress('d', ['d.example.com'], [{ ip: '192.0.2.4' }])

    it('keeps every class when empty', () => {
      expect(Object.keys(names([byName, byAnnotation, other, none]))).toHaveLength(4)
    })

    it('keeps listed classes (ingressClassName or the legacy annotation), drops the rest', () => {
      const result = names([byName, byAnnotation, other, none], { ingressClasses: ['nginx'] })
      expect(Object.keys(result)).toEqual(['a.example.com', 'b.example.com'])
    })
  })

  it('honours the ignore label only when it is "true"', () => {
    const ignored = ingress('x', ['x.example.com'], [{ ip: '192.0.2.1' }], {
      labels: { 'k8s-gateway.dns/ignore': 'true' },
    })
    const kept = ingress('y', ['y.example.com'], [{ ip: '192.0.2.2' }], {
      labels: { 'k8s-gateway.dns/ignore': 'false' },
    })
    expect(Object.keys(names([ignored, kept]))).toEqual(['y.example.com'])
  })

  it('skips invalid addresses and hosts with a warning naming the object', () => {
    const bad = ingress(
      'bad',
      ['ok.example.com', 'bad_.-x.example.com', `${'a'.repeat(64)}.example.com`],
      [{ ip: '192.0.2.1' }, { ip: '300.1.1.1' }]
    )
    const { recordSet, warnings } = run([bad])
    expect(recordSet.names).toEqual({ 'ok.example.com': { a: ['192.0.2.1'] } })
    expect(warnings).toContain('Ingress default/bad: "300.1.1.1" is not an IP address, skipped')
    expect(warnings).toContain(
      'Ingress default/bad: invalid host "bad_.-x.example.com": invalid label "-x", skipped'
    )
    expect(warnings.filter((w) => w.includes('label longer than 63 octets'))).toHaveLength(1)
    expect(warnings).toHaveLength(3)
  })

  it('reads an Ingress of the old extensions group but not a same-named kind of another group', () => {
    const old = {
      ...ingress('old', ['old.example.com'], [{ ip: '192.0.2.1' }]),
      apiVersion: 'extensions/v1beta1',
    }
    const foreign = {
      ...ingress('f', ['f.example.com'], [{ ip: '192.0.2.2' }]),
      apiVersion: 'example.io/v1',
    }
    expect(Object.keys(names([old, foreign]))).toEqual(['old.example.com'])
  })
})
