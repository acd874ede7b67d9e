/**
 * What the agent watches for each configured resource kind: API group, versions in order of
 * preference (newest first; the first one the server serves is used), plural and scope.
 */
import type { AgentConfig, ResourceKind } from '../config/types.ts'
import { resolvesEndpoints } from '../render/service.ts'
import type { KubeObject } from '../render/types.ts'
import type { ObjectKind } from '../render/objects.ts'

export interface WatchedKind {
  /**
   * The Kubernetes kind. Gateway is watched for the routes' parentRefs and EndpointSlice for
   * Services that ask for their endpoints or their health (--endpoint-health); neither is
   * configured.
   */
  kind: ObjectKind
  group: string
  versions: string[]
  plural: string
  /** Custom resources may be missing (CRD not installed) and appear later. */
  custom: boolean
}

const GATEWAY_API = 'gateway.networking.k8s.io'

const TABLE: Record<WatchedKind['kind'], Omit<WatchedKind, 'kind'>> = {
  Ingress: { group: 'networking.k8s.io', versions: ['v1'], plural: 'ingresses', custom: false },
  Service: { group: '', versions: ['v1'], plural: 'services', custom: false },
  Node: { group: '', versions: ['v1'], plural: 'nodes', custom: false },
  Gateway: { group: GATEWAY_API, versions: ['v1', 'v1beta1'], plural: 'gateways', custom: true },
  HTTPRoute: { group: GATEWAY_API, versions: ['v1', 'v1beta1'], plural: 'httproutes', custom: true },
  GRPCRoute: { group: GATEWAY_API, versions: ['v1', 'v1alpha2'], plural: 'grpcroutes', custom: true },
  TLSRoute: { group: GATEWAY_API, versions: ['v1', 'v1alpha3', 'v1alpha2'], plural: 'tlsroutes', custom: true },
  VirtualServer: { group: 'k8s.nginx.org', versions: ['v1'], plural: 'virtualservers', custom: true },
  DNSEndpoint: { group: 'externaldns.k8s.io', versions: ['v1alpha1'], plural: 'dnsendpoints', custom: true },
  EndpointSlice: { group: 'discovery.k8s.io', versions: ['v1'], plural: 'endpointslices', custom: false },
}

const ROUTES: ResourceKind[] = ['HTTPRoute', 'TLSRoute', 'GRPCRoute']

/**
/**
 * The kinds to watch for `resources`: plus Gateway when any route kind is configured, and
 * EndpointSlice when Service is and `endpointSlices` says some Service asks for its endpoints
 * or --endpoint-health is on (so a cluster that uses neither never lists them).
 * `{ endpointSlices: true }` gives every kind the agent may watch: what RBAC grants.
 */
export function kindsFor(resources: readonly ResourceKind[], { endpointSlices = false } = {}): WatchedKind[] {
  const kinds: WatchedKind['kind'][] = [...resources]
  if (resources.some((r) => ROUTES.includes(r))) kinds.push('Gateway')
  if (endpointSlices && resources.includes('Service')) kinds.push('EndpointSlice')
  return kinds.map((kind) => ({ kind, ...TABLE[kind] }))
}

/** Cluster-wide collection path, e.g. /apis/networking.k8s.io/v1/ingresses or /api/v1/nodes. */
export function collectionPath(kind: WatchedKind, version: string): string {
  return kind.group === '' ? `/api/${version}/${kind.plural}` : `/apis/${kind.group}/${version}/${kind.plural}`
}

/**
 * EndpointSlices are worth watching: --endpoint-health is on, or some Service asks for its
 * endpoints. Either way only when Services are served.
 */
export function wantsEndpointSlices(config: Pick<AgentConfig, 'resources' | 'endpointHealth'>, services: Iterable<KubeObject>): boolean {
  if (!config.resources.includes('Service')) return false
  if (config.endpointHealth) return true
  for (const service of services) if (resolvesEndpoints(service)) return true
  return false
}
