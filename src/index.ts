/**
 * Worker entry. Module scope lives as long as the isolate, so the record cache here is what
 * makes warm queries free of KV reads, and the relay's in-flight bound holds per isolate.
 */
import { createApp } from './app.ts'
import { AnswerCache } from './doh/answer-cache.ts'
import type { Env } from './env.ts'
import { cacheSecondsOf, hedgeMsOf, ownersOf, relayCacheMaxTtlOf, steeringOf } from './env.ts'
import { placeOf } from './core/recordset/steering.ts'
import { analyticsObserver } from './observe/analytics.ts'
import { allOf } from './observe/observers.ts'
import { logSampleOf, queryLogger } from './observe/query-log.ts'
import type { OwnerState } from './page/owner-status.ts'
import { createOwnerStatusReader } from './page/owner-status.ts'
import type { Cached } from './store/kv-reader.ts'
import { createKvReader } from './store/kv-reader.ts'
import { TtlCache } from './store/ttl-cache.ts'
import { createForwarder } from './upstream/forward.ts'
import { createRelay, type Relay } from './upstream/relay.ts'
import { cachedRelay, type Stored } from './upstream/relay-cache.ts'

/** About 10 MB at ~1 KB an entry; an isolate has 128 MB. */
const CACHE_ENTRIES = 10_000

const cache = new TtlCache<Cached>(CACHE_ENTRIES)
const relayed = new TtlCache<Stored>(CACHE_ENTRIES)
const answers = new AnswerCache()
/** Made on the first request (the vars arrive with it) and kept: in-flight bound and health per isolate. */
let relay: Relay | undefined
/** One entry: every owner's meta state, for the page and /healthz. */
const ownerStates = new TtlCache<OwnerState[]>(1)
const warn = (msg: string): void => console.warn(JSON.stringify({ level: 'warn', msg }))

export default createApp((env, request) => ({
  reader: createKvReader(env.RECORDS, {
    owners: ownersOf(env),
    cacheSeconds: cacheSecondsOf(env),
    cache,
    warn,
    // Where the query comes from, as Cloudflare geolocates the client, and the clock, at the edge.
    steer: { config: steeringOf(env).config, place: placeOf(request?.cf), now: Date.now },
  }),
  answers: { cache: answers, ttlMs: cacheSecondsOf(env) * 1000 },
  relay: cachedRelay((relay ??= createRelay(createForwarder(), { hedgeMs: hedgeMsOf(env) })), { maxTtl: relayCacheMaxTtlOf(env), isolate: relayed, shared: caches.default }),
  warn,
  owners: createOwnerStatusReader(env.RECORDS, { owners: ownersOf(env), cacheSeconds: cacheSecondsOf(env), cache: ownerStates }),
  observe: allOf([
    env.QUERY_STATS && analyticsObserver(env.QUERY_STATS),
    queryLogger(logSampleOf(env.QUERY_LOG_SAMPLE), (line) => console.log(line)),
  ]),
})) satisfies ExportedHandler<Env>
