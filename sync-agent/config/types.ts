/**
 * The agent's configuration: the `k8s_gateway` options of a Corefile (names and defaults as in
 * k8s_gateway's setup.go and gateway.go), plus what only the agent needs (owner, DoH upstream).
 */

import type { Forward, SoaTimers } from '../../src/core/recordset/schema.ts'
import type { NamespacePolicy } from './namespace-policy.ts'

/** Resource kinds, in the spelling of the `resources` option. */
export const RESOURCE_KINDS = [
  'Ingress',
  'Service',
  'HTTPRoute',
  'TLSRoute',
  'GRPCRoute',
  'VirtualServer',
  'DNSEndpoint',
  'Node',
] as const

export type ResourceKind = (typeof RESOURCE_KINDS)[number]

export type NodeAddressType = 'InternalIP' | 'ExternalIP'

export interface AgentConfig {
  /** Which agent (cluster) publishes: a KV key segment. Set by `--owner`, not by the Corefile. */
  owner: string
  /** Normalized zones (lower case, no trailing dot), in Corefile order, deduplicated. */
  zones: string[]
  /** Lookup priority: for a name, the first kind that has data for it answers. */
  resources: ResourceKind[]
  /** Ingress class filter; empty: every class. */
  ingressClasses: string[]
  /** Gateway class filter (on the parent Gateway); empty: every class. */
  gatewayClasses: string[]
  /** Kubernetes label selectors; a Service is watched when it matches any. Empty: all. */
  serviceLabelSelectors: string[]
  /** TTL of answers, 0..3600. */
  ttl: number
  /** Index key of the primary name server, `name.namespace` of its Service. */
  apex: string
  /** Index key of a peer name server, or null. */
  secondary: string | null
  /** SOA RNAME's first label (joined with apex and zone). Not a Corefile option upstream. */
  hostmaster: string
  /** The `soa` option's timers; the minimum is k8s_gateway's fixed SOA TTL (zone-meta.ts). */
  soa: Omit<SoaTimers, 'minimum'>
  kubeconfig: { file: string; context: string | null } | null
  /** null: no `fallthrough`; [] : every zone; else those zones. */
  fallthrough: string[] | null
  nodeAddressType: NodeAddressType
  /** `forward . https://...` in the same server block: upstreams and options, or null. */
  forward: Forward | null
  /** The server block's keys as zones ("" for "."): only names under them are relayed. */
  serverBlock: string[]
  /** `--allow-namespace`: which namespaces may publish which names; absent: any may. */
  namespaces?: NamespacePolicy | null
  /**
   * `--endpoint-health`: EndpointSlices are watched, and a Service annotated
   * `k8s-gateway-doh/health: endpoints` publishes only while it has a ready endpoint. Absent: off.
   */
  endpointHealth?: boolean
}

export const DEFAULTS = {
  owner: 'default',
  resources: ['Ingress', 'Service'] as ResourceKind[],
  ttl: 60,
  apex: 'dns1.kube-system',
  hostmaster: 'hostmaster',
  // k8s_gateway's hard-coded SOA timers (apex.go), the defaults of its later `soa` option.
  soa: { refresh: 7200, retry: 1800, expire: 86400 },
  nodeAddressType: 'InternalIP' as NodeAddressType,
}

/** k8s_gateway's ttlSOA: TTL of SOA/NS/glue and the SOA minimum; fixed, not configurable. */
export const TTL_SOA = 60
