/** The opt-in namespace-to-name policy (`--allow-namespace`): tenants publish only their own names. */
import { describe, expect, it } from 'vitest'
import { parseNamespacePolicy, type NamespacePolicy } from '../../../sync-agent/config/namespace-policy.ts'
import { ingress, node, run, service } from '../helpers.ts'

const policy = (...values: string[]): NamespacePolicy => {
  const parsed = parseNamespacePolicy(values)
  if ('error' in parsed) throw new Error(parsed.error)
  return parsed.policy!
}
const lb = [{ ip: '192.0.2.1' }]

describe('namespace policy', () => {
  it('lets a namespace publish its names and their subdomains, and nothing else', () => {
    const objects = [
      ingress('shop', ['shop.a.example.com', 'a.example.com', 'example.com', 'b.example.com'], lb, { namespace: 'team-a' }),
      ingress('blog', ['blog.b.example.com'], lb, { namespace: 'team-b' }),
      ingress('squat', ['www.example.com'], lb, { namespace: 'intruder' }),
    ]
    const { recordSet, warnings } = run(objects, { resources: ['Ingress'], namespaces: policy('team-a=a.example.com', 'team-b=b.example.com') })
    expect(Object.keys(recordSet.names).filter((n) => !n.includes('kube-system')).sort()).toEqual(['a.example.com', 'blog.b.example.com', 'shop.a.example.com'])
    expect(warnings.sort()).toEqual([
      'Ingress intruder/squat: www.example.com is not among the names its namespace may publish (--allow-namespace), skipped',
      'Ingress team-a/shop: b.example.com is not among the names its namespace may publish (--allow-namespace), skipped',
      'Ingress team-a/shop: example.com is not among the names its namespace may publish (--allow-namespace), skipped',
    ])
  })

  it('keeps the name server glue to who may publish its name; Nodes are not checked', () => {
    const ns = service('dns1', [{ ip: '192.0.2.53' }], { namespace: 'kube-system' })
    const fake = ingress('fake-ns', ['dns1.kube-system'], [{ ip: '203.0.113.9' }], { namespace: 'intruder' })
    const config = { resources: ['Ingress' as const, 'Service' as const, 'Node' as const], namespaces: policy('kube-system=example.com') }
    const { recordSet } = run([ns, fake, node('n1', [['Hostname', 'n1'], ['InternalIP', '192.0.2.7']])], config)
    expect(recordSet.zones[0]!.ns[0]!.a).toEqual(['192.0.2.53'])
    expect(recordSet.names).toHaveProperty(['n1.example.com'])
  })

  it('reads names as DNS names: trimmed, lower-cased, without the final dot; repeated namespaces add up', () => {
    expect(parseNamespacePolicy(['team-a=Shop.Example.COM., b.example.com', 'team-b=c.example.com', 'team-a=d.example.com'])).toEqual({
      policy: new Map([
        ['team-a', ['shop.example.com', 'b.example.com', 'd.example.com']],
        ['team-b', ['c.example.com']],
      ]),
    })
  })

  it('lets a namespace publish under any one of its names', () => {
    const objects = [ingress('b', ['www.b.example.com'], lb, { namespace: 'team-a' })]
    const { recordSet, warnings } = run(objects, { resources: ['Ingress'], namespaces: policy('team-a=a.example.com,b.example.com') })
    expect(recordSet.names).toHaveProperty(['www.b.example.com'])
    expect(warnings).toEqual([])
  })

  it('is off without values, and refuses malformed ones', () => {
    expect(parseNamespacePolicy([])).toEqual({ policy: null })
    expect(parseNamespacePolicy(['team-a'])).toEqual({ error: '--allow-namespace must be NAMESPACE=NAME[,NAME...]: team-a' })
    expect(parseNamespacePolicy(['a=bad..name'])).toEqual({ error: '--allow-namespace a=bad..name: invalid name "bad..name": empty label' })
  })
})
