/** The KV read budget, the isolate cache, bad data in KV and owners, in the Workers runtime. */
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { metaKey, nameKey } from '../../src/core/recordset/keys.ts'
import { decodeResponse, getUrl, query, rcodeOf } from '../helpers/dns.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

describe('KV reads', () => {
  it('costs one bulk read when cold and none when warm', async () => {
    await publish(recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }))
    const app = testApp()
    await app.fetch(getUrl(query('web.example.com', 'A')))
    expect(app.reads).toEqual({ bulk: 1, keys: 3 }) // meta, the name, its wildcard
    await app.fetch(getUrl(query('web.example.com', 'AAAA')))
    await app.fetch(getUrl(query('WEB.example.com', 'A')))
    expect(app.reads.bulk).toBe(1)
    await app.fetch(getUrl(query('other.example.com', 'A')))
    expect(app.reads).toEqual({ bulk: 2, keys: 4 }) // meta and *.example.com stay cached
  })
  it('reads every owner in the same bulk read and merges their addresses', async () => {
    await publish(
      recordSet({ 'shared.example.com': { a: ['192.0.2.1'] } }, { owner: 'east' }),
      recordSet({ 'shared.example.com': { a: ['198.51.100.1'] } }, { owner: 'west' }),
    )
    const app = testApp({ owners: ['east', 'west'] })
    const msg = await decodeResponse(await app.fetch(getUrl(query('shared.example.com', 'A'))))
    expect(msg.answers?.map((a) => a.data).sort()).toEqual(['192.0.2.1', '198.51.100.1'])
    expect(app.reads).toEqual({ bulk: 1, keys: 6 })
  })
  it('ignores a bad value with a warning that names the key', async () => {
    await publish(recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }))
    await env.RECORDS.put(nameKey('default', 'web.example.com'), '{"a":["999.1.1.1"]}')
    const app = testApp()
    const msg = await decodeResponse(await app.fetch(getUrl(query('web.example.com', 'A'))))
    expect(rcodeOf(msg)).toBe(3)
    expect(app.warnings).toEqual(['KV v1/name/default/web.example.com: a: not a list of IPv4 addresses; ignored'])
  })
  it('refuses everything while no owner has published', async () => {
    await env.RECORDS.delete(metaKey('default'))
    const msg = await decodeResponse(await testApp().fetch(getUrl(query('web.example.com', 'A'))))
    expect(rcodeOf(msg)).toBe(5)
  })
  it('answers SERVFAIL over HTTP 200 when KV fails', async () => {
    const failing = { get: () => Promise.reject(new Error('KV unavailable')) } as unknown as KVNamespace
    const app = testApp({ kv: failing })
    const res = await app.fetch(getUrl(query('web.example.com', 'A', { id: 9 })))
    expect(res.status).toBe(200)
    const msg = await decodeResponse(res)
    expect([msg.id, rcodeOf(msg)]).toEqual([9, 2])
    expect(app.warnings).toEqual(['record read failed: KV unavailable'])
  })
})

describe('KV reads without an isolate cache', () => {
  it('answers from a fresh read when CACHE_SECONDS is 0, and reads again next time', async () => {
    await publish(recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }))
    const app = testApp({ cacheSeconds: 0 })
    for (let i = 0; i < 2; i++) {
      const msg = await decodeResponse(await app.fetch(getUrl(query('web.example.com', 'A'))))
      expect(msg.answers?.map((a) => a.data)).toEqual(['192.0.2.1'])
    }
    expect(app.reads.bulk).toBe(2)
  })
})
