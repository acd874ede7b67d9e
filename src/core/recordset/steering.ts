/**
 * Which owners (clusters) answer a question, from their heartbeats, where the question comes
 * from, the policy and the time. Pure: the worker passes `request.cf` and its clock in at the
 * edge (README "Several clusters").
 *
 * Two steps. `route()` ranks the owners once per question: groups in order of preference
 * (`nearest`: by distance; `failover`: by the configured order; `all`: one group) and the set
 * of stale owners. `choose()` then picks, for one name, among the owners that have it: the
 * live ones (all of them when none is live: stale data beats no data), and of those the first
 * group that has any. The route's key names the route exactly, so an answer cached under it is
 * served only where the same owners would have been chosen.
 */
import type { OwnerMeta } from './schema.ts'

export const STEERING_POLICIES = ['all', 'nearest', 'failover'] as const
export type SteeringPolicy = (typeof STEERING_POLICIES)[number]

/** Where a question comes from, as Cloudflare geolocates the client (`request.cf`). */
export interface Place {
  latitude?: number
  longitude?: number
  /** Cloudflare continent code: AF AN AS EU NA OC SA. */
  continent?: string
  /** ISO 3166-1 alpha-2. */
  country?: string
}

export interface SteeringConfig {
  policy: SteeringPolicy
  /** `failover`: owner ids, most preferred first; owners not listed follow in OWNERS order. */
  order: readonly string[]
  /** Milliseconds after its last heartbeat an owner is stale; null: each owner's own default. */
  staleAfterMs: number | null
}

export const DEFAULT_STEERING: SteeringConfig = { policy: 'all', order: [], staleAfterMs: null }

/**
 * Missed heartbeats tolerated before an owner is stale, plus KV's propagation (a write is
 * visible everywhere within about 60 s): one slow or retried write must not fail a cluster over.
 */
export const MISSED_HEARTBEATS = 3
export const KV_PROPAGATION_MS = 60_000

/** The limit for an owner: the configured one, else three of its own heartbeats plus KV's lag. */
export function staleAfterMs(meta: OwnerMeta, config: Pick<SteeringConfig, 'staleAfterMs'>): number | null {
  if (config.staleAfterMs !== null) return config.staleAfterMs
  return meta.heartbeat ? MISSED_HEARTBEATS * meta.heartbeat.every * 1000 + KV_PROPAGATION_MS : null
}

/**
 * How long ago the owner's last heartbeat was, in ms, when that is past its limit; null while it
 * is live. An owner without a heartbeat (an older agent) is never stale: nothing says it is.
 */
export function staleFor(meta: OwnerMeta, config: Pick<SteeringConfig, 'staleAfterMs'>, nowMs: number): number | null {
  const limit = staleAfterMs(meta, config)
  // Stryker disable next-line ConditionalExpression: limit is null only without a heartbeat; the check only narrows it for the type checker
  if (!meta.heartbeat || limit === null) return null
  const age = nowMs - Date.parse(meta.heartbeat.at)
  return age > limit ? age : null
}

export interface Route {
  /** Owner ids in groups, most preferred first; every owner is in exactly one group. */
  groups: readonly (readonly string[])[]
  stale: ReadonlySet<string>
  /** Equal keys choose the same owners for every name (given the same KV values). */
  key: string
}

export function route(metas: readonly OwnerMeta[], place: Place, config: SteeringConfig, nowMs: number): Route {
  const stale = new Set(metas.filter((m) => staleFor(m, config, nowMs) !== null).map((m) => m.owner))
  const groups = config.policy === 'nearest' ? byDistance(metas, place) : config.policy === 'failover' ? inOrder(metas, config.order) : [metas.map((m) => m.owner)]
  const key = `${config.policy}:${groups.map((g) => g.join(',')).join('>')}:${[...stale].join(',')}`
  return { groups, stale, key }
}

/** The owners that answer for a name, of those that have it (in OWNERS order). */
export function choose(route: Route, holders: readonly string[]): readonly string[] {
  const live = holders.filter((o) => !route.stale.has(o))
  const pool = live.length > 0 ? live : holders
  for (const group of route.groups) {
    const picked = pool.filter((o) => group.includes(o))
    if (picked.length > 0) return picked
  }
  return pool
}

function inOrder(metas: readonly OwnerMeta[], order: readonly string[]): string[][] {
  const owners = metas.map((m) => m.owner)
  const listed = order.filter((o, i) => owners.includes(o) && order.indexOf(o) === i)
  return [...listed, ...owners.filter((o) => !listed.includes(o))].map((o) => [o])
}

/**
 * Ranks by what the owner says it serves (the query's country, then its continent), then by
 * great-circle distance; an owner without a location ranks after those with one, and owners
 * that rank the same (a query without a location, say) share a group and answer together.
 */
function byDistance(metas: readonly OwnerMeta[], place: Place): string[][] {
  const ranked = metas.map((meta) => ({ owner: meta.owner, rank: rankOf(meta, place) }))
  // Array sort is stable: owners that rank the same keep their OWNERS order.
  ranked.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1])
  const groups: string[][] = []
  let last: readonly [number, number] | null = null
  for (const { owner, rank } of ranked) {
    if (last && last[0] === rank[0] && last[1] === rank[1]) groups[groups.length - 1]!.push(owner)
    else groups.push([owner])
    last = rank
  }
  return groups
}

function rankOf(meta: OwnerMeta, place: Place): readonly [number, number] {
  const beat = meta.heartbeat
  // Stryker disable next-line ArrayDeclaration: a place's codes are two capitals (placeOf), so no list of one other text matches one
  const serves = beat?.serves ?? []
  const tier = place.country && serves.includes(place.country) ? 0 : place.continent && serves.includes(place.continent) ? 1 : 2
  const known = beat?.latitude !== undefined && beat.longitude !== undefined && place.latitude !== undefined && place.longitude !== undefined
  // Whole kilometres: two clusters in one city tie rather than split by metres.
  const km = known ? Math.round(distanceKm(place.latitude!, place.longitude!, beat.latitude!, beat.longitude!)) : Infinity
  return [tier, km]
}

const EARTH_RADIUS_KM = 6371

/** Haversine: good to about 0.5%, far finer than the choice between clusters needs. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180
  const dLat = (lat2 - lat1) * rad
  const dLon = (lon2 - lon1) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** `request.cf`'s fields as Cloudflare sends them (coordinates are strings); anything else is ignored. */
export function placeOf(cf: unknown): Place {
  if (typeof cf !== 'object' || cf === null) return {}
  const { latitude, longitude, continent, country } = cf as Record<string, unknown>
  const place: Place = {}
  const lat = degrees(latitude)
  const lon = degrees(longitude)
  if (lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    place.latitude = lat
    place.longitude = lon
  }
  if (typeof continent === 'string' && /^[A-Z]{2}$/.test(continent)) place.continent = continent
  if (typeof country === 'string' && /^[A-Z]{2}$/.test(country)) place.country = country
  return place
}

function degrees(v: unknown): number | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null
  if (typeof v === 'string' && !/^[+-]?\d+(?:\.\d+)?$/.test(v.trim())) return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}
