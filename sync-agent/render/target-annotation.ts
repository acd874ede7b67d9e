/**
 * external-dns's target annotation: for controllers that leave `status` empty (Traefik without
 * a published service, cloudflared tunnels) the owner says where the name points. A comma list
 * of IP addresses and hostnames; when present it replaces the object's own addresses (status,
 * `externalIPs`, endpoints, `externalName`, a parent Gateway's addresses). Hostnames are
 * answered as a CNAME like a load balancer's hostname, so a list mixing both serves the
 * addresses and skips the hostnames with a warning (accumulate.ts finalize: RFC 1034 §3.6.2).
 */
import { parseAddress } from '../../src/core/dns/addresses.ts'
import type { Targets } from './load-balancer.ts'
import { annotationsOf } from './objects.ts'
import type { KubeObject } from './types.ts'

export const TARGET_ANNOTATION = 'external-dns.alpha.kubernetes.io/target'

/**
 * The targets the annotation names, or null when the object has none (or an empty one, which
 * is warned about: the object's own addresses are used, as external-dns does).
 */
export function annotationTargets(object: KubeObject, warn: (message: string) => void): Targets | null {
  const value = annotationsOf(object)[TARGET_ANNOTATION]
  if (value === undefined) return null
  const items = value.split(',').map((t) => t.trim()).filter((t) => t !== '')
  if (items.length === 0) {
    warn(`annotation ${TARGET_ANNOTATION} is empty, ignored`)
    return null
  }
  const targets: Targets = { addresses: [], hostnames: [] }
  // What is not an IP address is a hostname; entryValues checks it (and warns) later.
  for (const item of items) (parseAddress(item) ? targets.addresses : targets.hostnames).push(item)
  return targets
}
