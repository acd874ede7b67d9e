/**
 * HTTPRoute, TLSRoute, GRPCRoute (kubernetes.go lookup*RouteIndex, lookupParentRefs): through
 * each parent Gateway a route serves the hostnames it shares with the listeners it attaches to
 * (listeners.ts; k8s_gateway serves `spec.hostnames` as they are, and nothing for a route
 * without them), answered with that Gateway's `status.addresses`. The external-dns target
 * annotation replaces them: a Gateway's its own addresses, a route's those of all its parents.
 * As upstream, the route's acceptance in `status.parents` is not checked (nor, so, the
 * listeners' `allowedRoutes.namespaces`). With --endpoint-health the route's hostnames are held
 * back while its backend Services are all down (endpoint-health.ts downBackends).
 */
import { asciiLower } from '../../src/core/dns/names.ts'
import { type Backend, downBackends, downWarning } from './endpoint-health.ts'
import { hasTargets, hostList, type Targets } from './load-balancer.ts'
import { namesThroughParent } from './listeners.ts'
import { field, list, namespaceOf, str } from './objects.ts'
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
  if (entries.length === 0 || !context.config.endpointHealth) return entries
  const down = downBackends(routeBackends(route), context, context.warn)
  if (!down) return entries
  context.warn(downWarning('its hostnames', down))
  return []
}

/**
 * Every backendRef of every rule: all of a route's hostnames share its rules. Kind Service in
 * the core group is the default, the namespace the route's (a ReferenceGrant is not checked,
 * as acceptance is not). A ref of weight 0 gets no traffic, so it is not a backend.
 */
function routeBackends(route: KubeObject): Backend[] {
  // Stryker disable next-line ArrayDeclaration: a backend that is not { service } nor 'other' names no Service, so downBackends looks up nothing for it
  const backends: Backend[] = []
  for (const rule of list(route, 'spec', 'rules')) {
    for (const ref of list(rule, 'backendRefs')) {
      if (field(ref, 'weight') === 0) continue
      const name = str(ref, 'name')
      if (!name) continue // invalid: it routes nowhere
      const service = (str(ref, 'kind') ?? 'Service') === 'Service' && (str(ref, 'group') ?? '') === ''
      backends.push(service ? { service: `${str(ref, 'namespace') ?? namespaceOf(route)}/${name}` } : 'other')
    }
  }
  return backends
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
  // Widened to ask for an absent class name too, which no listed class is.
  const classes: readonly (string | undefined)[] = context.config.gatewayClasses
  if (classes.length > 0 && !classes.includes(str(gateway, 'spec', 'gatewayClassName'))) return null
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
