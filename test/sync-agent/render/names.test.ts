import { describe, expect, it } from 'vitest'
import { ingress, names, run, service } from '../helpers.ts'

const zones = ['example.com', 'dev.example.com', 'example.org']
const at = (host: string) =>
  ingress(host.replaceAll(/[^a-z0-9]/g, '-'), [host], [{ ip: '192.0.2.1' }])

describe('placing hosts in zones', () => {
  it('keeps an absolute host only in its longest zone (no <host>.<other zone> twin)', () => {
    expect(
      Object.keys(names([at('App.Dev.Example.com'), at('www.example.org')], { zones }))
    ).toEqual(['app.dev.example.com', 'www.example.org'])
  })

  it('joins a relative host under every zone', () => {
    expect(Object.keys(names([service('db', [{ ip: '192.0.2.1' }])], { zones }))).toEqual([
      'db.default.dev.example.com',
      'db.default.example.com',
      'db.default.example.org',
    ])
  })

  it('serves a zone apex itself', () => {
    expect(Object.keys(names([at('example.org')], { zones }))).toEqual(['example.org'])
  })

  it('drops an absolute host with a trailing dot outside every zone', () => {
    const { recordSet, warnings } = run([at('other.net.')], { zones })
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual([
      'Ingress default/other-net-: host other.net is in none of the zones (example.com, dev.example.com, example.org), skipped',
    ])
  })

  it('serves a zoneless Ingress host as relative, as upstream does, with a warning', () => {
    const { recordSet, warnings } = run([at('app.other.net')], { zones: ['example.com'] })
    expect(Object.keys(recordSet.names)).toEqual(['app.other.net.example.com'])
    expect(warnings).toEqual([
      'Ingress default/app-other-net: host app.other.net is in none of the zones: served as a relative name, app.other.net.<zone>',
    ])
  })

  it('keeps wildcards as literal names, and rejects a wildcard that is not the first label', () => {
    const { recordSet, warnings } = run([at('*.apps.example.com'), at('a.*.example.com')])
    expect(Object.keys(recordSet.names)).toEqual(['*.apps.example.com'])
    expect(warnings).toEqual([
      'Ingress default/a---example-com: invalid host "a.*.example.com": wildcard "*" is only allowed as the first label, skipped',
    ])
  })

  it('skips a relative name that would be too long in one zone only', () => {
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(50)}`
    const svc = service('x', [{ ip: '192.0.2.1' }], {
      annotations: { 'coredns.io/hostname': long },
    })
    const { recordSet, warnings } = run([svc], {
      zones: ['example.com', 'a-much-longer-zone.example.org'],
    })
    expect(Object.keys(recordSet.names)).toEqual([`${long}.example.com`])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^Service default\/x: .*a-much-longer-zone\.example\.org: name longer than 253/
    )
  })

  it('drops names under the name server name, served from glue', () => {
    const below = at('x.dns1.kube-system.example.com')
    const { recordSet, warnings } = run([below])
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual([
      'Ingress default/x-dns1-kube-system-example-com: x.dns1.kube-system.example.com is under the name server dns1.kube-system.example.com, not served',
    ])
  })
})
