/**
 * The record-set contract: what the sync agent renders and publishes, and what the worker
 * answers from. Both sides import these types; the worker validates every value it reads
 * (validate.ts) because KV may hold data written by an older or newer agent.
 *
 * Names are absolute, lower case, without the trailing dot ("app.example.com").
 */

/**
 * The version of the values, bumped on any change of their shape; the worker rejects versions
  * it does not know. The agent writes the newest; the worker reads every version in
  * READABLE_VERSIONS, so an edge keeps serving clusters whose agents have not been upgraded yet.
  *
  * - 1: zones, fallthrough, one upstream; names with `a`, `aaaa`, `txt`, `cname`.
  * - 2: the owner meta adds what the worker relays by (`forward`, `serverBlock`) and what the
  *   page and the agent's owner check show (`publisher`, `status`).
  * - 3: names add `mx`, `srv`, `caa`, `ptr` (DNSEndpoint record types, and the PTR names of
  *   reverse zones) and `ttl` (a DNSEndpoint's `recordTTL`); the owner meta adds `heartbeat`
  *   (when the agent last said it is alive, where it runs). Every new field is optional, so a
  *   version 1 or 2 value reads as it always did; the version in the meta tells an older
  *   worker (which rejects 3) that names may hold data it would not answer.
 */
export const SCHEMA_VERSION = 3
export const READABLE_VERSIONS: readonly number[] = [1, 2, 3]

/** The KV key layout's version (keys.ts): unchanged by new value versions, so no key moves. */
export const LAYOUT_VERSION = 1

/** The records one owner serves for one name. Absent fields mean "no data of that type". */
export interface NameRecords {
  /** IPv4 addresses, deduplicated and sorted. */
  a?: string[]
  /** IPv6 addresses in canonical (RFC 5952) form, deduplicated and sorted. */
  aaaa?: string[]
  /** TXT strings (external-dns DNSEndpoint), deduplicated, in source order. */
  txt?: string[]
  /**
   * A load balancer that publishes a hostname instead of an address. Answered as a CNAME
   * (never together with a or aaaa, RFC 1034 §3.6.2).
   */
  cname?: string
  /** Mail exchangers (DNSEndpoint MX), sorted by preference then exchange, deduplicated. */
  mx?: MxRecord[]
  /** Services (DNSEndpoint SRV), sorted by priority, weight, port, target, deduplicated. */
  srv?: SrvRecord[]
  /** Certification authority authorization (DNSEndpoint CAA, RFC 8659), deduplicated, in source order. */
  caa?: CaaRecord[]
  /**
   * Host names, sorted and deduplicated: a DNSEndpoint PTR's targets, or, at a name of a
   * reverse zone, every served name whose A or AAAA points at that address.
   */
  ptr?: string[]
  /** TTL of this name's records (a DNSEndpoint's `recordTTL`); absent: the zone's `ttl`. */
  ttl?: number
}

/** MX RDATA (RFC 1035 §3.3.9). `exchange` "" is the root: a null MX (RFC 7505). */
export interface MxRecord {
  preference: number
  exchange: string
}

/** SRV RDATA (RFC 2782). `target` "" is the root: the service is not offered. */
export interface SrvRecord {
  priority: number
  weight: number
  port: number
  target: string
}

/** CAA RDATA (RFC 8659 §4.1): `tag` is 1-15 ASCII letters and digits; `value` is text. */
export interface CaaRecord {
  flags: number
  tag: string
  value: string
}

/** A name server of a zone: `apex` or `secondary` joined with the zone, plus its glue. */
export interface NameServer {
  name: string
  a: string[]
  aaaa: string[]
}

/** SOA timers, in seconds (RFC 1035 §3.3.13). */
export interface SoaTimers {
  refresh: number
  retry: number
  expire: number
  /** Also the negative-caching TTL (RFC 2308 §5). */
  minimum: number
}

export interface ZoneMeta {
  /** The zone's apex name. */
  zone: string
  /** TTL of positive answers (the `ttl` option). */
  ttl: number
  /** Name servers: the first is the primary (SOA MNAME); the second comes from `secondary`. */
  ns: NameServer[]
  /** SOA RNAME as a domain name ("hostmaster.dns1.kube-system.example.com"). */
  hostmaster: string
  serial: number
  soa: SoaTimers
}

/** The `fallthrough [ZONES...]` option: misses in these zones go upstream (empty = all zones). */
export interface Fallthrough {
  zones: string[]
}

/**
 * How the worker relays (`forward . URL...` and its options, with CoreDNS forward's meaning and
 * defaults): the upstreams in Corefile order and how to pick among them.
 */
export interface Forward {
  /** DoH URLs, at least one. */
  upstreams: string[]
  /** CoreDNS `policy`: which upstream is asked first. Default random. */
  policy: 'random' | 'round_robin' | 'sequential'
  /** CoreDNS `max_fails`: failures in a row before an upstream is skipped (0: never). Default 2. */
  maxFails: number
  /** CoreDNS `health_check` interval, in seconds: how long a skipped upstream rests. Default 0.5. */
  healthCheck: number
}

export const FORWARD_DEFAULTS: Omit<Forward, 'upstreams'> = { policy: 'random', maxFails: 2, healthCheck: 0.5 }

/**
 * Which agent instance wrote an owner's meta, so a second cluster misconfigured with the same
 * owner id sees a live writer and refuses instead of deleting its names. Optional: metas
 * written before it existed stay valid, and the worker never needs it.
 */
export interface PublisherStamp {
  /** The cluster's identity (the kube-system namespace UID, or `--cluster-id`). */
  cluster: string
  /** The replica that published (its Lease holder identity). */
  holder: string
  /** When the writer stamped this meta (ISO 8601, UTC): renewed at least hourly, a heartbeat. */
  at: string
}

/** Everything one owner (one agent, usually one cluster) publishes besides its names. */
export interface OwnerMeta {
  /** 1 (older agents: none of the optional fields below), 2 or 3 (schema history above). */
  version: 1 | 2 | typeof SCHEMA_VERSION
  owner: string
  zones: ZoneMeta[]
  /** null: no `fallthrough` option. */
  fallthrough: Fallthrough | null
  /** The first DoH URL of `forward . URL...`, for fallthrough and out-of-zone names; null: none. */
  upstream: string | null
  /** Which agent instance wrote this meta (optional; the agent's same-owner check reads it). */
  publisher?: PublisherStamp
  /** Every upstream and the forward options; absent (older agents): `upstream` alone, defaults. */
  forward?: Forward
  /**
   * The server block's keys (normalized; "" is the root "."). CoreDNS routes a question to a
   * block only when it lies under one of them, so the upstream relays only those; the rest is
   * REFUSED. Absent (older agents): the zones themselves, so nothing outside them is relayed.
   */
  serverBlock?: string[]
  /**
   * What the worker's page shows about this owner's last publish. Display only: absent (older
   * agents) or unreadable, the owner is served all the same.
   */
  status?: PublishStatus
  /**
   * The agent's heartbeat and where its cluster is, for steering (steering.ts). Absent (older
   * agents): the owner is never stale and has no location (`nearest` ranks it after owners
   * with one).
   */
  heartbeat?: Heartbeat
}

/**
 * Renewed every `every` seconds even when nothing changed, so the worker can tell a cluster
 * that went dark from one with nothing new to say.
 */
export interface Heartbeat {
  /** When the agent wrote it, RFC 3339 in UTC. */
  at: string
  /** Seconds to the next heartbeat at the latest (the agent's `--heartbeat`). */
  every: number
  /** The cluster's region (`--region`, or the nodes' `topology.kubernetes.io/region`). Display only. */
  region?: string
  /** Where the cluster is (`--location LAT,LON`), in degrees: `nearest` measures from here. */
  latitude?: number
  longitude?: number
  /**
   * Cloudflare continent codes (`EU`, `NA`, ...) or ISO 3166 country codes (`DE`, `US`) this
   * cluster serves best (`--serves`): queries from there rank it first under `nearest`.
   */
  serves?: string[]
}

/** One owner's last publish, as its agent saw it. */
export interface PublishStatus {
  /** When the agent finished the publish, RFC 3339 in UTC ("2026-12-01T10:00:00Z"). */
  publishedAt: string
  /** The agent's version, as `agent --version` prints it. */
  agentVersion: string
  /** Names in the record set (not counting empty non-terminal markers). */
  names: number
}

/** The whole rendered world of one owner: what `agent render` prints and `plan` diffs. */
export interface RecordSet extends OwnerMeta {
  /** Name -> records, keys sorted. Only names with data; empty non-terminals are derived. */
  names: Record<string, NameRecords>
}
