import { describe, expect, it } from 'vitest'
import { renderNode } from '../../../sync-agent/render/node.ts'
import type { KindContext, KubeObject } from '../../../sync-agent/render/types.ts'
import type { NodeAddressType } from '../../../sync-agent/config/types.ts'
import { names, node, run, testConfig } from '../helpers.ts'

/** renderNode's entries and warnings, with `nodeAddressType` as given. */
function entries(object: KubeObject, nodeAddressType: NodeAddressType = 'InternalIP') {
  const warnings: string[] = []
  const context: KindContext = {
    config: testConfig({ nodeAddressType }),
    warn: (m) => void warnings.push(m),
    gateway: () => undefined,
    service: () => undefined,
    endpointSlices: () => [],
  }
  return { entries: renderNode(object, context), warnings }
}

const n1 = node('node-1', [
  ['Hostname', 'Node-1'],
  ['InternalIP', '10.0.0.11'],
  ['InternalIP', 'fd00::11'],
  ['ExternalIP', '198.51.100.11'],
])

describe('Node', () => {
  it('is named by its Hostname address, relative, in every zone, with InternalIP by default', () => {
    expect(names([n1], { zones: ['example.com', 'example.org'] })).toEqual({
      'node-1.example.com': { a: ['10.0.0.11'], aaaa: ['fd00::11'] },
      'node-1.example.org': { a: ['10.0.0.11'], aaaa: ['fd00::11'] },
    })
  })

  it('uses the configured nodeAddressType', () => {
    expect(names([n1], { nodeAddressType: 'ExternalIP' })).toEqual({
      'node-1.example.com': { a: ['198.51.100.11'] },
    })
  })

  it('is not served without a Hostname address (metadata.name is not used)', () => {
    const bare = node('node-2', [['InternalIP', '10.0.0.12']])
    const { recordSet, warnings } = run([bare])
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual(['Node node-2: no status address of type Hostname, not served'])
  })

  it('is served only when Node is in resources', () => {
    expect(names([n1], { resources: ['Ingress', 'Service'] })).toEqual({})
  })

  it('is served without a warning: its host name is relative by construction', () => {
    expect(run([n1]).warnings).toEqual([])
    expect(entries(n1).entries).toEqual([{ host: 'Node-1', addresses: ['10.0.0.11', 'fd00::11'], relative: true }])
  })

  it('gives no entry and one warning without a Hostname address', () => {
    expect(entries(node('node-2', [['InternalIP', '10.0.0.12']]))).toEqual({
      entries: [],
      warnings: ['no status address of type Hostname, not served'],
    })
  })

  it('is not served when it has no address of the configured type', () => {
    const internal = node('node-4', [['Hostname', 'node-4'], ['InternalIP', '10.0.0.14']])
    const { recordSet, warnings } = run([internal], { nodeAddressType: 'ExternalIP' })
    expect(recordSet.names).toEqual({})
    expect(warnings).toEqual(['Node node-4: no status address of type ExternalIP, not served'])
    expect(entries(internal, 'ExternalIP').entries).toEqual([])
  })

  it('ignores status addresses without an address string', () => {
    const partial: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-3' },
      status: { addresses: [{ type: 'Hostname' }, { type: 'Hostname', address: 'node-3' }, { type: 'InternalIP', address: 7 }, { type: 'InternalIP', address: '10.0.0.13' }] },
    }
    expect(entries(partial)).toEqual({ entries: [{ host: 'node-3', addresses: ['10.0.0.13'], relative: true }], warnings: [] })
  })
})
