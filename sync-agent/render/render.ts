/**
 * Renders Kubernetes objects into the record set k8s_gateway would answer from. Pure: no I/O,
 * no clock, no console; the same objects in any order give the same JSON.
 *
 * For each name the first kind in `resources` order with data for it answers, and all objects
 * of that kind merge (upstream's getMatchingAddresses); later kinds are ignored for that name.
 */
import { isSubdomain, joinName, normalizeName } from '../../src/core/dns/names.ts'
import {
  type NameRecords,
  type RecordSet,
  SCHEMA_VERSION,
} from '../../src/core/recordset/schema.ts'
import { mayPublish } from '../config/namespace-policy.ts'
import type { AgentConfig, ResourceKind } from '../config/types.ts'
import {
  type Acc,
  addValues,
  entryValues,
  type Values,
  finalize,
  hasData,
  isEmpty,
  newAcc,
} from './accumulate.ts'
import { capHostnames } from './caps.ts'
import { renderDNSEndpoint } from './dns-endpoint.ts'
import { sliceService } from './endpoint-slice.ts'
import { renderRoute } from './gateway-route.ts'
import { renderIngress } from './ingress.ts'
import { renderNode } from './node.ts'
import { describe, isIgnored, kindOf, nameOf, namespaceOf, objectKey } from './objects.ts'
import { longestZone } from '../../src/core/dns/zone.ts'
import { placeHost } from './place.ts'
import { withReversePointers } from './reverse-zones.ts'
import { renderService } from './service.ts'
import type { Entry, KindContext, KindRenderer, KubeObject } from './types.ts'
import { renderVirtualServer } from './virtual-server.ts'
import { zoneMeta } from './zone-meta.ts'

export interface RenderResult {
  recordSet: RecordSet
  /** Each names its object: "Ingress default/web: ...". Deduplicated, in a stable order. */
  warnings: string[]
}

const RENDERERS: Record<ResourceKind, KindRenderer> = {
  Ingress: renderIngress,
  Service: renderService,
  HTTPRoute: renderRoute,
  TLSRoute: renderRoute,
  GRPCRoute: renderRoute,
  VirtualServer: renderVirtualServer,
  DNSEndpoint: renderDNSEndpoint,
  Node: renderNode,
}

export function render(objects: readonly KubeObject[], config: AgentConfig, memo?: RenderMemo): RenderResult {
  const warnings = new Set<string>()
  const sorted = sortObjects(objects, warnings)
  const lookups = indexOthers(sorted)
  const byKind = new Map<ResourceKind, Map<string, Acc>>()
  // Name server glue: upstream's SelfAddress looks the bare `apex` key up in every resource.
  const glue = { apex: newAcc(), secondary: newAcc() }
  const cache = memo?.for(config)
  for (const object of sorted) {
    const kind = servedKind(object, config)
    if (kind === null) continue
    let c = cache?.get(object)
    // A route reads its Gateways, a Service its EndpointSlices, an Ingress or a route its
    // backend Services and theirs (--endpoint-health): kept only while those are.
    if (!c || !c.reads.every((read) => sameRead(read, lookups))) {
      c = contribution(object, kind, config, lookups)
      cache?.set(object, c)
    }
    for (const w of c.warnings) warnings.add(w)
    for (const values of c.apexGlue) addValues(glue.apex, values, c.ref)
    for (const values of c.secondaryGlue) addValues(glue.secondary, values, c.ref)
    // Stryker disable next-line ConditionalExpression: a shortcut; with no names the loop below adds nothing (an empty map for the kind holds no name)
    if (c.names.length === 0) continue
    const names = byKind.get(kind) ?? new Map<string, Acc>()
    byKind.set(kind, names)
    for (const [name, values] of c.names) {
      const acc = names.get(name) ?? newAcc()
      names.set(name, acc)
      addValues(acc, values, c.ref)
    }
  }

  const names: Record<string, NameRecords> = {}
  const all = [...new Set([...byKind.values()].flatMap((m) => [...m.keys()]))].sort()
  for (const name of all) {
    const winner = config.resources
      .map((kind) => byKind.get(kind)?.get(name))
      .find((acc): acc is Acc => acc !== undefined && hasData(acc))
    // Stryker disable next-line ConditionalExpression: every collected name has data in some served kind (addEntry drops entries with no values), so a winner is always found
    if (!winner) continue
    // Names at or below the name server's name are answered from the zone's glue (upstream's
    // serveSubApex), never from resources.
    const nsName = joinName(config.apex, longestZone(name, config.zones)!)
    if (isSubdomain(name, nsName)) {
      if (name !== nsName) {
        for (const o of winner.objects)
          warnings.add(`${o}: ${name} is under the name server ${nsName}, not served`)
      }
      continue
    }
    const records = finalize(winner, name, (m) => warnings.add(m), config.zones.includes(name))
    // A CNAME refused at an apex may leave nothing: names hold data only (schema.ts).
    if (Object.keys(records).length > 0) names[name] = records
  }

  const apexGlue = finalizeGlue(glue.apex, warnings)
  const secondaryGlue = finalizeGlue(glue.secondary, warnings)
  const zones = config.zones.map((zone) => zoneMeta(zone, config, apexGlue, secondaryGlue))
  const recordSet: RecordSet = {
    version: SCHEMA_VERSION,
    owner: config.owner,
    zones,
    fallthrough: config.fallthrough === null ? null : { zones: [...config.fallthrough] },
    upstream: config.forward?.upstreams[0] ?? null,
    ...(config.forward ? { forward: structuredClone(config.forward) } : {}),
    serverBlock: [...config.serverBlock],
    names: withReversePointers(names, zones, (m) => warnings.add(m)),
  }
  return { recordSet, warnings: [...warnings] }
}

/** What one object gives the record set, worked out from it, the config and what it read. */
interface Contribution {
  ref: string
  /** The other objects it read, to tell whether it still holds (RenderMemo). */
  reads: Read[]
  /** Prefixed with `ref`. */
  warnings: string[]
  apexGlue: Values[]
  secondaryGlue: Values[]
  names: [string, Values][]
}

/**
 * Per-object results kept between renders (the agent's snapshot holds an unchanged object as
 * the same reference): a change to one object of 100k re-derives that object only, and the
 * objects that read it (a Gateway's routes, an EndpointSlice's Service, a Service's Ingresses
 * and routes when they judge its health). Valid for one configuration; a new one starts afresh.
 */
export class RenderMemo {
  private config: AgentConfig | null = null
  private objects = new WeakMap<KubeObject, Contribution>()

  for(config: AgentConfig): WeakMap<KubeObject, Contribution> {
    if (config !== this.config) {
      this.config = config
      this.objects = new WeakMap()
    }
    return this.objects
  }
}

type Lookups = Pick<KindContext, 'gateway' | 'service' | 'endpointSlices'>

type Read =
  | { of: 'gateway'; key: string; got: KubeObject | undefined }
  | { of: 'service'; key: string; got: KubeObject | undefined }
  | { of: 'endpointSlices'; key: string; got: readonly KubeObject[] }

const NO_SLICES: readonly KubeObject[] = Object.freeze([])

/** The objects other kinds read, by the keys they are looked up with. */
function indexOthers(sorted: readonly KubeObject[]): Lookups {
  const gateways = new Map<string, KubeObject>()
  const services = new Map<string, KubeObject>()
  const slices = new Map<string, KubeObject[]>()
  for (const o of sorted) {
    const kind = kindOf(o)
    const key = objectKey(o)
    if (kind === 'Gateway' && nameOf(o) && !gateways.has(key)) gateways.set(key, o)
    if (kind === 'Service' && nameOf(o) && !services.has(key)) services.set(key, o)
    if (kind !== 'EndpointSlice' || !nameOf(o)) continue
    const service = sliceService(o)
    // Stryker disable next-line ConditionalExpression: lookups are by `namespace/name` strings, so slices filed under null are never read
    if (!service) continue
    const list = slices.get(service)
    if (list) list.push(o)
    else slices.set(service, [o])
  }
  return {
    gateway: (key) => gateways.get(key),
    service: (key) => services.get(key),
    endpointSlices: (key) => slices.get(key) ?? NO_SLICES,
  }
}

/** A read gives the same objects now (the snapshot keeps an unchanged object as the same reference). */
function sameRead(read: Read, lookups: Lookups): boolean {
  if (read.of === 'gateway') return lookups.gateway(read.key) === read.got
  if (read.of === 'service') return lookups.service(read.key) === read.got
  const now = lookups.endpointSlices(read.key)
  return now.length === read.got.length && now.every((o, i) => o === read.got[i])
}

/** The served kind of an object, or null for other objects and kinds not in `resources`. */
function servedKind(object: KubeObject, config: AgentConfig): ResourceKind | null {
  const kind = kindOf(object)
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: resources holds served kinds only, so includes() below refuses these too; this line narrows the type
  if (kind === null || kind === 'Gateway' || kind === 'EndpointSlice') return null
  return config.resources.includes(kind) ? kind : null
}

function contribution(object: KubeObject, kind: ResourceKind, config: AgentConfig, lookups: Lookups): Contribution {
  const ref = describe(object)
  const c: Contribution = { ref, reads: [], warnings: [], apexGlue: [], secondaryGlue: [], names: [] }
  if (!nameOf(object)) {
    c.warnings.push(`${ref}: no metadata.name, skipped`)
    return c
  }
  if (isIgnored(object)) return c
  const warn = (message: string): void => void c.warnings.push(`${ref}: ${message}`)
  const namespace = kind === 'Node' ? null : namespaceOf(object)
  const may = (name: string): boolean => mayPublish(config.namespaces, namespace, name)
  const context: KindContext = {
    config,
    warn,
    gateway: (key) => {
      const got = lookups.gateway(key)
      c.reads.push({ of: 'gateway', key, got })
      return got
    },
    service: (key) => {
      const got = lookups.service(key)
      c.reads.push({ of: 'service', key, got })
      return got
    },
    endpointSlices: (key) => {
      const got = lookups.endpointSlices(key)
      // Stryker disable next-line StringLiteral: sameRead compares every read that is neither a gateway's nor a service's as slices
      c.reads.push({ of: 'endpointSlices', key, got })
      return got
    },
  }
  for (const entry of capHostnames(RENDERERS[kind](object, context), warn)) {
    addEntry(entry, c, config, warn, may)
  }
  return c
}

function addEntry(entry: Entry, c: Contribution, config: AgentConfig, warn: (message: string) => void, may: (name: string) => boolean): void {
  const values = entryValues(entry, warn)
  if (isEmpty(values)) return
  const key = normalizeName(entry.host.trim())
  // Glue is the name server's address: under a policy, only from who may publish its name.
  const mayGlue = () => config.zones.some((zone) => may(joinName(key, zone)))
  if (key === config.apex && mayGlue()) c.apexGlue.push(values)
  if (key === config.secondary && mayGlue()) c.secondaryGlue.push(values)

  const placed = placeHost(entry.host, config.zones)
  if ('problem' in placed) return warn(`${placed.problem}, skipped`)
  for (const problem of placed.problems) warn(`${problem}, skipped`)
  if (placed.relative && !entry.relative) {
    warn(`host ${key} is in none of the zones: served as a relative name, ${key}.<zone>`)
  }
  for (const name of placed.names) {
    if (!may(name)) {
      warn(`${name} is not among the names its namespace may publish (--allow-namespace), skipped`)
      continue
    }
    // An ExternalName or target equal to the name itself would be a CNAME loop.
    if (values.hostnames.includes(name)) {
      warn(`${name} would be a CNAME to itself, that target skipped`)
      const rest = { ...values, hostnames: values.hostnames.filter((h) => h !== name) }
      if (!isEmpty(rest)) c.names.push([name, rest])
      continue
    }
    c.names.push([name, values])
  }
}

/** Glue is addresses only: a name server's name cannot be a CNAME (RFC 2181 §10.3). */
function finalizeGlue(acc: Acc, warnings: Set<string>) {
  for (const [host, objects] of acc.hostnames) {
    for (const o of objects)
      warnings.add(`${o}: name server glue cannot use load-balancer hostname ${host}`)
  }
  return { a: [...acc.a].sort(), aaaa: [...acc.aaaa].sort() }
}

/**
 * A total order on objects, so the result and the warnings do not depend on input order. By
 * kind, namespace and name; only copies with the same id (manifests may repeat one) are
 * ordered by their JSON, so objects are not serialized on every run.
 */
function sortObjects(objects: readonly KubeObject[], warnings: Set<string>): KubeObject[] {
  const keyed = objects.map((o) => ({ o, id: `${o.kind}\u0000${namespaceOf(o)}\u0000${nameOf(o) ?? ''}`, json: '' }))
  const json = (k: (typeof keyed)[number]): string => (k.json ||= JSON.stringify(k.o))
  keyed.sort((x, y) => compare(x.id, y.id) || compare(json(x), json(y)))
  for (let i = 1; i < keyed.length; i++) {
    const { o, id } = keyed[i]!
    if (id === keyed[i - 1]!.id && nameOf(o) && kindOf(o)) {
      warnings.add(`${describe(o)}: defined more than once, all copies are used`)
    }
  }
  return keyed.map((k) => k.o)
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
