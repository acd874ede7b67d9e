/**
 * The warm path answers byte for byte (ID aside) what the full pipeline answers, for every
 * name of the answer-rules world, every type, class, case and EDNS shape.
 */
import * as packet from 'dns-packet'
import { describe, expect, it } from 'vitest'
import { kvEntries } from '../../src/core/recordset/keys.ts'
import { AnswerCache } from '../../src/doh/answer-cache.ts'
import { answerWire, type WireDeps } from '../../src/doh/answer-wire.ts'
import type { Cached } from '../../src/store/kv-reader.ts'
import { createKvReader } from '../../src/store/kv-reader.ts'
import { TtlCache } from '../../src/store/ttl-cache.ts'
import { answerWorld } from '../helpers/answer-world.ts'
import { query } from '../helpers/dns.ts'

function deps(answers: WireDeps['answers']): WireDeps & { reads: () => number } {
  const kv = kvEntries(answerWorld)
  let reads = 0
  const stub = { get: async (keys: string[]) => (reads++, new Map(keys.map((k) => [k, kv.get(k) ?? null]))) } as unknown as KVNamespace
  return {
    reader: createKvReader(stub, { owners: ['default'], cacheSeconds: 30, cache: new TtlCache<Cached>(1000), warn: () => {} }),
    relay: () => Promise.reject(new Error('no upstream')),
    warn: () => {},
    answers,
    reads: () => reads,
  }
}

const names = [...Object.keys(answerWorld.names), 'nope.example.com', 'b.example.com', 'x.apps.example.com', 'dns1.kube-system.example.com', 'other.test', 'WeB.ExAmPlE.cOm']
const types = ['A', 'AAAA', 'TXT', 'CNAME', 'MX', 'NS', 'SOA', 'ANY', 'SRV', 'CAA', 'PTR']
const shapes: [string, Parameters<typeof query>[2]][] = [
  ['plain', {}],
  ['EDNS', { edns: {} }],
  ['DO', { edns: { do: true } }],
  ['padded', { edns: { padding: 20 } }],
  ['CD', { flags: packet.RECURSION_DESIRED | packet.CHECKING_DISABLED }],
]

const withoutId = (bytes: Uint8Array): number[] => [...bytes.subarray(2)]

describe('the warm path', () => {
  it('answers byte-identically to the full pipeline, ID aside, for the whole table', async () => {
    const cached = deps({ cache: new AnswerCache(), ttlMs: 30_000 })
    const plain = deps(undefined)
    let compared = 0
    for (const name of names) {
      for (const type of types) {
        for (const [label, options] of shapes) {
          const first = query(name, type, { ...options, id: 1 })
          const again = query(name, type, { ...options, id: 0xabcd })
          const cold = (await answerWire(first, cached)).encoded
          const warmAnswer = await answerWire(again, cached)
          const warm = warmAnswer.encoded
          const reference = (await answerWire(again, plain)).encoded
          expect(warmAnswer.answered.kind, `${name} ${type} ${label}`).toBe('cached') // every one came from our records
          expect([warm.body[0], warm.body[1]], `${name} ${type} ${label}`).toEqual([0xab, 0xcd])
          expect(withoutId(warm.body), `${name} ${type} ${label}`).toEqual(withoutId(reference.body))
          expect(withoutId(cold.body)).toEqual(withoutId(reference.body))
          expect(warm.maxAge).toBe(reference.maxAge)
          compared++
        }
      }
    }
    expect(compared).toBe(names.length * types.length * shapes.length)
  })
  it('serves a repeated query without resolving again, and forgets it after the TTL', async () => {
    const clock = { t: 0 }
    const d = deps({ cache: new AnswerCache(() => clock.t), ttlMs: 1000 })
    const q = query('web.example.com', 'A')
    let resolved = 0
    const counting: WireDeps = { ...d, reader: { read: (n) => (resolved++, d.reader.read(n)) } }
    await answerWire(q, counting)
    await answerWire(q, counting)
    expect(resolved).toBe(1)
    clock.t += 1001
    await answerWire(q, counting)
    expect(resolved).toBe(2)
  })
  it('never keeps FORMERR, relayed or failed replies', async () => {
    const d = deps({ cache: new AnswerCache(), ttlMs: 30_000 })
    let resolved = 0
    const counting: WireDeps = { ...d, reader: { read: (n) => (resolved++, d.reader.read(n)) } }
    let failedReads = 0
    const down: WireDeps = { ...counting, reader: { read: () => (failedReads++, Promise.reject(new Error('KV down'))) } }
    for (let i = 0; i < 2; i++) expect((await answerWire(query('web.example.com', 'A'), down)).encoded.body[3]! & 15).toBe(2)
    expect(failedReads).toBe(2)
    for (let i = 0; i < 2; i++) expect((await answerWire(query('web.example.com', 'A', { questions: [] }), counting)).encoded.body.length).toBe(12)
    expect(resolved).toBe(0)
  })
})
