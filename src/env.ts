/** Bindings from wrangler.toml. */
export interface Env {
  /** The record set: keys and values as src/core/recordset/keys.ts lays them out. */
  RECORDS: KVNamespace
  /** Owner ids to answer from, comma separated, in priority order (first wins zone settings). */
  OWNERS?: string
  /** Seconds an isolate keeps KV values (also KV's cacheTtl, at least 30). */
  CACHE_SECONDS?: string
  /** Optional: a Workers rate-limiting binding, keyed per client IP (README, "Security"). */
  RATE_LIMITER?: RateLimit
  /** Optional secret: serve only under /dns-query/<token> and /resolve/<token>. */
  DOH_TOKEN?: string
  /** Optional: a Workers Analytics Engine dataset; one data point per query (README, "Observing the edge"). */
  QUERY_STATS?: AnalyticsEngineDataset
  /** Optional: log this fraction (0-1) of queries with their name; default 0, off (privacy). */
  QUERY_LOG_SAMPLE?: string
}

export function ownersOf(env: Env): string[] {
  const owners = (env.OWNERS ?? 'default').split(',').map((o) => o.trim()).filter(Boolean)
  return owners.length ? owners : ['default']
}

export function cacheSecondsOf(env: Env): number {
  const n = Number(env.CACHE_SECONDS ?? '30')
  return Number.isFinite(n) && n >= 0 ? n : 30
}
