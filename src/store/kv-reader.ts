/**
 * RecordReader over Workers KV. A cold question costs one bulk read of at most 100 keys
 * (meta + name + wildcard for each owner); a warm isolate answers from its own cache. Values
 * are validated before use: a bad one is logged and treated as absent, never thrown.
 */
import { isMetaKey, metaKey, nameKey } from '../core/recordset/keys.ts'
import type { NameRecords, OwnerMeta } from '../core/recordset/schema.ts'
import { upstreamLabel, upstreamProblem } from '../core/recordset/upstream.ts'
import { checkNameRecords, checkOwnerMeta } from '../core/recordset/validate.ts'
import type { RecordView } from '../core/recordset/view.ts'
import { forwardOf, mergeOwners } from '../core/recordset/view.ts'
import { route, type Place, type Route, type SteeringConfig } from '../core/recordset/steering.ts'
import type { RecordReader } from './record-reader.ts'
import type { TtlCache } from './ttl-cache.ts'

/** Workers KV's limit on keys per bulk get. */
const BULK_LIMIT = 100
/** KV's edge cache accepts no cacheTtl below 30 s. */
const KV_MIN_CACHE_TTL = 30

export type Cached = OwnerMeta | NameRecords | null

export interface KvReaderOptions {
  owners: readonly string[]
  cacheSeconds: number
  cache: TtlCache<Cached>
  warn: (message: string) => void
  /** Steering among several owners: the policy, where this question comes from, the clock. */
  steer?: Steer
}

export interface Steer {
  config: SteeringConfig
  place: Place
  now: () => number
}

export function createKvReader(kv: KVNamespace, options: KvReaderOptions): RecordReader {
  const { owners, cache, warn, steer } = options
  const ttlMs = options.cacheSeconds * 1000

  async function fetchInto(keys: string[], values: Map<string, Cached>): Promise<void> {
    for (let i = 0; i < keys.length; i += BULK_LIMIT) {
      const chunk = keys.slice(i, i + BULK_LIMIT)
      const texts = await kv.get(chunk, {
        type: 'text',
        cacheTtl: Math.max(KV_MIN_CACHE_TTL, options.cacheSeconds),
      })
      for (const key of chunk) {
        const value = decode(key, texts.get(key) ?? null, warn)
        values.set(key, value)
        if (ttlMs > 0) cache.set(key, value, ttlMs)
      }
    }
  }

  const metaKeys = owners.map(metaKey)
  /** What the isolate holds of the keys `names` need, and the keys it lacks. */
  function fromCache(names: readonly string[]): { values: Map<string, Cached>; missing: string[] } {
    const values = new Map<string, Cached>()
    const missing: string[] = []
    const look = (key: string): void => {
      const hit = cache.get(key)
      if (hit) values.set(key, hit.value)
      else missing.push(key)
    }
    for (const key of metaKeys) look(key)
    for (const owner of owners) for (const name of names) look(nameKey(owner, name))
    return { values, missing }
  }

  return {
    cached(names) {
      // The warm isolate's path, run for every query: one pass straight over the cache, with
      // no list of keys or map of values in between. A key it lacks makes it a miss (read()).
      let complete = true
      const view = assemble(names, owners, (key) => {
        const hit = cache.get(key)
        if (hit) return hit.value
        complete = false
        return null
      }, steer)
      return complete ? view : null
    },
    async read(names) {
      const { values, missing } = fromCache(names)
      if (missing.length > 0) await fetchInto(missing, values)
      return assemble(names, owners, (key) => values.get(key) ?? null, steer)
    },
    routeKey() {
      // Steering chooses only between two owners or more (routeOf): nothing to look up else.
      if (!steer || owners.length < 2) return ''
      const metas: OwnerMeta[] = []
      for (const key of metaKeys) {
        const hit = cache.get(key)
        if (!hit) return null
        if (hit.value) metas.push(hit.value as OwnerMeta)
      }
      return routeOf(metas, steer)?.key ?? ''
    },
  }
}

function decode(key: string, text: string | null, warn: (m: string) => void): Cached {
  if (text === null) return null
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    warn(`KV ${key}: not JSON; ignored`)
    return null
  }
  const checked = isMetaKey(key) ? checkOwnerMeta(json) : checkNameRecords(json)
  if (!checked.ok) {
    warn(`KV ${key}: ${checked.error}; ignored`)
    return null
  }
  const value = checked.value
  for (const note of checked.notes ?? []) warn(`KV ${key}: ${note}`)
  return 'zones' in value ? usableUpstreams(key, value, warn) : value
}

/** An upstream we must not use costs relaying, never the owner's records. */
function usableUpstreams(key: string, meta: OwnerMeta, warn: (m: string) => void): OwnerMeta {
  const forward = forwardOf(meta)
  if (!forward) return meta
  const usable = forward.upstreams.filter((url) => {
    const problem = upstreamProblem(url)
    if (problem) warn(`KV ${key}: upstream ${upstreamLabel(url)} ignored: ${problem}`)
    return !problem
  })
  if (usable.length === forward.upstreams.length) return meta
  return usable.length ? { ...meta, upstream: usable[0]!, forward: { ...forward, upstreams: usable } } : { ...meta, upstream: null, forward: undefined }
}

/** Steering only has a choice to make between two owners or more. */
function routeOf(metas: readonly OwnerMeta[], steer: Steer | undefined): Route | undefined {
  return steer && metas.length > 1 ? route(metas, steer.place, steer.config, steer.now()) : undefined
}

function assemble(
  names: readonly string[],
  owners: readonly string[],
  get: (key: string) => Cached,
  steer: Steer | undefined,
): RecordView {
  const metas: OwnerMeta[] = []
  const owned: Map<string, NameRecords>[] = []
  for (const owner of owners) {
    const meta = get(metaKey(owner)) as OwnerMeta | null
    if (!meta) continue // an owner that has not published yet (or whose meta is bad) serves nothing
    metas.push(meta)
    const found = new Map<string, NameRecords>()
    for (const name of names) {
      const records = get(nameKey(owner, name)) as NameRecords | null
      if (records) found.set(name, records)
    }
    owned.push(found)
  }
  return mergeOwners(metas, owned, routeOf(metas, steer))
}
