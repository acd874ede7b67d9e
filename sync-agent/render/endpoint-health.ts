/**
 * Per-name health, opt-in: a Service annotated `k8s-gateway-doh/health: endpoints` publishes
 * its addresses only while one of its EndpointSlices has a ready endpoint, so a cluster whose
 * app is down (though the cluster is up and heartbeating) drops out of that name, and the
 * worker's `nearest` and `failover` answer it from another cluster. The same holds for the names
 * of an Ingress or a route whose backend Services are all so annotated and all down
 * (downBackends). Pure.
 */
import { readyAddresses } from './endpoint-slice.ts'
import { annotationsOf } from './objects.ts'
import type { KindContext, KubeObject } from './types.ts'

export const HEALTH_ANNOTATION = 'k8s-gateway-doh/health'
export const HEALTH_ENDPOINTS = 'endpoints'

/**
 * Whether a Service publishes now, and what to warn. `slices`: the Service's EndpointSlices, or
 * null when they are not watched (no --endpoint-health). No annotation or a ready endpoint
 * publishes; an annotation it cannot act on (a wrong value, EndpointSlices not watched)
 * publishes with a warning, so a typo never takes a name down.
 */
export function healthOf(service: KubeObject, slices: readonly KubeObject[] | null): { publish: boolean; warning?: string } {
  const value = annotationsOf(service)[HEALTH_ANNOTATION]
  if (value === undefined) return { publish: true }
  if (value !== HEALTH_ENDPOINTS) return { publish: true, warning: `annotation ${HEALTH_ANNOTATION}: "${value}" is not "${HEALTH_ENDPOINTS}", ignored` }
  if (!slices) return { publish: true, warning: `annotation ${HEALTH_ANNOTATION} needs the agent's --endpoint-health; published regardless` }
  return readyAddresses(slices).length > 0 ? { publish: true } : { publish: false, warning: `no ready endpoints (${HEALTH_ANNOTATION}: ${HEALTH_ENDPOINTS}), not published` }
}

/**
 * What a name behind an Ingress or a route is sent to: a Service `namespace/name`, or `other`
 * for a backend the agent cannot judge (an Ingress `resource` backend, a backendRef of another
 * kind).
 */
export type Backend = { service: string } | 'other'

/**
 * The backend Services that keep a name behind an Ingress or a route down, or null when it
 * publishes. It does not publish only while every backend Service that exists is annotated
 * `k8s-gateway-doh/health: endpoints` and none of them has a ready endpoint:
 * - an unannotated backend (or one with a value we do not know, warned) counts as healthy, and
 *   so does a backend of another kind: opting in is the Service's, so one that did not keeps
 *   the name up, as before;
 * - a backend Service that does not exist is left out: it serves nothing either way, so it
 *   neither keeps the name up nor takes it down (and traffic to it fails whatever DNS says);
 *   with no backend at all, or none that exists, the name is published, there being nothing
 *   that opted in.
 * Only the Services are looked at first; an annotated one's EndpointSlices then, so a name
 * whose backends did not opt in is not rendered again on every endpoint change. Every backend
 * is looked at (no early exit), so the warnings do not depend on the order of the backends.
 */
export function downBackends(
  backends: readonly Backend[],
  lookups: Pick<KindContext, 'service' | 'endpointSlices'>,
  warn: (message: string) => void
): string[] | null {
  let healthy = false
  const down: string[] = []
  for (const key of new Set(backends.map((b) => (b === 'other' ? null : b.service)))) {
    if (key === null) {
      healthy = true
      continue
    }
    const service = lookups.service(key)
    if (!service) continue
    const value = annotationsOf(service)[HEALTH_ANNOTATION]
    if (value !== HEALTH_ENDPOINTS) {
      if (value !== undefined) warn(`backend Service ${key}: annotation ${HEALTH_ANNOTATION}: "${value}" is not "${HEALTH_ENDPOINTS}", ignored`)
      healthy = true
    } else if (readyAddresses(lookups.endpointSlices(key)).length > 0) {
      healthy = true
    } else {
      down.push(key)
    }
  }
  return healthy || down.length === 0 ? null : down.sort()
}

/** The warning for names held back by `down` (downBackends). */
export const downWarning = (what: string, down: readonly string[]): string =>
  `${what}: no ready endpoints in backend Service${down.length > 1 ? 's' : ''} ${down.join(', ')} (${HEALTH_ANNOTATION}: ${HEALTH_ENDPOINTS}), not published`
