/** The record reader's warm path: a view without a read, only when the isolate holds every key. */
import { describe, expect, it } from 'vitest'
import { kvEntries } from '../../src/core/recordset/keys.ts'
import type { Cached } from '../../src/store/kv-reader.ts'
import { createKvReader } from '../../src/store/kv-reader.ts'
import { TtlCache } from '../../src/store/ttl-cache.ts'
import { recordSet } from '../helpers/recordset.ts'

describe('cached()', () => {
  it('is null until a read has brought every key in, then the same view as read() with no KV read', async () => {
    const kv = kvEntries(recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }))
    let reads = 0
    const stub = { get: async (keys: string[]) => (reads++, new Map(keys.map((k) => [k, kv.get(k) ?? null]))) } as unknown as KVNamespace
    const reader = createKvReader(stub, { owners: ['default'], cacheSeconds: 30, cache: new TtlCache<Cached>(100), warn: () => {} })
    const names = ['web.example.com', '*.example.com']
    expect(reader.cached!(names)).toBeNull()
    const read = await reader.read(names)
    expect(reads).toBe(1)
    expect(reader.cached!(names)).toEqual(read)
    expect(reader.cached!(['other.example.com'])).toBeNull() // a name never read
    expect(reads).toBe(1)
  })
})
