import type { CaaRecord, MxRecord, SrvRecord } from '../../src/core/recordset/schema.ts'
import type { AgentConfig } from '../config/types.ts'

/** A Kubernetes object as read from a manifest or the API: untrusted plain data. */
export interface KubeObject {
  apiVersion: string
  kind: string
  metadata?: unknown
  spec?: unknown
  status?: unknown
  [field: string]: unknown
}

/**
 * What one object says about one host, before names are placed in zones and addresses checked:
 * `host` as written (relative or absolute), raw addresses, load-balancer hostnames, TXT strings.
 */
export interface Entry {
  host: string
  addresses?: string[]
  hostnames?: string[]
  txt?: string[]
  /** DNSEndpoint CNAME targets, checked host names (a name holds one CNAME and nothing else). */
  cnames?: string[]
  /** DNSEndpoint MX, SRV, CAA and PTR records, checked (endpoint-targets.ts). */
  mx?: MxRecord[]
  srv?: SrvRecord[]
  caa?: CaaRecord[]
  ptr?: string[]
  /** A DNSEndpoint's `recordTTL`, when it sets one (external-dns: 0 means unset). */
  ttl?: number
  /** The host is relative by construction (Service `name.namespace`, Node host name). */
  relative?: boolean
}

/**
 * What a kind's renderer may use besides its object. Other objects are read through these
 * lookups only, so the render memo knows what a contribution depended on (render.ts).
 */
export interface KindContext {
  config: AgentConfig
  /** The Gateway `namespace/name`, for the routes' parentRefs. */
  gateway(key: string): KubeObject | undefined
  /** The Service `namespace/name`, for the backends of Ingresses and routes (endpoint health). */
  service(key: string): KubeObject | undefined
  /** The EndpointSlices of the Service `namespace/name` (their `kubernetes.io/service-name`). */
  endpointSlices(service: string): readonly KubeObject[]
  /** Records a warning about the object being rendered (the prefix naming it is added). */
  warn: (message: string) => void
}

export type KindRenderer = (object: KubeObject, context: KindContext) => Entry[]
