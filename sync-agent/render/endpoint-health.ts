/**
 * Per-name health, opt-in: a Service annotated `k8s-gateway-doh/health: endpoints` publishes
 * its addresses only while one of its EndpointSlices has a ready endpoint, so a cluster whose
 * app is down (though the cluster is up and heartbeating) drops out of that name, and the
 * worker's `nearest` and `failover` answer it from another cluster. Pure.
 */
import { annotationsOf, labelsOf, list, namespaceOf } from './objects.ts'
import type { KubeObject } from './types.ts'

export const HEALTH_ANNOTATION = 'k8s-gateway-doh/health'
export const HEALTH_ENDPOINTS = 'endpoints'
/** The label an EndpointSlice names its Service by (set by the EndpointSlice controller). */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name'

/**
 * `namespace/name` of every Service with a ready endpoint. An endpoint without a `ready`
 * condition counts as ready, as the EndpointSlice API says consumers must read it.
 */
export function readyServices(slices: readonly KubeObject[]): Set<string> {
  const ready = new Set<string>()
  for (const slice of slices) {
    const service = labelsOf(slice)[SERVICE_NAME_LABEL]
    if (!service) continue
    const endpoints = list(slice, 'endpoints')
    const anyReady = endpoints.some((e) => {
      if (typeof e !== 'object' || e === null) return false
      const condition = (e as { conditions?: { ready?: unknown } }).conditions?.ready
      return condition !== false && list(e as KubeObject, 'addresses').length > 0
    })
    if (anyReady) ready.add(`${namespaceOf(slice)}/${service}`)
  }
  return ready
}

/** True when the object asks for endpoint health: what it publishes depends on its EndpointSlices. */
export function wantsHealth(object: KubeObject): boolean {
  return Object.hasOwn(annotationsOf(object), HEALTH_ANNOTATION)
}

/**
 * Whether a Service publishes now, and what to warn: no annotation or a ready endpoint
 * publishes; an annotation it cannot act on (a wrong value, EndpointSlices not watched)
 * publishes with a warning, so a typo never takes a name down.
 */
export function healthOf(service: KubeObject, name: string, ready: ReadonlySet<string> | null | undefined): { publish: boolean; warning?: string } {
  const value = annotationsOf(service)[HEALTH_ANNOTATION]
  if (value === undefined) return { publish: true }
  if (value !== HEALTH_ENDPOINTS) return { publish: true, warning: `annotation ${HEALTH_ANNOTATION}: "${value}" is not "${HEALTH_ENDPOINTS}", ignored` }
  if (!ready) return { publish: true, warning: `annotation ${HEALTH_ANNOTATION} needs the agent's --endpoint-health; published regardless` }
  return ready.has(`${namespaceOf(service)}/${name}`) ? { publish: true } : { publish: false, warning: `no ready endpoints (${HEALTH_ANNOTATION}: ${HEALTH_ENDPOINTS}), not published` }
}
