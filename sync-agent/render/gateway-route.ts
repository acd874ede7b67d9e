/**
 * HTTPRoute, TLSRoute, GRPCRoute (kubernetes.go lookup*RouteIndex, lookupParentRefs): through
 * each parent Gateway a route serves the hostnames it shares with the listeners it attaches to
 * (listeners.ts; k8s_gateway serves `spec.hostnames` as they are, and nothing for a route
 * without them), answered with that Gateway's `status.addresses`. The external-dns target
 * annotation replaces them: a Gateway's its own addresses, a route's those of all its parents.
 * As upstream, the route's acceptance in `status.parents` is not checked (nor, so, the
 * listeners' `allowedRoutes.namespaces`).
 */
import { asciiLower } from '../../src/core/dns/names.ts'
import { hasTargets, hostList, type Targets } from './load-balancer.ts'
import { namesThroughParent } from './listeners.ts'
import { list, namespaceOf, str } from './objects.ts'
import { annotationTargets } from './target-annotation.ts'
import type { Entry, KindContext, KindRenderer, KubeObject } from './types.ts'

const GROUP = 'gateway.networking.k8s.io'

export const renderRoute: KindRenderer = (route, context) => {
  const hosts = hostList(route, 'spec', 'hostnames').map((h) => asciiLower(h))
  const own = annotationTargets(route, context.warn)
  const entries: Entry[] = []
  for (const ref of list(route, 'spec', 'parentRefs')) {
    const parent = parentGateway(route, ref, context)
    if (!parent) continue
    const names = namesThroughParent(route, ref, parent.gateway, parent.key, hosts, context.warn)
    if (names.length === 0) continue
    const targets = own ?? gatewayTargets(parent.gateway, parent.key, context)
    if (!hasTargets(targets)) continue
    for (const host of names) entries.push({ host, ...targets })
  }
  return entries
}

/** The Gateway a parentRef names, when it exists and passes the gatewayClasses filter. */
function parentGateway(route: KubeObject, ref: unknown, context: KindContext): { gateway: KubeObject; key: string } | null {
  // Other parents (a Service for mesh routes, a ListenerSet) have no external address here.
  if ((str(ref, 'kind') ?? 'Gateway') !== 'Gateway' || (str(ref, 'group') ?? GROUP) !== GROUP) {
    return null
  }
  const name = str(ref, 'name')
  if (!name) return null
  const key = `${str(ref, 'namespace') ?? namespaceOf(route)}/${name}`
  const gateway = context.gateway(key)
  if (!gateway) {
    context.warn(`parent Gateway ${key} not found`)
    return null
  }
  const classes = context.config.gatewayClasses
  const cls = str(gateway, 'spec', 'gatewayClassName')
  if (classes.length > 0 && (cls === undefined || !classes.includes(cls))) return null
  return { gateway, key }
}

/**
 * The Gateway's target annotation, else `status.addresses`: type IPAddress (the default) or
 * Hostname; others are skipped.
 */
function gatewayTargets(gateway: KubeObject, key: string, context: KindContext): Targets {
  const annotated = annotationTargets(gateway, (m) => context.warn(`parent Gateway ${key}: ${m}`))
  if (annotated) return annotated
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
