/**
 * The worker app over the real KV binding of the test runtime, with a fresh isolate cache per
 * app and a count of KV reads, so tests can assert the read budget.
 */
import { env } from 'cloudflare:workers'
import { createApp } from '../../src/app.ts'
import type { Env } from '../../src/env.ts'
import { steeringOf } from '../../src/env.ts'
import { placeOf } from '../../src/core/recordset/steering.ts'
import type { AnswerCache } from '../../src/doh/answer-cache.ts'
import { kvEntries } from '../../src/core/recordset/keys.ts'
import type { RecordSet } from '../../src/core/recordset/schema.ts'
import type { Cached } from '../../src/store/kv-reader.ts'
import { createKvReader } from '../../src/store/kv-reader.ts'
import { TtlCache } from '../../src/store/ttl-cache.ts'
import type { QueryObserver } from '../../src/observe/query-event.ts'
import type { OwnerState } from '../../src/page/owner-status.ts'
import { createOwnerStatusReader } from '../../src/page/owner-status.ts'
import type { Forwarder } from '../../src/upstream/forward.ts'
import { createRelay, type Relay } from '../../src/upstream/relay.ts'
import { cachedRelay, type Stored } from '../../src/upstream/relay-cache.ts'

export async function publish(...sets: RecordSet[]): Promise<void> {
  for (const set of sets) for (const [key, value] of kvEntries(set)) await env.RECORDS.put(key, value)
}

export interface TestApp {
  fetch(input: string | Request, init?: RequestInit): Promise<Response>
  reads: { bulk: number; keys: number }
  warnings: string[]
}

export function testApp(
  options: {
    owners?: string[]
    forward?: Forwarder
    kv?: KVNamespace
    cacheSeconds?: number
    env?: Partial<Env>
    /** Cache relayed answers (off unless given), in this isolate and optionally in caches.default. */
    relayCache?: { maxTtl: number; now: () => number; shared?: Cache; isolate?: TtlCache<Stored> }
    observe?: QueryObserver
    ownerCache?: TtlCache<OwnerState[]>
    /** The warm path (off unless given). */
    answers?: AnswerCache
    /** The clock steering judges heartbeats by; default Date.now. */
    now?: () => number
  } = {},
): TestApp {
  const reads = { bulk: 0, keys: 0 }
  const warnings: string[] = []
  const base = options.kv ?? env.RECORDS
  const counting = {
    get: (keys: string[], opts: unknown) => {
      reads.bulk++
      reads.keys += keys.length
      return base.get(keys, opts as KVNamespaceGetOptions<'text'>)
    },
  } as unknown as KVNamespace
  const cache = new TtlCache<Cached>(1000)
  const rc = options.relayCache
  const withCache = (relay: Relay): Relay =>
    rc ? cachedRelay(relay, { maxTtl: rc.maxTtl, now: rc.now, shared: rc.shared ?? null, isolate: rc.isolate ?? new TtlCache<Stored>(1000, rc.now) }) : relay
  const warn = (m: string): void => {
    warnings.push(m)
  }
  const owners = options.owners ?? ['default']
  const cacheSeconds = options.cacheSeconds ?? 30
  // Steering as index.ts wires it: the vars, the request's cf, the clock.
  const app = createApp((appEnv, request) => ({
    reader: createKvReader(counting, { owners, cacheSeconds, cache, warn, steer: { config: steeringOf(appEnv).config, place: placeOf(request?.cf), now: options.now ?? Date.now } }),
    ...(options.answers ? { answers: { cache: options.answers, ttlMs: cacheSeconds * 1000 } } : {}),
    relay: withCache(createRelay(options.forward ?? (() => Promise.reject(new Error('no upstream in this test'))))),
    warn,
    owners: createOwnerStatusReader(base, { owners, cacheSeconds, cache: options.ownerCache ?? new TtlCache<OwnerState[]>(1) }),
    observe: options.observe,
  }))
  return {
    fetch: async (input, init) => app.request(input, init, { ...(env as unknown as Env), ...options.env }),
    reads,
    warnings,
  }
}
