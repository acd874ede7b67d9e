/** Safe readers for untrusted object fields: wrong types read as absent, never throw. */
import type { ResourceKind } from '../config/types.ts'
import type { KubeObject } from './types.ts'

export type Obj = Record<string, unknown>

export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export function field(value: unknown, ...path: string[]): unknown {
  let at = value
  for (const key of path) at = isObj(at) ? at[key] : undefined
  return at
}

export function str(value: unknown, ...path: string[]): string | undefined {
  const v = field(value, ...path)
  return typeof v === 'string' ? v : undefined
}

export function list(value: unknown, ...path: string[]): unknown[] {
  const v = field(value, ...path)
  return Array.isArray(v) ? v : []
}

/** A string map (labels, annotations); non-string values are dropped. */
export function stringMap(value: unknown, ...path: string[]): Record<string, string> {
  const v = field(value, ...path)
  const out: Record<string, string> = {}
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x
  return out
}

export const nameOf = (o: KubeObject): string | undefined => str(o, 'metadata', 'name')
export const namespaceOf = (o: KubeObject): string => str(o, 'metadata', 'namespace') ?? 'default'
/** `namespace/name`: the key other kinds are looked up by (KindContext's gateway, service, endpointSlices). */
export const objectKey = (o: KubeObject): string => `${namespaceOf(o)}/${nameOf(o)}`
export const labelsOf = (o: KubeObject): Record<string, string> =>
  stringMap(o, 'metadata', 'labels')
export const annotationsOf = (o: KubeObject): Record<string, string> =>
  stringMap(o, 'metadata', 'annotations')

const CLUSTER_SCOPED = new Set(['Node'])

/** "Ingress default/web", "Node node-1": how warnings name an object. */
export function describe(o: KubeObject): string {
  const name = nameOf(o) ?? '<no name>'
  return CLUSTER_SCOPED.has(o.kind) ? `${o.kind} ${name}` : `${o.kind} ${namespaceOf(o)}/${name}`
}

/** k8s_gateway's exclusion label (kubernetes.go ignoreLabelKey), honoured only for "true". */
export const IGNORE_LABEL = 'k8s-gateway.dns/ignore'

export const isIgnored = (o: KubeObject): boolean => labelsOf(o)[IGNORE_LABEL] === 'true'

const GATEWAY_API = ['gateway.networking.k8s.io']

/**
 * The kinds we read: the served ones, and those others read (Gateways for the routes'
 * parents, EndpointSlices for Services that ask for their endpoints).
 */
export type ObjectKind = ResourceKind | 'Gateway' | 'EndpointSlice'

/**
 * API groups per kind: other groups reuse these kind names (Istio's Gateway, F5's
 * VirtualServer) and must not be read as ours.
 */
const GROUPS: Record<ObjectKind, string[]> = {
  Ingress: ['networking.k8s.io', 'extensions'],
  Service: [''],
  Node: [''],
  HTTPRoute: GATEWAY_API,
  TLSRoute: GATEWAY_API,
  GRPCRoute: GATEWAY_API,
  Gateway: GATEWAY_API,
  VirtualServer: ['k8s.nginx.org'],
  DNSEndpoint: ['externaldns.k8s.io'],
  EndpointSlice: ['discovery.k8s.io'],
}

/** The kind we read this object as, or null when it is not one of ours. */
export function kindOf(o: KubeObject): ObjectKind | null {
  if (!Object.hasOwn(GROUPS, o.kind) || typeof o.apiVersion !== 'string') return null
  const slash = o.apiVersion.lastIndexOf('/')
  const group = slash === -1 ? '' : o.apiVersion.slice(0, slash)
  return GROUPS[o.kind as ObjectKind].includes(group) ? (o.kind as ObjectKind) : null
}
