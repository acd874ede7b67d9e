/**
 * Each owner's meta as the page and /healthz need it: published, missing or invalid, and why.
 * The record reader cannot tell those apart (it caches a bad meta as absent), so this reads
 * the meta keys itself, in one bulk read, and keeps the result no longer than CACHE_SECONDS,
 * so /healthz lags KV by no more than answers do (that, plus KV's own edge cache of 30 s).
 */
import { metaKey } from '../core/recordset/keys.ts'
import type { OwnerMeta } from '../core/recordset/schema.ts'
import { checkOwnerMeta } from '../core/recordset/validate.ts'
import { DEFAULT_STEERING, staleAfterMs, staleFor, type SteeringConfig } from '../core/recordset/steering.ts'
import type { TtlCache } from '../store/ttl-cache.ts'

export type OwnerState =
  | { owner: string; state: 'published'; meta: OwnerMeta }
  | { owner: string; state: 'missing'; key: string }
  | { owner: string; state: 'invalid'; key: string; error: string }

/** Throws when KV cannot be read; the callers say so instead of answering a 5xx. */
export type OwnerStatusReader = () => Promise<OwnerState[]>

/** The one KV call this needs (a bulk text get), so the pure parts type-check off workerd too. */
export interface MetaStore {
  get(keys: string[], options: { type: 'text'; cacheTtl: number }): Promise<Map<string, string | null>>
}

/** KV's edge cache accepts no cacheTtl below 30 s. */
const KV_MIN_CACHE_TTL = 30
const CACHE_KEY = 'owners'

export function createOwnerStatusReader(
  kv: MetaStore,
  options: { owners: readonly string[]; cacheSeconds: number; cache?: TtlCache<OwnerState[]> },
): OwnerStatusReader {
  const { owners, cacheSeconds, cache } = options
  return async () => {
    const hit = cache?.get(CACHE_KEY)
    if (hit) return hit.value
    const keys = owners.map(metaKey)
    const texts = await kv.get(keys, { type: 'text', cacheTtl: Math.max(KV_MIN_CACHE_TTL, cacheSeconds) })
    const states = owners.map((owner, i) => ownerState(owner, keys[i]!, texts.get(keys[i]!) ?? null))
    if (cache && cacheSeconds > 0) cache.set(CACHE_KEY, states, cacheSeconds * 1000)
    return states
  }
}

export function ownerState(owner: string, key: string, text: string | null): OwnerState {
  if (text === null) return { owner, state: 'missing', key }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { owner, state: 'invalid', key, error: 'not JSON' }
  }
  const checked = checkOwnerMeta(json)
  return checked.ok ? { owner, state: 'published', meta: checked.value } : { owner, state: 'invalid', key, error: checked.error }
}

/**
 * How long past its limit an owner's heartbeat is, for the page and /healthz: null while live
 * (or without a heartbeat: an older agent, never stale). The same rule steering answers by.
 */
export function staleness(meta: OwnerMeta, steering: Pick<SteeringConfig, 'staleAfterMs'>, nowMs: number): { ageS: number; limitS: number } | null {
  const age = staleFor(meta, steering, nowMs)
  return age === null ? null : { ageS: Math.round(age / 1000), limitS: Math.round(staleAfterMs(meta, steering)! / 1000) }
}

/**
 * Why the edge is not healthy, one line per owner; empty when every owner is published and
 * none is stale (at `nowMs`, by the worker's STALE_AFTER).
 */
export function healthProblems(states: readonly OwnerState[], nowMs = Date.now(), steering: Pick<SteeringConfig, 'staleAfterMs'> = DEFAULT_STEERING): string[] {
  return states.flatMap((s) => {
    switch (s.state) {
      case 'published': {
        const stale = staleness(s.meta, steering, nowMs)
        return stale ? [`owner ${s.owner}: stale: last heartbeat ${stale.ageS} s ago (limit ${stale.limitS} s); its addresses leave names a live owner also serves`] : []
      }
      case 'missing':
        return [`owner ${s.owner}: no meta at ${s.key} (has its agent published yet?)`]
      case 'invalid':
        return [`owner ${s.owner}: ${s.key} is invalid: ${s.error}`]
      default: {
        const never: never = s
        return never
      }
    }
  })
}
