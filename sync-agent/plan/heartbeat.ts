/**
 * The owner meta's heartbeat (src/core Heartbeat): renewed every `--heartbeat` seconds even when
 * nothing changed, so the worker can tell a cluster that went dark (steering.ts drops its
 * addresses where a live owner serves the name) from one with nothing new to say. Pure.
 *
 * Each renewal is one KV write of the meta. At the default 600 s that is 144 writes a day per
 * cluster, which leaves most of the free plan's 1,000 for publishing (README "Several clusters").
 */
import type { Heartbeat } from '../../src/core/recordset/schema.ts'
import { heartbeatProblem } from '../../src/core/recordset/validate.ts'

export const DEFAULT_HEARTBEAT_SECONDS = 600
/** The owner check (ownership.ts) counts on a stamp renewed at least hourly; the beat renews it. */
export const MAX_HEARTBEAT_SECONDS = 3600
export const MIN_HEARTBEAT_SECONDS = 5

/**
 * Due a little early: the agent wakes every `every` seconds, and a timer that fires a few
 * milliseconds short must not skip a beat and double the gap.
 */
const DUE_FRACTION = 0.9

/** Where the cluster is, as the flags give it; every field optional. */
export interface Site {
  region?: string
  latitude?: number
  longitude?: number
  serves?: string[]
}

export interface HeartbeatOptions {
  /** Seconds between heartbeats. */
  every: number
  site: Site
}

/** The last heartbeat while it is fresh and says the same, else a new one stamped `now`. */
export function nextHeartbeat(last: Heartbeat | null, options: HeartbeatOptions, now: number): Heartbeat {
  const body = { every: options.every, ...options.site }
  if (last !== null) {
    const { at, ...lastBody } = last
    const fresh = now - Date.parse(at) < DUE_FRACTION * options.every * 1000
    if (fresh && JSON.stringify(lastBody) === JSON.stringify(body)) return last
  }
  return { at: new Date(now).toISOString(), ...body }
}

/** `--location LAT,LON` in degrees. */
export function parseLocation(text: string): { latitude: number; longitude: number } | { error: string } {
  const match = /^\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*$/.exec(text)
  const latitude = Number(match?.[1])
  const longitude = Number(match?.[2])
  if (!match || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return { error: `--location must be LAT,LON in degrees (e.g. 50.11,8.68), not "${text}"` }
  return { latitude, longitude }
}

/** `--serves EU,DE`: Cloudflare continent codes or ISO 3166 country codes, any case. */
export function parseServes(text: string): string[] | { error: string } {
  const codes = [...new Set(text.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean))]
  if (codes.length === 0 || codes.some((c) => !/^[A-Z]{2}$/.test(c))) return { error: `--serves must list two-letter continent (EU, NA, AS, OC, SA, AF, AN) or country codes, not "${text}"` }
  return codes
}

/** The site as a heartbeat would carry it, checked by the worker's own rule (validate.ts). */
export function siteProblem(options: HeartbeatOptions): string | null {
  return heartbeatProblem({ at: new Date(0).toISOString(), every: options.every, ...options.site })
}
