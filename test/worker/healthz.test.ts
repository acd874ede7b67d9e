/** /healthz: 200 only when every owner in OWNERS has a readable, valid meta in KV. */
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { metaKey } from '../../src/core/recordset/keys.ts'
import type { OwnerState } from '../../src/page/owner-status.ts'
import { TtlCache } from '../../src/store/ttl-cache.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

const health = async (app: ReturnType<typeof testApp>) => {
  const res = await app.fetch('http://doh.test/healthz')
  return [res.status, (await res.text()).trim()]
}

beforeEach(async () => {
  for (const owner of ['default', 'east', 'west']) await env.RECORDS.delete(metaKey(owner))
})

describe('/healthz', () => {
  it('is 200 when every owner has published a valid meta', async () => {
    await publish(recordSet({}, { owner: 'east' }), recordSet({}, { owner: 'west' }))
    expect(await health(testApp({ owners: ['east', 'west'] }))).toEqual([200, 'ok: 2 owner(s) published'])
  })
  it('is 503 naming the owner whose meta is missing', async () => {
    await publish(recordSet({}, { owner: 'east' }))
    expect(await health(testApp({ owners: ['east', 'west'] }))).toEqual([
      503,
      'owner west: no meta at v1/meta/west (has its agent published yet?)',
    ])
  })
  it('is 503 with the validation error for a bad meta', async () => {
    await env.RECORDS.put(metaKey('default'), JSON.stringify({ version: 1, owner: 'default' }))
    expect(await health(testApp())).toEqual([503, 'owner default: v1/meta/default is invalid: zones missing'])
    await env.RECORDS.put(metaKey('default'), '{not json')
    expect(await health(testApp())).toEqual([503, 'owner default: v1/meta/default is invalid: not JSON'])
  })
  it('is 503 when KV cannot be read, never a 5xx of another kind', async () => {
    const failing = { get: () => Promise.reject(new Error('KV unavailable')) } as unknown as KVNamespace
    const app = testApp({ kv: failing })
    expect(await health(app)).toEqual([503, 'KV read failed: KV unavailable'])
    expect(app.warnings).toEqual(['owner status read failed: KV unavailable'])
  })
  it('sees a change in KV once CACHE_SECONDS have passed, not later', async () => {
    let now = 1_000_000
    const ownerCache = new TtlCache<OwnerState[]>(1, () => now)
    const app = testApp({ cacheSeconds: 5, ownerCache })
    await publish(recordSet({}))
    expect((await health(app))[0]).toBe(200)
    await env.RECORDS.put(metaKey('default'), '{}')
    now += 4_999
    expect((await health(app))[0]).toBe(200) // still within the isolate cache
    now += 1
    expect(await health(app)).toEqual([503, 'owner default: v1/meta/default is invalid: record-set version undefined is not one of 1, 2, 3'])
  })
  it('reads KV every time with CACHE_SECONDS 0', async () => {
    const app = testApp({ cacheSeconds: 0 })
    await publish(recordSet({}))
    expect((await health(app))[0]).toBe(200)
    await env.RECORDS.delete(metaKey('default'))
    expect((await health(app))[0]).toBe(503)
  })
})
