/**
 * Gateway API hostname rules (HTTPRouteSpec.hostnames, Listener.hostname), which k8s_gateway
 * does not apply: a route serves, through a parent Gateway, the hostnames it shares with the
 * listeners it attaches to. A listener without a hostname takes any of the route's; a route
 * without hostnames takes its listeners'; a route hostname that matches none of them is not
 * served through that parent. A wildcard `*.example.com` matches any name below example.com,
 * `a.b.example.com` too (Gateway API), and the more specific of two matching names is served.
 */
import { asciiLower } from '../../src/core/dns/names.ts'
import { field, list, str } from './objects.ts'
import type { KubeObject } from './types.ts'

const GROUP = 'gateway.networking.k8s.io'

/**
 * The route kinds a listener takes by default, from its protocol (Gateway API "Protocol"). A
 * Map, not an object: a protocol is any string, "toString" or "constructor" too.
 */
const BY_PROTOCOL = new Map<string | undefined, readonly string[]>([
  ['HTTP', ['HTTPRoute', 'GRPCRoute']],
  ['HTTPS', ['HTTPRoute', 'GRPCRoute']],
  ['TLS', ['TLSRoute']],
  ['TCP', ['TCPRoute']],
  ['UDP', ['UDPRoute']],
])

/** `*.example.com` covers `a.example.com`, `a.b.example.com` and `*.a.example.com`, not `example.com`. */
const covers = (wildcard: string, name: string): boolean =>
  wildcard.startsWith('*.') && name.endsWith(wildcard.slice(1))

/** The hostname both match, the more specific one; null when they share none. */
export function intersectHostnames(a: string, b: string): string | null {
  if (a === b) return a
  if (covers(a, b)) return b
  if (covers(b, a)) return a
  return null
}

/**
 * Whether the listener takes this route through this parentRef: its `sectionName` and `port`
 * when given, and the route's kind (`allowedRoutes.kinds`, else the protocol's default kinds;
 * an implementation-specific protocol is taken to accept it, as we cannot tell).
 */
function attaches(listener: unknown, ref: unknown, kind: string): boolean {
  const section = str(ref, 'sectionName')
  if (section !== undefined && str(listener, 'name') !== section) return false
  const port = field(ref, 'port')
  if (typeof port === 'number' && field(listener, 'port') !== port) return false
  const kinds = list(listener, 'allowedRoutes', 'kinds')
  if (kinds.length > 0) return kinds.some((k) => str(k, 'kind') === kind && (str(k, 'group') ?? GROUP) === GROUP)
  return BY_PROTOCOL.get(str(listener, 'protocol'))?.includes(kind) ?? true
}

/**
 * The names a route serves through one parent Gateway (`gatewayKey` names it in warnings):
 * `hosts` are the route's own (lower case), empty when it has none.
 */
export function namesThroughParent(route: KubeObject, ref: unknown, gateway: KubeObject, gatewayKey: string, hosts: readonly string[], warn: (message: string) => void): string[] {
  const listeners = list(gateway, 'spec', 'listeners')
  // Not valid on an API server (a Gateway has at least one listener): a hand-written
  // manifest's Gateway constrains nothing.
  if (listeners.length === 0) return [...hosts]
  const attached = listeners.filter((l) => attaches(l, ref, route.kind))
  if (attached.length === 0) {
    const section = str(ref, 'sectionName')
    warn(`no listener of parent Gateway ${gatewayKey}${section === undefined ? '' : ` named ${section}`} takes a ${route.kind}, not served through it`)
    return []
  }
  // undefined: a listener without a hostname, which takes any.
  const listenerHosts = attached.map((l) => {
    const hostname = str(l, 'hostname')
    return hostname ? asciiLower(hostname) : undefined
  })
  if (hosts.length === 0) {
    const names = [...new Set(listenerHosts.filter((h): h is string => h !== undefined))]
    if (names.length === 0) warn(`no spec.hostnames, and its listeners of parent Gateway ${gatewayKey} have no hostname: not served through it`)
    return names
  }
  const names = new Set<string>()
  for (const host of hosts) {
    const through = listenerHosts.map((l) => (l === undefined ? host : intersectHostnames(host, l)))
    const matched = through.filter((n): n is string => n !== null)
    if (matched.length === 0) warn(`hostname ${host} matches no listener hostname of parent Gateway ${gatewayKey}, not served through it`)
    for (const name of matched) names.add(name)
  }
  return [...names]
}
