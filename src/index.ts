/**
 * Worker entry. Module scope lives as long as the isolate, so the record cache here is what
 * makes warm queries free of KV reads, and the relay's in-flight bound holds per isolate.
 */
import { createApp } from './app.ts'
import { cacheSecondsOf, ownersOf } from './env.ts'
import { analyticsObserver } from './observe/analytics.ts'
import { allOf } from './observe/observers.ts'
import { logSampleOf, queryLogger } from './observe/query-log.ts'
import type { OwnerState } from './page/owner-status.ts'
import { createOwnerStatusReader } from './page/owner-status.ts'
import type { Cached } from './store/kv-reader.ts'
import { createKvReader } from './store/kv-reader.ts'
import { TtlCache } from './store/ttl-cache.ts'
import { createForwarder } from './upstream/forward.ts'
import { createRelay } from './upstream/relay.ts'

/** About 10 MB at ~1 KB an entry; an isolate has 128 MB. */
const CACHE_ENTRIES = 10_000

const cache = new TtlCache<Cached>(CACHE_ENTRIES)
/** One entry: every owner's meta state, for the page and /healthz. */
const ownerStates = new TtlCache<OwnerState[]>(1)
const relay = createRelay(createForwarder())
const warn = (msg: string): void => console.warn(JSON.stringify({ level: 'warn', msg }))

export default createApp((env) => ({
  reader: createKvReader(env.RECORDS, {
    owners: ownersOf(env),
    cacheSeconds: cacheSecondsOf(env),
    cache,
    warn,
  }),
  relay,
  warn,
  owners: createOwnerStatusReader(env.RECORDS, { owners: ownersOf(env), cacheSeconds: cacheSecondsOf(env), cache: ownerStates }),
  observe: allOf([
    env.QUERY_STATS && analyticsObserver(env.QUERY_STATS),
    queryLogger(logSampleOf(env.QUERY_LOG_SAMPLE), (line) => console.log(line)),
  ]),
}))
