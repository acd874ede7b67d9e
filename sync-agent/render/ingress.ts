/**
 * Ingress (kubernetes.go ingressHostnameIndexFunc / lookupIngressIndex): every
 * `spec.rules[].host` answers with the Ingress's `status.loadBalancer.ingress[]`, or with the
 * external-dns target annotation instead when it has one (target-annotation.ts).
 */
import { hasTargets, loadBalancerTargets } from './load-balancer.ts'
import { annotationsOf, list, str } from './objects.ts'
import { annotationTargets } from './target-annotation.ts'
import type { KindRenderer } from './types.ts'

/** The pre-IngressClass way to name a class, still set by many charts. */
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class'

export const renderIngress: KindRenderer = (ingress, { config, warn }) => {
  const classes = config.ingressClasses
  if (classes.length > 0) {
    const cls =
      str(ingress, 'spec', 'ingressClassName') ?? annotationsOf(ingress)[LEGACY_CLASS_ANNOTATION]
    if (cls === undefined || !classes.includes(cls)) return []
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
  return hosts.map((host) => ({ host, ...targets }))
}
