/**
 * HTTPRoute, TLSRoute, GRPCRoute (kubernetes.go lookup*RouteIndex, lookupParentRefs): every
 * `spec.hostnames[]` answers with the `status.addresses` of each parent Gateway. As upstream, a
 * route without hostnames is not served (the Gateway's listener hostnames are not used), and
 * the route's acceptance in `status.parents` is not checked.
 */
import { hasTargets, hostList } from './load-balancer.ts'
import { list, namespaceOf, str } from './objects.ts'
import type { KindContext, KindRenderer, KubeObject } from './types.ts'

const GROUP = 'gateway.networking.k8s.io'

export const renderRoute: KindRenderer = (route, context) => {
  const hosts = hostList(route, 'spec', 'hostnames')
  if (hosts.length === 0) {
    context.warn('no spec.hostnames, not served (Gateway listener hostnames are not used)')
    return []
  }
  const addresses: string[] = []
  const hostnames: string[] = []
  for (const ref of list(route, 'spec', 'parentRefs')) {
    const gateway = parentGateway(route, ref, context)
    if (!gateway) continue
    const targets = gatewayTargets(gateway, context)
    addresses.push(...targets.addresses)
    hostnames.push(...targets.hostnames)
  }
  const targets = { addresses, hostnames }
  return hasTargets(targets) ? hosts.map((host) => ({ host, ...targets })) : []
}

/** The Gateway a parentRef names, when it exists and passes the gatewayClasses filter. */
function parentGateway(route: KubeObject, ref: unknown, context: KindContext): KubeObject | null {
  // Other parents (a Service for mesh routes, a ListenerSet) have no external address here.
  if ((str(ref, 'kind') ?? 'Gateway') !== 'Gateway' || (str(ref, 'group') ?? GROUP) !== GROUP) {
    return null
  }
  const name = str(ref, 'name')
  if (!name) return null
  const key = `${str(ref, 'namespace') ?? namespaceOf(route)}/${name}`
  const gateway = context.gateways.get(key)
  if (!gateway) {
    context.warn(`parent Gateway ${key} not found`)
    return null
  }
  const classes = context.config.gatewayClasses
  const cls = str(gateway, 'spec', 'gatewayClassName')
  if (classes.length > 0 && (cls === undefined || !classes.includes(cls))) return null
  return gateway
}

/** `status.addresses`: type IPAddress (the default) or Hostname; others are skipped. */
function gatewayTargets(gateway: KubeObject, context: KindContext) {
  const key = `${namespaceOf(gateway)}/${str(gateway, 'metadata', 'name')}`
  const addresses: string[] = []
  const hostnames: string[] = []
  for (const address of list(gateway, 'status', 'addresses')) {
    const type = str(address, 'type') ?? 'IPAddress'
    const value = str(address, 'value')
    if (!value) continue
    if (type === 'IPAddress') addresses.push(value)
    else if (type === 'Hostname') hostnames.push(value)
    else context.warn(`parent Gateway ${key}: address type ${type} is not supported`)
  }
  if (addresses.length + hostnames.length === 0) {
    context.warn(`parent Gateway ${key} has no status.addresses yet`)
  }
  return { addresses, hostnames }
}
