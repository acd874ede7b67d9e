/**
 * NGINX Ingress Controller VirtualServer (k8s.nginx.org/v1, as in ori-edge/k8s_gateway):
 * `spec.host` answers with `status.externalEndpoints[].ip` (and `.hostname`, which upstream
 * did not read, for controllers behind a cloud load balancer).
 */
import { hasTargets, loadBalancerTargets } from './load-balancer.ts'
import { list, str } from './objects.ts'
import type { KindRenderer } from './types.ts'

export const renderVirtualServer: KindRenderer = (vs, { warn }) => {
  const host = str(vs, 'spec', 'host')
  if (!host) {
    warn('no spec.host, nothing to serve')
    return []
  }
  const targets = loadBalancerTargets(list(vs, 'status', 'externalEndpoints'))
  if (!hasTargets(targets)) {
    warn('no address in status.externalEndpoints yet, its host is not served')
    return []
  }
  return [{ host, ...targets }]
}
