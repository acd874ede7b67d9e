/** Builders for render tests: a config with upstream defaults and minimal objects. */
import { type AgentConfig, DEFAULTS, RESOURCE_KINDS } from '../../sync-agent/config/types.ts'
import { render, type RenderResult } from '../../sync-agent/render/render.ts'
import type { KubeObject } from '../../sync-agent/render/types.ts'

export function testConfig(overrides: Partial<AgentConfig> = {}): AgentConfig {
  return {
    owner: 'default',
    zones: ['example.com'],
    resources: [...RESOURCE_KINDS],
    ingressClasses: [],
    gatewayClasses: [],
    serviceLabelSelectors: [],
    ttl: 60,
    apex: DEFAULTS.apex,
    secondary: null,
    hostmaster: 'hostmaster',
    soa: { ...DEFAULTS.soa },
    kubeconfig: null,
    fallthrough: null,
    nodeAddressType: 'InternalIP',
    forward: null,
    serverBlock: ['example.com'],
    ...overrides,
  }
}

export function run(objects: KubeObject[], overrides: Partial<AgentConfig> = {}): RenderResult {
  return render(objects, testConfig(overrides))
}

/** The names part only, the usual thing to assert. */
export const names = (objects: KubeObject[], overrides: Partial<AgentConfig> = {}) =>
  run(objects, overrides).recordSet.names

type Meta = {
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}
type Lb = { ip?: string; hostname?: string }

const meta = (name: string, m: Meta = {}) => ({ name, namespace: m.namespace ?? 'default', ...m })

export function ingress(
  name: string,
  hosts: string[],
  lb: Lb[],
  m: Meta & { spec?: object } = {}
): KubeObject {
  const { spec, ...rest } = m
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(name, rest),
    spec: { rules: hosts.map((host) => ({ host })), ...spec },
    status: { loadBalancer: { ingress: lb } },
  }
}

export function service(name: string, lb: Lb[], m: Meta & { spec?: object } = {}): KubeObject {
  const { spec, ...rest } = m
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, rest),
    spec: { type: 'LoadBalancer', ...spec },
    status: { loadBalancer: { ingress: lb } },
  }
}

export function gateway(
  name: string,
  namespace: string,
  addresses: object[],
  cls = 'cilium'
): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace },
    spec: { gatewayClassName: cls },
    status: { addresses },
  }
}

export function route(
  kind: string,
  name: string,
  hostnames: string[],
  parentRefs: object[],
  m: Meta = {}
): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: meta(name, m),
    spec: { hostnames, parentRefs },
  }
}

export function dnsEndpoint(name: string, endpoints: object[], m: Meta = {}): KubeObject {
  return {
    apiVersion: 'externaldns.k8s.io/v1alpha1',
    kind: 'DNSEndpoint',
    metadata: meta(name, m),
    spec: { endpoints },
  }
}

export function node(
  name: string,
  addresses: [string, string][],
  labels: Record<string, string> = {}
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    status: { addresses: addresses.map(([type, address]) => ({ type, address })) },
  }
}

export function virtualServer(name: string, host: string, endpoints: Lb[]): KubeObject {
  return {
    apiVersion: 'k8s.nginx.org/v1',
    kind: 'VirtualServer',
    metadata: meta(name),
    spec: { host },
    status: { externalEndpoints: endpoints },
  }
}

/** A Gateway with these listeners (each `{ name, protocol, port, hostname?, allowedRoutes? }`). */
export function withListeners(gw: KubeObject, listeners: object[]): KubeObject {
  return { ...gw, spec: { ...(gw.spec as object), listeners } }
}

type SliceEndpoint = { addresses: string[]; ready?: boolean }

/** An EndpointSlice of the Service `service`, as the EndpointSlice controller labels it. */
export function endpointSlice(
  name: string,
  service: string,
  endpoints: SliceEndpoint[],
  o: { namespace?: string; addressType?: string } = {}
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: o.namespace ?? 'default', labels: { 'kubernetes.io/service-name': service } },
    addressType: o.addressType ?? 'IPv4',
    endpoints: endpoints.map(({ addresses, ready }) => ({ addresses, ...(ready === undefined ? {} : { conditions: { ready } }) })),
  }
}

/** A Service that asks for its endpoints: headless, `k8s-gateway.dns/resolve-endpoints: "true"`. */
export function headless(name: string, m: Meta = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...meta(name, m), annotations: { 'k8s-gateway.dns/resolve-endpoints': 'true', ...m.annotations } },
    spec: { clusterIP: 'None', selector: { app: name } },
  }
}
