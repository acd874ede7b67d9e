/**
 * Per-name health, opt-in: a Service annotated `k8s-gateway-doh/health: endpoints` publishes
 * its addresses only while one of its EndpointSlices has a ready endpoint, so a cluster whose
 * app is down (though the cluster is up and heartbeating) drops out of that name, and the
 * worker's `nearest` and `failover` answer it from another cluster. Pure.
 */
import { readyAddresses } from './endpoint-slice.ts'
import { annotationsOf } from './objects.ts'
import type { KubeObject } from './types.ts'

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
