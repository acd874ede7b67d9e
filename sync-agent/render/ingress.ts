/**
 * Ingress (kubernetes.go ingressHostnameIndexFunc / lookupIngressIndex): every
 * `spec.rules[].host` answers with the Ingress's `status.loadBalancer.ingress[]`, or with the
 * external-dns target annotation instead when it has one (target-annotation.ts). With
 * --endpoint-health a host whose backend Services are all down is held back
 * (endpoint-health.ts downBackends).
 */
import { normalizeName } from '../../src/core/dns/names.ts'
import { type Backend, downBackends, downWarning } from './endpoint-health.ts'
import { hasTargets, loadBalancerTargets } from './load-balancer.ts'
import { annotationsOf, field, list, namespaceOf, str } from './objects.ts'
import { annotationTargets } from './target-annotation.ts'
import type { Entry, KindContext, KindRenderer, KubeObject } from './types.ts'

/** The pre-IngressClass way to name a class, still set by many charts. */
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class'

export const renderIngress: KindRenderer = (ingress, context) => {
  const { config, warn } = context
  // Widened to ask for an absent class name too, which no listed class is.
  const classes: readonly (string | undefined)[] = config.ingressClasses
  if (classes.length > 0) {
    const cls =
      str(ingress, 'spec', 'ingressClassName') ?? annotationsOf(ingress)[LEGACY_CLASS_ANNOTATION]
    if (!classes.includes(cls)) return []
  }
  const hosts = list(ingress, 'spec', 'rules')
    .map((rule) => str(rule, 'host'))
    .filter((host): host is string => !!host)
  if (hosts.length === 0) return []
  const targets =
    annotationTargets(ingress, warn) ??
    loadBalancerTargets(list(ingress, 'status', 'loadBalancer', 'ingress'))
  if (!hasTargets(targets)) {
    warn('no address in status.loadBalancer.ingress yet, its hosts are not served')
    return []
  }
  const entries = hosts.map((host): Entry => ({ host, ...targets }))
  return config.endpointHealth ? healthyHosts(ingress, entries, context) : entries
}

/** The entries whose host has a healthy backend, warning for each host held back. */
function healthyHosts(ingress: KubeObject, entries: Entry[], context: KindContext): Entry[] {
  const backends = backendsByHost(ingress)
  const down = new Map<string, string[] | null>()
  for (const [host, of] of backends) down.set(host, downBackends(of, context, context.warn))
  return entries.filter(({ host }) => {
    const services = down.get(normalizeName(host.trim()))
    if (!services) return true
    context.warn(downWarning(`host ${normalizeName(host.trim())}`, services))
    return false
  })
}

/**
 * Each host's backends: those of every rule for it (the same host may have several rules),
 * plus `spec.defaultBackend`, which takes the requests for it that match no path. A backend is
 * a Service in the Ingress's namespace (`backend.service.name`) or a `backend.resource`.
 */
function backendsByHost(ingress: KubeObject): Map<string, Backend[]> {
  const namespace = namespaceOf(ingress)
  const backend = (b: unknown): Backend | null => {
    const name = str(b, 'service', 'name')
    if (name) return { service: `${namespace}/${name}` }
    return field(b, 'resource') === undefined ? null : 'other'
  }
  const fallback = backend(field(ingress, 'spec', 'defaultBackend'))
  const byHost = new Map<string, Backend[]>()
  for (const rule of list(ingress, 'spec', 'rules')) {
    const host = str(rule, 'host')
    if (!host) continue
    const key = normalizeName(host.trim())
    // Stryker disable next-line ArrayDeclaration: a backend that is not { service } nor 'other' names no Service, so downBackends looks up nothing for it
    const backends = byHost.get(key) ?? (fallback ? [fallback] : [])
    byHost.set(key, backends)
    for (const path of list(rule, 'http', 'paths')) {
      const b = backend(field(path, 'backend'))
      if (b) backends.push(b)
    }
  }
  return byHost
}
