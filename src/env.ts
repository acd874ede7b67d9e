/** Bindings from wrangler.toml. */
export interface Env {
  /** The record set: keys and values as src/core/recordset/keys.ts lays them out. */
  RECORDS: KVNamespace
  /** Owner ids to answer from, comma separated, in priority order (first wins zone settings). */
  OWNERS?: string
  /** Seconds an isolate keeps KV values (also KV's cacheTtl, at least 30). */
  CACHE_SECONDS?: string
  /** Longest a relayed answer is cached, in seconds (default 3600, CoreDNS cache's); 0: off. */
  RELAY_CACHE_MAX_TTL?: string
  /** Milliseconds before a slow upstream's request is hedged with the next upstream; 0: never. */
  UPSTREAM_HEDGE_MS?: string
  /** Optional: a Workers rate-limiting binding, keyed per client IP (README, "Security"). */
  RATE_LIMITER?: RateLimit
  /** Optional secret: serve only under /dns-query/<token> and /resolve/<token>. */
  DOH_TOKEN?: string
}

export function ownersOf(env: Env): string[] {
  const owners = (env.OWNERS ?? 'default').split(',').map((o) => o.trim()).filter(Boolean)
  return owners.length ? owners : ['default']
}

export function relayCacheMaxTtlOf(env: Env): number {
  const n = Number(env.RELAY_CACHE_MAX_TTL ?? '3600')
  return Number.isInteger(n) && n >= 0 ? n : 3600
}

export function hedgeMsOf(env: Env): number {
  const n = Number(env.UPSTREAM_HEDGE_MS ?? '0')
  return Number.isInteger(n) && n >= 0 ? n : 0
}

export function cacheSecondsOf(env: Env): number {
  const n = Number(env.CACHE_SECONDS ?? '30')
  return Number.isFinite(n) && n >= 0 ? n : 30
}
