/**
 * Node (kubernetes.go nodeHostnameIndexFunc / lookupNodeIndex): indexed by its status addresses
 * of type Hostname (not metadata.name), answering with its addresses of `nodeAddressType`,
 * both families. Host names are relative: "node-1" answers as node-1.<zone> in every zone.
 */
import { list, str } from './objects.ts'
import type { KindRenderer } from './types.ts'

export const renderNode: KindRenderer = (node, { config, warn }) => {
  const addresses = list(node, 'status', 'addresses')
  const of = (type: string): string[] =>
    addresses
      .filter((a) => str(a, 'type') === type)
      .map((a) => str(a, 'address'))
      .filter((a): a is string => !!a)
  const hosts = of('Hostname')
  if (hosts.length === 0) {
    warn('no status address of type Hostname, not served')
    return []
  }
  const ips = of(config.nodeAddressType)
  if (ips.length === 0) {
    warn(`no status address of type ${config.nodeAddressType}, not served`)
    return []
  }
  return hosts.map((host) => ({ host, addresses: ips, relative: true }))
}
