/**
 * EndpointSlices (discovery.k8s.io/v1), read for Services that ask for their endpoints
 * (`k8s-gateway.dns/resolve-endpoints: "true"`, kubernetes.go endpointSliceAddresses): the
 * ready endpoint addresses of every slice labelled with the Service's name.
 */
import { field, list, namespaceOf, stringMap, str } from './objects.ts'
import type { KubeObject } from './types.ts'

/** The label the EndpointSlice controller (and anyone mirroring) sets to the owning Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name'

/** The Service `namespace/name` a slice belongs to, or null when it names none. */
export function sliceService(slice: KubeObject): string | null {
  const service = stringMap(slice, 'metadata', 'labels')[SERVICE_NAME_LABEL]
  return service ? `${namespaceOf(slice)}/${service}` : null
}

/**
 * Addresses of the endpoints that are ready. An absent `ready` condition counts as ready, as
 * the API says consumers should read it ("unknown"); `ready: false` (a pod not ready yet, or
 * terminating) is skipped. Slices of addressType FQDN (deprecated) hold names, not addresses.
 */
export function readyAddresses(slices: readonly KubeObject[]): string[] {
  const addresses: string[] = []
  for (const slice of slices) {
    const type = str(slice, 'addressType')
    if (type !== 'IPv4' && type !== 'IPv6') continue
    for (const endpoint of list(slice, 'endpoints')) {
      if (field(endpoint, 'conditions', 'ready') === false) continue
      for (const a of list(endpoint, 'addresses')) if (typeof a === 'string' && a !== '') addresses.push(a)
    }
  }
  return addresses
}
