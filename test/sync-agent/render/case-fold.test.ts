/** Host names fold ASCII case only (RFC 4343 §3): other characters are never mapped onto ASCII. */
import { describe, expect, it } from 'vitest'
import { normalizeZone } from '../../../sync-agent/config/zones.ts'
import { ingress, run, service } from '../helpers.ts'

const resources = { resources: ['Ingress' as const] }

describe('case folding', () => {
  it('folds ASCII only (RFC 4343): a Kelvin sign in a host does not become "k"', () => {
    const { recordSet, warnings } = run([ingress('kelvin', ['\u212Aube.example.com', 'Web.Example.COM'], [{ ip: '192.0.2.1' }])], resources)
    expect(recordSet.names).not.toHaveProperty(['kube.example.com'])
    expect(recordSet.names).toHaveProperty(['web.example.com'])
    expect(warnings.join('\n')).toContain('invalid host "\u212Aube.example.com"')
  })

  it('does the same in Service hostname annotations and zone names', () => {
    const annotated = service('s', [{ ip: '192.0.2.1' }], { annotations: { 'coredns.io/hostname': '\u212Aube.example.com,Db.example.com' } })
    const { recordSet } = run([annotated], { resources: ['Service'] })
    expect(Object.keys(recordSet.names).filter((n) => !n.startsWith('kube-system'))).toEqual(['db.example.com'])
    expect(normalizeZone('\u212Aube.Example.com')).toEqual({ error: expect.stringMatching(/^invalid zone/) })
    expect(normalizeZone('Example.COM.')).toEqual({ zone: 'example.com' })
  })
})
