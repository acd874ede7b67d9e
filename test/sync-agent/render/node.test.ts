import { describe, expect, it } from 'vitest'
import { names, node, run } from '../helpers.ts'

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
})
