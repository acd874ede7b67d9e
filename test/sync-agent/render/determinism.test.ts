import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../sync-agent/config/k8s-gateway.ts'
import { loadManifests } from '../../../sync-agent/manifests.ts'
import { render } from '../../../sync-agent/render/render.ts'
import { ingress, run, service } from '../helpers.ts'

/** A seeded shuffle, so a failure can be reproduced. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('determinism', () => {
  it('gives identical JSON and warnings for the examples in any order', async () => {
    const { config } = parseConfig(readFileSync('examples/Corefile', 'utf8'), 'Corefile')
    const objects = await loadManifests('examples/manifests')
    const first = render(objects, config)
    expect(Object.keys(first.recordSet.names).length).toBeGreaterThan(10)
    for (const seed of [1, 2, 3, 42]) {
      const again = render(shuffle(objects, seed), config)
      expect(JSON.stringify(again)).toBe(JSON.stringify(first))
    }
  })

  it('sorts the names', () => {
    const objects = ['b', 'a', 'c'].map((h) =>
      ingress(h, [`${h}.example.com`], [{ ip: '192.0.2.1' }])
    )
    expect(Object.keys(run(objects).recordSet.names)).toEqual([
      'a.example.com',
      'b.example.com',
      'c.example.com',
    ])
  })

  // Objects are sorted before rendering, but one object's own list keeps its order: the
  // addresses themselves must be sorted, for names and for glue, or the plan churns.
  it('sorts the IPv6 addresses of a name and of the name server glue', () => {
    const web = ingress('web', ['web.example.com'], [{ ip: '2001:db8::9' }, { ip: '2001:db8::1' }])
    const api = ingress('api', ['web.example.com'], [{ ip: '2001:db8::5' }])
    const dns1 = service('dns1', [{ ip: '2001:db8::54' }, { ip: '2001:db8::53' }], { namespace: 'kube-system' })
    const { recordSet } = run([web, api, dns1], { resources: ['Ingress', 'Service'] })
    expect(recordSet.names['web.example.com']).toEqual({ aaaa: ['2001:db8::1', '2001:db8::5', '2001:db8::9'] })
    expect(recordSet.zones[0]!.ns[0]!.aaaa).toEqual(['2001:db8::53', '2001:db8::54'])
  })

  it('warns about an object given twice and uses both copies', () => {
    const one = ingress('web', ['web.example.com'], [{ ip: '192.0.2.1' }])
    const two = ingress('web', ['web.example.com'], [{ ip: '192.0.2.2' }])
    const forward = run([one, two])
    expect(forward.recordSet.names['web.example.com']).toEqual({ a: ['192.0.2.1', '192.0.2.2'] })
    expect(forward.warnings).toEqual([
      'Ingress default/web: defined more than once, all copies are used',
    ])
    expect(JSON.stringify(run([two, one]))).toBe(JSON.stringify(forward))
  })
})
