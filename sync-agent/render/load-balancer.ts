import { list, str } from './objects.ts'

/** Addresses and hostnames of a load balancer's status (Service, Ingress, VirtualServer). */
export interface Targets {
  addresses: string[]
  hostnames: string[]
}

/**
 * Reads `status.loadBalancer.ingress[]`-like items `{ ip, hostname }`. Both are kept: which one
 * is served is decided per name once every object is known (render.ts), since k8s_gateway's
 * query-time resolution of hostnames is not available to a static record set.
 */
export function loadBalancerTargets(items: unknown[]): Targets {
  const addresses: string[] = []
  const hostnames: string[] = []
  for (const item of items) {
    const ip = str(item, 'ip')
    const hostname = str(item, 'hostname')
    if (ip) addresses.push(ip)
    if (hostname) hostnames.push(hostname)
  }
  return { addresses, hostnames }
}

export const hasTargets = (t: Targets): boolean => t.addresses.length + t.hostnames.length > 0

/** Host strings of a list field, skipping empty and non-string items. */
export function hostList(value: unknown, ...path: string[]): string[] {
  return list(value, ...path).filter((h): h is string => typeof h === 'string' && h !== '')
}
