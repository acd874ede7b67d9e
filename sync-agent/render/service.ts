/**
 * Service (kubernetes.go serviceHostnameIndexFunc / lookupServiceIndex). Served: type
 * LoadBalancer, type ExternalName, and any Service annotated `k8s-gateway.dns/resolve-endpoints:
 * "true"` (headless ones, typically).
 * Names: the hostname annotation when present (a comma list; then `name.namespace` is NOT
 * indexed, as upstream), else the relative `name.namespace`, answering in every zone.
 * Targets, the first that applies: the external-dns target annotation; the ready endpoint
 * addresses of its EndpointSlices when it asks for them; `spec.externalName` as a CNAME
 * (completed through the upstream like a load balancer's hostname, as CoreDNS's kubernetes
 * plugin answers ExternalName); `spec.externalIPs` when set (status ignored, as upstream); the
 * load balancer's status.
 */
import { parseAddress } from '../../src/core/dns/addresses.ts'
import { asciiLower } from '../../src/core/dns/names.ts'
import { matchesLabels, parseLabelSelector } from '../config/labels.ts'
import { healthOf } from './endpoint-health.ts'
import { readyAddresses } from './endpoint-slice.ts'
import { loadBalancerTargets, hasTargets, type Targets } from './load-balancer.ts'
import { annotationsOf, labelsOf, list, nameOf, namespaceOf, objectKey, str } from './objects.ts'
import { annotationTargets } from './target-annotation.ts'
import type { Entry, KindContext, KindRenderer, KubeObject } from './types.ts'

/**
 * First present wins. The first two are k8s_gateway's; external-dns (v0.15+) also reads the
 * un-prefixed third, so Services annotated for it are served too.
 */
export const HOSTNAME_ANNOTATIONS = [
  'coredns.io/hostname',
  'external-dns.alpha.kubernetes.io/hostname',
  'external-dns.kubernetes.io/hostname',
]

/** Upstream's opt-in to answer with the Service's endpoints instead of a load balancer. */
export const RESOLVE_ENDPOINTS = 'k8s-gateway.dns/resolve-endpoints'

/**
 * The Service asks for its endpoints: only then are EndpointSlices watched at all. Read
 * directly (no copy of the annotations): the agent asks it of every Service on every run.
 */
export const resolvesEndpoints = (service: KubeObject): boolean =>
  str(service, 'metadata', 'annotations', RESOLVE_ENDPOINTS) === 'true'

export const renderService: KindRenderer = (service, context) => {
  const { config, warn } = context
  const type = str(service, 'spec', 'type')
  const endpoints = resolvesEndpoints(service)
  if (!endpoints && type !== 'LoadBalancer' && type !== 'ExternalName') return []
  const selectors = config.serviceLabelSelectors
  if (selectors.length > 0) {
    const labels = labelsOf(service)
    if (!selectors.some((s) => matchesLabels(parseLabelSelector(s), labels))) return []
  }

  // How the EndpointSlices name their Service (their `kubernetes.io/service-name` label).
  const ref = objectKey(service)
  const targets = annotationTargets(service, warn) ?? ownTargets(service, ref, type, endpoints, context)
  if (!targets) return []
  const health = healthOf(service, config.endpointHealth ? context.endpointSlices(ref) : null)
  if (health.warning) warn(health.warning)
  if (!health.publish) return []

  const annotations = annotationsOf(service)
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

/** What the Service itself says it points at, or null (warned) when there is nothing yet. */
function ownTargets(service: KubeObject, ref: string, type: string | undefined, endpoints: boolean, context: KindContext): Targets | null {
  const { warn } = context
  if (endpoints) {
    const addresses = readyAddresses(context.endpointSlices(ref))
    if (addresses.length > 0) return { addresses, hostnames: [] }
    warn(`${RESOLVE_ENDPOINTS}: no ready endpoint address in its EndpointSlices, not served`)
    return null
  }
  if (type === 'ExternalName') {
    const target = str(service, 'spec', 'externalName')?.trim()
    if (!target) {
      warn('type ExternalName without spec.externalName, not served')
      return null
    }
    // Kubernetes takes an IP here as a name of digits; a CNAME to it would answer nothing.
    if (parseAddress(target)) {
      warn(`spec.externalName ${target} is an IP address, not a DNS name: not served (use externalIPs or the target annotation)`)
      return null
    }
    return { addresses: [], hostnames: [target] }
  }
  const externalIPs = list(service, 'spec', 'externalIPs').filter(
    (ip): ip is string => typeof ip === 'string'
  )
  const targets =
    externalIPs.length > 0
      ? { addresses: externalIPs, hostnames: [] }
      : loadBalancerTargets(list(service, 'status', 'loadBalancer', 'ingress'))
  if (hasTargets(targets)) return targets
  warn('no externalIPs and no address in status.loadBalancer.ingress yet, not served')
  return null
}
