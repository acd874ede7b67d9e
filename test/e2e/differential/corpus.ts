/**
 * The differential corpus: Kubernetes objects (with their status, as controllers would write
 * it) covering every kind both implementations serve, and the DNS questions to ask both
 * CoreDNS + k8s_gateway v0.4.0 and our agent + worker.
 *
 * Every name the corpus asks about carries tags saying what it is, so known-differences.ts
 * can classify a disagreement by what the name is (an empty non-terminal, a wildcard match, a
 * host asked under another zone, ...) and not only by the shape of the two answers.
 *
 * Addresses are documentation ranges (RFC 5737, RFC 3849). Every object lives in namespaces
 * named after `run`, so a rerun on the same cluster would not collide (namespaces are never
 * finalized here).
 */
import type { KubeObject } from '../harness/kube.ts'

/** What a name is, for k8s_gateway (v0.4.0 / v1.8) and for us. */
export type Tag =
  /** Has addresses in both implementations. */
  | 'data'
  /** Only IPv6 addresses. */
  | 'v6only'
  /** The zone apex. */
  | 'apex'
  /** The primary name server host (`apex` option): glue, answered by serveSubApex upstream. */
  | 'nshost'
  /** The secondary name server host (`secondary` option). */
  | 'ns2host'
  /** Empty non-terminal (only names below it exist). */
  | 'ent'
  /** Matched only by a wildcard host `*.parent` (one label). */
  | 'wildcard'
  /** A wildcard host asked literally (`*.apps.example.com`): an exact name everywhere. */
  | 'wildcard-literal'
  /** No object gives it anything (or its object has no address yet). */
  | 'missing'
  /** Below the primary name server's host (upstream serveSubApex answers NXDOMAIN there). */
  | 'below-nshost'
  /** In none of the zones. */
  | 'outside'
  /** An absolute host `h.zone1` asked as `h.zone1.zone2` (README row 5). */
  | 'crosszone'
  /** Its only object is labelled `k8s-gateway.dns/ignore: "true"` (a v1.x feature). */
  | 'ignored'
  /** Served by a kind v0.4.0 does not have (DNSEndpoint, Node). */
  | 'v1-kind'
  /** A name from a comma list in a Service hostname annotation (split since v1.x). */
  | 'comma'
  /** `name.namespace` of a Service whose hostname annotation is a comma list: v0.4.0 falls back to it. */
  | 'comma-fallback'
  /** Several Services for one hostname, one with spec.externalIPs (README row 11). */
  | 'conflict'
  /** Has TXT data (DNSEndpoint). */
  | 'txt'

export interface Question {
  name: string
  type: string
  qclass: 'IN' | 'CH'
  tags: readonly Tag[]
}

export interface Fixture {
  object: KubeObject
  status?: unknown
}

export interface Sentinel {
  name: string
  type: 'A' | 'AAAA'
  /** 'both': both implementations must answer it; 'ours': only our kinds (v0.4.0 lacks the kind). */
  on: 'both' | 'ours'
}

export interface Corpus {
  zones: string[]
  /** The `k8s_gateway` directive, given verbatim to CoreDNS and (in a `.` block) to our agent. */
  corefileBlock: string
  /** In apply order: namespaces, Gateways (with status) first, then the routes and the rest. */
  fixtures: Fixture[]
  /** Objects applied last, one per kind: once all answer, both sides have seen everything. */
  sentinels: { fixtures: Fixture[]; names: Sentinel[] }
  questions: Question[]
  /** Tags of every name the corpus asks about (lower case, no trailing dot). */
  names: Map<string, Tag[]>
}

export const ZONES = ['example.com', 'example.org', 'internal.example.com']
export const TTL = 30
export const QTYPES = ['A', 'AAAA', 'TXT', 'MX', 'NS', 'SOA', 'CNAME', 'ANY'] as const
/** Extra types asked for a handful of names only. */
export const RARE_QTYPES = ['SRV', 'PTR', 'CAA'] as const

export const corefileBlock = (zones: string[] = ZONES): string =>
  [
    `k8s_gateway ${zones.join(' ')} {`,
    // Order is lookup priority. DNSEndpoint and Node are v1.x kinds: v0.4.0 ignores unknown
    // names in `resources` without a word, so one block serves both implementations.
    '    resources HTTPRoute TLSRoute GRPCRoute VirtualServer Ingress Service DNSEndpoint Node',
    `    ttl ${TTL}`,
    '    apex dns1.kube-system',
    '    secondary dns2.kube-system',
    '}',
  ].join('\n')

const GW = 'gateway.networking.k8s.io'
const IGNORE = { 'k8s-gateway.dns/ignore': 'true' }

/** Alternating case, from the first letter: "web.example.com" -> "WeB.ExAmPlE.CoM". */
export function mixedCase(name: string): string {
  let upper = true
  return [...name]
    .map((c) => {
      if (!/[a-z]/i.test(c)) return c
      const out = upper ? c.toUpperCase() : c.toLowerCase()
      upper = !upper
      return out
    })
    .join('')
}

export function buildCorpus(run: string): Corpus {
  const ns = run
  const infra = `${run}-infra`
  const fixtures: Fixture[] = []
  const names = new Map<string, Tag[]>()
  const tag = (name: string, ...tags: Tag[]): void => {
    const key = name.toLowerCase()
    names.set(key, [...new Set([...(names.get(key) ?? []), ...tags])])
  }
  const add = (object: KubeObject, status?: unknown): void => void fixtures.push({ object, status })
  const meta = (name: string, namespace = ns, extra: Record<string, unknown> = {}) => ({ name, namespace, ...extra })

  for (const n of [ns, infra, 'kube-system']) add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } })

  // ---- Gateways (v0.4.0 dereferences status.addresses[].type: always set it)
  const gateway = (name: string, addresses: string[] | null): void =>
    add(
      {
        apiVersion: `${GW}/v1`,
        kind: 'Gateway',
        metadata: meta(name, infra),
        spec: { gatewayClassName: 'diff', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }, { name: 'tls', port: 443, protocol: 'TLS', tls: { mode: 'Passthrough' } }] },
      },
      addresses === null ? undefined : { addresses: addresses.map((value) => ({ type: 'IPAddress', value })) },
    )
  gateway('gw-a', ['192.0.2.1', '2001:db8::1'])
  gateway('gw-b', ['192.0.2.2'])
  gateway('gw-pending', null)

  // ---- Routes
  const parents = (...gws: string[]) => gws.map((name) => ({ name, namespace: infra }))
  const route = (kind: 'HTTPRoute' | 'TLSRoute' | 'GRPCRoute', name: string, hostnames: string[], gws: string[], labels?: Record<string, string>): Fixture => {
    const version = kind === 'TLSRoute' ? 'v1alpha2' : 'v1'
    const spec: Record<string, unknown> = { parentRefs: parents(...gws), hostnames }
    if (kind === 'TLSRoute') spec.rules = [{ backendRefs: [{ name: 'backend', port: 443 }] }]
    return { object: { apiVersion: `${GW}/${version}`, kind, metadata: meta(name, ns, labels ? { labels } : {}), spec } }
  }
  const addRoute = (...args: Parameters<typeof route>): void => void fixtures.push(route(...args))

  addRoute('HTTPRoute', 'app', ['app.example.com', 'app.example.org'], ['gw-a'])
  tag('app.example.com', 'data')
  tag('app.example.org', 'data')
  addRoute('HTTPRoute', 'shared-1', ['shared.example.com'], ['gw-a'])
  addRoute('HTTPRoute', 'shared-2', ['shared.example.com'], ['gw-b'])
  tag('shared.example.com', 'data')
  addRoute('HTTPRoute', 'multi', ['multi.example.org'], ['gw-a', 'gw-b'])
  tag('multi.example.org', 'data')
  addRoute('HTTPRoute', 'wild', ['*.wild.example.com'], ['gw-b'])
  tag('*.wild.example.com', 'wildcard-literal')
  tag('foo.wild.example.com', 'wildcard')
  tag('bar.wild.example.com', 'wildcard')
  tag('a.b.wild.example.com', 'missing') // a wildcard matches one label only
  tag('wild.example.com', 'ent')
  addRoute('HTTPRoute', 'deep', ['a.b.c.deep.example.com'], ['gw-b'])
  tag('a.b.c.deep.example.com', 'data')
  for (const n of ['b.c.deep.example.com', 'c.deep.example.com', 'deep.example.com']) tag(n, 'ent')
  tag('x.a.b.c.deep.example.com', 'missing')
  addRoute('HTTPRoute', 'orphan', ['orphan.example.com'], ['gw-missing'])
  tag('orphan.example.com', 'missing')
  addRoute('HTTPRoute', 'pending-gw', ['pending-gw.example.com'], ['gw-pending'])
  tag('pending-gw.example.com', 'missing')
  addRoute('HTTPRoute', 'apex', ['example.org'], ['gw-b'])
  tag('example.org', 'apex', 'data')
  addRoute('HTTPRoute', 'prio', ['prio.example.com'], ['gw-b']) // beats the Ingress of the same host
  tag('prio.example.com', 'data')
  addRoute('HTTPRoute', 'ignored-route', ['ignored-route.example.com'], ['gw-a'], IGNORE)
  tag('ignored-route.example.com', 'ignored')
  addRoute('TLSRoute', 'tls', ['tls.example.com'], ['gw-b'])
  tag('tls.example.com', 'data')
  addRoute('GRPCRoute', 'grpc', ['grpc.example.org'], ['gw-a'])
  tag('grpc.example.org', 'data')

  // ---- VirtualServer
  const virtualServer = (name: string, host: string, ips: string[]): Fixture => ({
    object: {
      apiVersion: 'k8s.nginx.org/v1',
      kind: 'VirtualServer',
      metadata: meta(name),
      spec: { host, upstreams: [{ name: 'up', service: 'svc', port: 80 }], routes: [{ path: '/', action: { pass: 'up' } }] },
    },
    status: { state: 'Valid', externalEndpoints: ips.map((ip) => ({ ip, ports: '[80,443]' })) },
  })
  fixtures.push(virtualServer('vs', 'vs.example.com', ['203.0.113.5']))
  tag('vs.example.com', 'data')
  fixtures.push(virtualServer('vs6', 'vs6.example.org', ['2001:db8::5']))
  tag('vs6.example.org', 'data', 'v6only')

  // ---- Ingress
  const ingress = (name: string, hosts: string[], ips: string[] | null, labels?: Record<string, string>): Fixture => ({
    object: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta(name, ns, labels ? { labels } : {}),
      spec: { rules: hosts.map((host) => ({ host })) },
    },
    status: ips === null ? undefined : { loadBalancer: { ingress: ips.map((ip) => ({ ip })) } },
  })
  const addIngress = (...args: Parameters<typeof ingress>): void => void fixtures.push(ingress(...args))
  addIngress('web', ['web.example.com', 'web.example.org'], ['198.51.100.10', '2001:db8::10'])
  tag('web.example.com', 'data')
  tag('web.example.org', 'data')
  tag('x.web.example.com', 'missing')
  tag('web.example.com.example.org', 'crosszone')
  tag('web.example.com.internal.example.com', 'crosszone')
  addIngress('merged-1', ['merged.example.com'], ['198.51.100.11'])
  addIngress('merged-2', ['merged.example.com'], ['198.51.100.12'])
  tag('merged.example.com', 'data')
  addIngress('apps-wild', ['*.apps.example.com'], ['198.51.100.20'])
  addIngress('apps-special', ['special.apps.example.com'], ['198.51.100.21'])
  tag('*.apps.example.com', 'wildcard-literal')
  tag('foo.apps.example.com', 'wildcard')
  tag('special.apps.example.com', 'data')
  tag('x.y.apps.example.com', 'missing')
  tag('apps.example.com', 'ent')
  addIngress('v6only', ['v6only.example.com'], ['2001:db8::30'])
  tag('v6only.example.com', 'data', 'v6only')
  addIngress('prio', ['prio.example.com'], ['198.51.100.40'])
  addIngress('pending', ['pending.example.com'], null)
  tag('pending.example.com', 'missing')
  addIngress('ignored', ['ignored.example.com'], ['198.51.100.41'], IGNORE)
  tag('ignored.example.com', 'ignored')
  addIngress('relative', ['intranet'], ['198.51.100.42'])
  for (const z of ZONES) tag(`intranet.${z}`, 'data')
  addIngress('cross', ['cross.example.com'], ['198.51.100.43'])
  tag('cross.example.com', 'data')
  tag('cross.example.com.example.org', 'crosszone')
  addIngress('nested', ['host.internal.example.com'], ['198.51.100.44'])
  tag('host.internal.example.com', 'data')
  tag('host.internal.example.com.example.org', 'crosszone')
  addIngress('internal-wild', ['*.internal.example.com'], ['198.51.100.45'])
  tag('foo.internal.example.com', 'wildcard')
  tag('*.internal.example.com', 'wildcard-literal')

  // ---- Services (LoadBalancer; the API server allocates cluster IPs and node ports itself)
  const service = (
    name: string,
    namespace: string,
    opts: { annotations?: Record<string, string>; labels?: Record<string, string>; externalIPs?: string[]; status?: string[]; type?: string },
  ): Fixture => ({
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(name, namespace, {
        ...(opts.annotations ? { annotations: opts.annotations } : {}),
        ...(opts.labels ? { labels: opts.labels } : {}),
      }),
      spec: {
        type: opts.type ?? 'LoadBalancer',
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
        ...(opts.externalIPs ? { externalIPs: opts.externalIPs } : {}),
      },
    },
    status: opts.status ? { loadBalancer: { ingress: opts.status.map((ip) => ({ ip })) } } : undefined,
  })
  const addService = (...args: Parameters<typeof service>): void => void fixtures.push(service(...args))
  addService('dns1', 'kube-system', { status: ['192.0.2.53'] })
  addService('dns2', 'kube-system', { status: ['192.0.2.54'] })
  for (const z of ZONES) {
    tag(z, 'apex')
    tag(`dns1.kube-system.${z}`, 'nshost')
    tag(`dns2.kube-system.${z}`, 'ns2host')
    tag(`kube-system.${z}`, 'ent')
    tag(`x.dns1.kube-system.${z}`, 'missing', 'below-nshost')
    tag(`nope.${z}`, z === 'internal.example.com' ? 'wildcard' : 'missing') // *.internal.example.com exists
    tag(`x.nope.${z}`, 'missing')
  }
  addService('lb', ns, { status: ['203.0.113.10'] })
  for (const z of ZONES) {
    tag(`lb.${ns}.${z}`, 'data')
    tag(`${ns}.${z}`, 'ent')
  }
  addService('annotated', ns, { annotations: { 'coredns.io/hostname': 'annotated.example.com' }, status: ['203.0.113.11'] })
  tag('annotated.example.com', 'data')
  tag('annotated.example.com.example.org', 'crosszone')
  tag(`annotated.${ns}.example.com`, 'missing') // the annotation replaces name.namespace
  addService('relsvc', ns, { annotations: { 'coredns.io/hostname': 'relsvc' }, status: ['203.0.113.13'] })
  for (const z of ZONES) tag(`relsvc.${z}`, 'data')
  addService('extdns', ns, { annotations: { 'external-dns.alpha.kubernetes.io/hostname': 'extdns.example.org' }, status: ['203.0.113.12'] })
  tag('extdns.example.org', 'data')
  addService('comma', ns, { annotations: { 'coredns.io/hostname': 'c1.example.com,c2.example.org' }, status: ['203.0.113.14'] })
  tag('c1.example.com', 'comma')
  tag('c2.example.org', 'comma')
  tag(`comma.${ns}.example.com`, 'comma-fallback')
  tag(`comma.${ns}.example.org`, 'comma-fallback')
  addService('extip', ns, { externalIPs: ['203.0.113.50'], status: ['203.0.113.51'] })
  tag(`extip.${ns}.example.com`, 'data')
  addService('dual', ns, { status: ['203.0.113.60', '2001:db8::60'] })
  tag(`dual.${ns}.example.org`, 'data')
  addService('clusterip', ns, { type: 'ClusterIP', annotations: { 'coredns.io/hostname': 'clusterip.example.com' } })
  tag('clusterip.example.com', 'missing')
  addService('conflict-1', ns, { annotations: { 'coredns.io/hostname': 'conflict.example.com' }, externalIPs: ['203.0.113.70'] })
  addService('conflict-2', ns, { annotations: { 'coredns.io/hostname': 'conflict.example.com' }, status: ['203.0.113.71'] })
  tag('conflict.example.com', 'data', 'conflict')
  addService('ign-svc', ns, { labels: IGNORE, status: ['203.0.113.72'] })
  tag(`ign-svc.${ns}.example.com`, 'ignored')

  // ---- DNSEndpoint and Node: v1.x kinds (v0.4.0 neither watches nor answers them)
  const dnsEndpoint = (name: string, endpoints: { dnsName: string; recordType: string; targets: string[] }[]): Fixture => ({
    object: { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', metadata: meta(name), spec: { endpoints } },
  })
  fixtures.push(
    dnsEndpoint('records', [
      { dnsName: 'dnsep.example.com', recordType: 'A', targets: ['192.0.2.80'] },
      { dnsName: 'dnsep.example.com', recordType: 'TXT', targets: ['hello=world'] },
      { dnsName: 'dnsep6.example.org', recordType: 'AAAA', targets: ['2001:db8::80'] },
    ]),
  )
  tag('dnsep.example.com', 'v1-kind', 'txt')
  tag('dnsep6.example.org', 'v1-kind', 'v6only')
  const nodeHost = `node-${run}`
  const node = (name: string, hostname: string, ip: string): Fixture => ({
    object: { apiVersion: 'v1', kind: 'Node', metadata: { name } },
    status: { addresses: [{ type: 'Hostname', address: hostname }, { type: 'InternalIP', address: ip }] },
  })
  fixtures.push(node(nodeHost, nodeHost, '10.9.8.7'))
  tag(`${nodeHost}.example.com`, 'v1-kind')
  tag(`${nodeHost}.example.org`, 'v1-kind')

  // ---- names outside every zone
  for (const n of ['example.net', 'www.example.net', 'com', 'localhost']) tag(n, 'outside')
  tag('notexample.com', 'outside') // a suffix of the zone's text, but not below it

  // ---- sentinels: one per kind, applied last
  const sentinelNode = `sentinel-${run}`
  const sentinelFixtures: Fixture[] = [
    route('HTTPRoute', 'sentinel', ['sentinel-http.example.com'], ['gw-a']),
    route('TLSRoute', 'sentinel', ['sentinel-tls.example.com'], ['gw-a']),
    route('GRPCRoute', 'sentinel', ['sentinel-grpc.example.com'], ['gw-a']),
    virtualServer('sentinel', 'sentinel-vs.example.com', ['203.0.113.99']),
    ingress('sentinel', ['sentinel-ing.example.com'], ['198.51.100.99']),
    service('sentinel', ns, { annotations: { 'coredns.io/hostname': 'sentinel-svc.example.com' }, status: ['203.0.113.98'] }),
    dnsEndpoint('sentinel', [{ dnsName: 'sentinel-dnsep.example.com', recordType: 'A', targets: ['192.0.2.99'] }]),
    node(sentinelNode, sentinelNode, '10.9.8.9'),
  ]
  const sentinelNames: Sentinel[] = [
    { name: 'sentinel-http.example.com', type: 'A', on: 'both' },
    { name: 'sentinel-tls.example.com', type: 'A', on: 'both' },
    { name: 'sentinel-grpc.example.com', type: 'A', on: 'both' },
    { name: 'sentinel-vs.example.com', type: 'A', on: 'both' },
    { name: 'sentinel-ing.example.com', type: 'A', on: 'both' },
    { name: 'sentinel-svc.example.com', type: 'A', on: 'both' },
    { name: 'sentinel-dnsep.example.com', type: 'A', on: 'ours' },
    { name: `${sentinelNode}.example.com`, type: 'A', on: 'ours' },
  ]

  // ---- questions
  const questions: Question[] = []
  const ask = (name: string, type: string, tags: readonly Tag[], qclass: 'IN' | 'CH' = 'IN'): void =>
    void questions.push({ name, type, qclass, tags })
  for (const [name, tags] of names) for (const type of QTYPES) ask(name, type, tags)
  // Odd case: the same names in MiXeD case (DNS names compare case-insensitively, RFC 4343).
  const mixed = [
    'example.com', 'example.org', 'internal.example.com', 'dns1.kube-system.example.com', 'dns2.kube-system.example.org',
    'web.example.com', 'app.example.org', 'shared.example.com', 'foo.wild.example.com', 'deep.example.com',
    'v6only.example.com', `lb.${ns}.example.com`, 'annotated.example.com', 'nope.example.org', 'intranet.internal.example.com',
    'tls.example.com', 'grpc.example.org', 'vs.example.com', 'dnsep.example.com', 'cross.example.com.example.org',
  ]
  for (const name of mixed) for (const type of ['A', 'AAAA', 'SOA', 'NS', 'TXT']) ask(mixedCase(name), type, names.get(name)!)
  // Types no resource can have, on a few kinds of names.
  for (const name of ['example.com', 'web.example.com', 'deep.example.com', 'nope.example.com', 'dns1.kube-system.example.com']) {
    for (const type of RARE_QTYPES) ask(name, type, names.get(name)!)
  }
  // A class other than IN (README row 8).
  for (const name of ['web.example.com', 'example.com', 'nope.example.com']) ask(name, 'A', names.get(name)!, 'CH')
  ask('example.com', 'SOA', names.get('example.com')!, 'CH')

  for (const [name, tags] of names) if (tags.length === 0) throw new Error(`corpus: ${name} has no tags`)
  return { zones: ZONES, corefileBlock: corefileBlock(), fixtures, sentinels: { fixtures: sentinelFixtures, names: sentinelNames }, questions, names }
}
