import { env, exports } from 'cloudflare:workers'
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { kvEntries } from '../../src/core/recordset/keys.ts'
import { recordSet } from '../helpers/recordset.ts'

describe('smoke', () => {
  it('answers A', async () => {
    for (const [k, v] of kvEntries(recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }))) await env.RECORDS.put(k, v)
    const q = packet.encode({ id: 7, type: 'query', flags: packet.RECURSION_DESIRED, questions: [{ name: 'web.example.com', type: 'A', class: 'IN' }] })
    const res = await exports.default.fetch(new Request('http://x/dns-query', { method: 'POST', headers: { 'content-type': 'application/dns-message' }, body: q }))
    expect(res.status).toBe(200)
    const msg = packet.decode(Buffer.from(await res.arrayBuffer()))
    expect(msg.answers).toEqual([{ name: 'web.example.com', type: 'A', ttl: 60, class: 'IN', flush: false, data: '192.0.2.1' }])
  })
})
