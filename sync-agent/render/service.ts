/**
 * Service of type LoadBalancer (kubernetes.go serviceHostnameIndexFunc / lookupServiceIndex).
 * Names: the hostname annotation when present (a comma list; then `name.namespace` is NOT
 * indexed, as upstream), else the relative `name.namespace`, answering in every zone.
 * Addresses: `spec.externalIPs` when set (status ignored, as upstream), else the load
 * balancer's status.
 */
import { asciiLower } from '../../src/core/dns/names.ts'
import { matchesLabels, parseLabelSelector } from '../config/labels.ts'
import { healthOf } from './endpoint-health.ts'
import { loadBalancerTargets, hasTargets } from './load-balancer.ts'
import { annotationsOf, labelsOf, list, nameOf, namespaceOf, str } from './objects.ts'
import type { Entry, KindRenderer } from './types.ts'

/**
 * First present wins. The first two are k8s_gateway's; external-dns (v0.15+) also reads the
 * un-prefixed third, so Services annotated for it are served too.
 */
export const HOSTNAME_ANNOTATIONS = [
  'coredns.io/hostname',
  'external-dns.alpha.kubernetes.io/hostname',
  'external-dns.kubernetes.io/hostname',
]

/** Upstream serves a Service's endpoints with this; we cannot see EndpointSlices. */
const RESOLVE_ENDPOINTS = 'k8s-gateway.dns/resolve-endpoints'

export const renderService: KindRenderer = (service, { config, warn, readyServices }) => {
  const annotations = annotationsOf(service)
  if (str(service, 'spec', 'type') !== 'LoadBalancer') {
    if (annotations[RESOLVE_ENDPOINTS] === 'true') {
      warn(`${RESOLVE_ENDPOINTS} is not supported, only LoadBalancer Services are served`)
    }
    return []
  }
  const selectors = config.serviceLabelSelectors
  if (selectors.length > 0) {
    const labels = labelsOf(service)
    if (!selectors.some((s) => matchesLabels(parseLabelSelector(s), labels))) return []
  }

  const externalIPs = list(service, 'spec', 'externalIPs').filter(
    (ip): ip is string => typeof ip === 'string'
  )
  const targets =
    externalIPs.length > 0
      ? { addresses: externalIPs, hostnames: [] }
      : loadBalancerTargets(list(service, 'status', 'loadBalancer', 'ingress'))
  if (!hasTargets(targets)) {
    warn('no externalIPs and no address in status.loadBalancer.ingress yet, not served')
    return []
  }
  const health = healthOf(service, nameOf(service) ?? '', readyServices)
  if (health.warning) warn(health.warning)
  if (!health.publish) return []

  const key = HOSTNAME_ANNOTATIONS.find((k) => Object.hasOwn(annotations, k))
  if (key === undefined) {
    const host = `${nameOf(service)}.${namespaceOf(service)}`
    return [{ host, ...targets, relative: true }]
  }
  const hosts = asciiLower(annotations[key]!)
    .replaceAll(' ', '')
    .split(',')
    .filter((h) => h !== '')
  if (hosts.length === 0) warn(`annotation ${key} is empty, not served`)
  // The annotation may list relative names on purpose ("smtp" serves smtp.<zone> everywhere).
  return hosts.map((host): Entry => ({ host, ...targets, relative: true }))
}
