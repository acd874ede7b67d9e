/**
 * Worker entry. Module scope lives as long as the isolate, so the record cache here is what
 * makes warm queries free of KV reads.
 */
import { createApp } from './app.ts'
import type { Env } from './env.ts'
import { cacheSecondsOf, ownersOf } from './env.ts'
import type { Cached } from './store/kv-reader.ts'
import { createKvReader } from './store/kv-reader.ts'
import { TtlCache } from './store/ttl-cache.ts'
import { createForwarder } from './upstream/forward.ts'

/** About 10 MB at ~1 KB an entry; an isolate has 128 MB. */
const CACHE_ENTRIES = 10_000

const cache = new TtlCache<Cached>(CACHE_ENTRIES)
const forward = createForwarder()
const warn = (msg: string): void => console.warn(JSON.stringify({ level: 'warn', msg }))

export default createApp((env) => ({
  reader: createKvReader(env.RECORDS, {
    owners: ownersOf(env),
    cacheSeconds: cacheSecondsOf(env),
    cache,
    warn,
  }),
  forward,
  warn,
})) satisfies ExportedHandler<Env>
