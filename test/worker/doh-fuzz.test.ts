/**
 * Never a 5xx for bad input: mutated DNS queries (seeded, so a failure replays) and odd JSON API
 * questions get 200 (a DNS answer) or 400, nothing else.
 */
import * as packet from 'dns-packet'
import { describe, expect, it } from 'vitest'
import { query } from '../helpers/dns.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

function prng(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
}

describe('bad input never gets a 5xx', () => {
  it('survives 2,000 mutated queries', async () => {
    await publish(recordSet({ 'web.example.com': { a: ['192.0.2.1'] } }))
    const app = testApp()
    const base = query('web.example.com', 'A', { id: 1, edns: { padding: 8, do: true } })
    const rnd = prng(42)
    const statuses = new Map<number, number>()
    for (let i = 0; i < 2000; i++) {
      const q = new Uint8Array(base)
      for (let f = 0, n = 1 + Math.floor(rnd() * 4); f < n; f++) q[Math.floor(rnd() * q.length)] = Math.floor(rnd() * 256)
      const res = await app.fetch('http://doh.test/dns-query', { method: 'POST', headers: { 'content-type': 'application/dns-message' }, body: q })
      await res.arrayBuffer()
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      expect([200, 400], `mutation ${i}: ${Buffer.from(q).toString('hex')}`).toContain(res.status)
    }
    expect(statuses.get(200)).toBeGreaterThan(500) // many mutations still decode and are answered
  })
  it('answers odd classes and types in DNS, not HTTP errors', async () => {
    const app = testApp()
    for (const cls of ['CH', 'ANY', 'UNKNOWN_300']) {
      for (const type of ['A', 'UNKNOWN_999', 'AXFR']) {
        const q = packet.encode({ id: 1, type: 'query', questions: [{ name: 'web.example.com', type: type as never, class: cls as never }] })
        const res = await app.fetch('http://doh.test/dns-query', { method: 'POST', headers: { 'content-type': 'application/dns-message' }, body: q })
        expect(res.status, `${cls} ${type}`).toBe(200)
      }
    }
  })
  it('answers odd JSON API questions with 200 or 400', async () => {
    const app = testApp()
    const names = ['a..b', 'ü.example.com', `${'x'.repeat(63)}.example.com`, '.', 'a b.example.com', '\\.x.example.com', '-.example.com']
    for (const name of names) {
      for (const type of ['A', '0', '65535', 'ANY', 'x']) {
        const res = await app.fetch(`http://doh.test/resolve?name=${encodeURIComponent(name)}&type=${type}`)
        expect([200, 400], `${name} ${type}`).toContain(res.status)
      }
    }
  })
})
