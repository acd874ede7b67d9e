/**
 * Property-based fuzzing of the whole worker app in process (Hono on Node's V8, KV in memory,
 * an upstream that lies in every way it can): generated and mutated GET, POST, JSON API and
 * odd requests, each checked against what may never happen on the public internet.
 * `npm run fuzz` runs a million; `npm test` a fixed-seed slice (fuzz.test.ts).
 */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import fc from 'fast-check'
import { createApp } from '../../src/app.ts'
import { kvEntries } from '../../src/core/recordset/keys.ts'
import type { Cached } from '../../src/store/kv-reader.ts'
import { createKvReader } from '../../src/store/kv-reader.ts'
import { TtlCache } from '../../src/store/ttl-cache.ts'
import { MessageReader } from '../../src/doh/wire/reader.ts'
import { createRelay } from '../../src/upstream/relay.ts'
import type { Forwarder } from '../../src/upstream/forward.ts'
import { encodeBase64Url } from '../../src/doh/parse.ts'
import { recordSet, zoneMeta } from '../helpers/recordset.ts'

const MAX = 65_535
const PADDING_BLOCK = 468

const biggest = {
  a: Array.from({ length: 64 }, (_, i) => `192.0.2.${i}`),
  aaaa: Array.from({ length: 64 }, (_, i) => `2001:db8::${(i + 1).toString(16)}`),
  txt: Array.from({ length: 16 }, (_, i) => `${i}`.padEnd(256, 'é')),
}
const world = recordSet(
  {
    'web.example.com': { a: ['192.0.2.1'], aaaa: ['2001:db8::1'], txt: ['hello'] },
    'big.example.com': biggest,
    '*.apps.example.com': { a: ['192.0.2.20'] },
    'lb.example.com': { cname: 'lb-1.elb.example.net' },
    'a.b.example.com': { a: ['192.0.2.3'] },
  },
  {
    zones: [zoneMeta('example.com'), zoneMeta('dev.example.com')],
    upstream: 'https://upstream.test/dns-query',
    fallthrough: { zones: ['dev.example.com'] },
    serverBlock: [''],
  },
)

/** An upstream that answers right, or with a wrong ID, another question, junk, too much, or not at all. */
const lyingUpstream: Forwarder = async (_url, bytes) => {
  const mood = bytes.reduce((h, b) => (h * 31 + b) & 0xffff, 7) % 6
  if (mood === 0) throw new Error('timeout')
  if (mood === 1) return bytes.slice(0, 5)
  const q = packet.decode(Buffer.from(bytes))
  const name = q.questions?.[0]?.name ?? 'x'
  const reply: packet.Packet = {
    id: mood === 2 ? ((q.id ?? 0) + 1) & 0xffff : q.id,
    type: 'response',
    flags: packet.RECURSION_AVAILABLE,
    questions: mood === 3 ? [{ name: 'victim.example.com', type: 'A', class: 'IN' }] : q.questions,
    answers:
      mood === 4
        ? Array.from({ length: 3000 }, (_, i) => ({ name, type: 'A' as const, ttl: 60, data: `10.0.${i >> 8}.${i & 255}` }))
        : [{ name, type: 'A', ttl: 60, data: '203.0.113.1' }],
  }
  return new Uint8Array(packet.encode(reply))
}

export function fuzzApp(): (request: Request) => Promise<Response> {
  const kv = kvEntries(world)
  const stub = {
    get: async (keys: string[]) => new Map(keys.map((k) => [k, kv.get(k) ?? null])),
  } as unknown as KVNamespace
  const cache = new TtlCache<Cached>(1000)
  const warn = (): void => {}
  const app = createApp(() => ({
    reader: createKvReader(stub, { owners: ['default'], cacheSeconds: 30, cache, warn }),
    relay: createRelay(lyingUpstream),
    warn,
  }))
  return async (request) => app.fetch(request, {} as never)
}

const NAMES = ['web.example.com', 'WeB.ExAmPlE.CoM', 'big.example.com', 'x.apps.example.com', 'lb.example.com', 'b.example.com', 'nope.dev.example.com', 'example.com', 'other.test', '.', `${'a'.repeat(63)}.example.com`]
const TYPES = ['A', 'AAAA', 'TXT', 'ANY', 'SOA', 'NS', 'MX', 'CNAME', 'SRV', 'CAA']

const baseQuery = fc
  .record({
    id: fc.integer({ min: 0, max: 0xffff }),
    name: fc.constantFrom(...NAMES),
    type: fc.constantFrom(...TYPES),
    edns: fc.option(fc.record({ do: fc.boolean(), padding: fc.option(fc.integer({ min: 0, max: 200 })), version: fc.constantFrom(0, 0, 1) })),
    questions: fc.constantFrom(1, 1, 1, 0, 2, 100),
  })
  .map(({ id, name, type, edns, questions }) => {
    const additionals: packet.Answer[] = []
    if (edns) {
      additionals.push({
        name: '.',
        type: 'OPT',
        udpPayloadSize: 1232,
        ednsVersion: edns.version,
        flags: edns.do ? packet.DNSSEC_OK : 0,
        options: edns.padding === null ? [] : [{ code: 12, length: edns.padding }],
      } as unknown as packet.Answer)
    }
    const qs = Array.from({ length: questions }, (_, i) => ({ name: i ? `q${i}.${name}` : name, type: type as packet.RecordType, class: 'IN' as const }))
    return new Uint8Array(packet.encode({ id, type: 'query', flags: packet.RECURSION_DESIRED, questions: qs, additionals }))
  })

/** A query, then zero or more byte flips, a cut, junk appended or a random prefix. */
const mutatedQuery = fc
  .tuple(
    baseQuery,
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    fc.option(fc.nat()),
    fc.option(fc.uint8Array({ maxLength: 64 })),
  )
  .map(([q, flips, cut, junk]) => {
    let out = new Uint8Array(q)
    for (const [at, value] of flips) out[at % out.length] = value
    if (cut !== null) out = out.slice(0, cut % (out.length + 1))
    if (junk) out = new Uint8Array([...out, ...junk])
    return out
  })

const anyBytes = fc.oneof(mutatedQuery, mutatedQuery, mutatedQuery, fc.uint8Array({ maxLength: 300 }))

const jsonName = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 70 }))
const jsonType = fc.oneof(fc.constantFrom(...TYPES, 'UNKNOWN_70000', 'TYPE65', '65535', '65536', '-1', 'x', ''), fc.integer({ min: -5, max: 70_000 }).map(String))

export interface Sent {
  request: Request
  /** The DNS query octets, when the request carries one. */
  query: Uint8Array | null
}

const ACCEPTS = [undefined, 'application/dns-message', 'application/dns-json', '*/*', 'text/html', 'application/json']

export const requests: fc.Arbitrary<Sent> = fc.oneof(
  fc.tuple(anyBytes, fc.constantFrom(...ACCEPTS)).map(([q, accept]) => ({
    request: new Request(`http://fuzz.test/dns-query?dns=${encodeBase64Url(q)}`, { headers: accept ? { accept } : {} }),
    query: q,
  })),
  fc.tuple(anyBytes, fc.constantFrom('application/dns-message', 'application/dns-message', 'text/plain', '')).map(([q, type]) => ({
    request: new Request('http://fuzz.test/dns-query', { method: 'POST', headers: type ? { 'content-type': type } : {}, body: q }),
    query: type === 'application/dns-message' ? q : null,
  })),
  fc.tuple(jsonName, jsonType, fc.constantFrom('/resolve', '/dns-query')).map(([name, type, path]) => ({
    request: new Request(`http://fuzz.test${path}?name=${encodeURIComponent(name)}&type=${encodeURIComponent(type)}`, { headers: { accept: 'application/dns-json' } }),
    query: null,
  })),
  fc.tuple(fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'GET'), fc.constantFrom('/dns-query', '/resolve', '/', '/dns-query/x', '/nope'), fc.string({ maxLength: 40 })).map(([method, path, q]) => ({
    request: new Request(`http://fuzz.test${path}?${encodeURIComponent(q)}`, { method }),
    query: null,
  })),
)

/** Why a response breaks a rule, or null. */
export async function violation(sent: Sent, res: Response): Promise<string | null> {
  if (res.status >= 500) return `HTTP ${res.status}`
  const body = new Uint8Array(await res.arrayBuffer())
  if (res.status !== 200) return null
  const type = res.headers.get('content-type') ?? ''
  if (type.startsWith('application/dns-message')) {
    if (body.length > MAX) return `reply of ${body.length} octets`
    try {
      packet.decode(Buffer.from(body))
    } catch (err) {
      return `reply does not parse: ${(err as Error).message}`
    }
    const q = sent.query
    if (!q) return 'a DNS reply to a request without a query'
    if (body[0] !== q[0] || body[1] !== q[1]) return 'ID not echoed'
    const echoed = questionOctets(body)
    if (echoed !== null && echoed !== questionOctets(q)) return 'question not echoed exactly'
    const records = ((body[6]! << 8) | body[7]!) + ((body[8]! << 8) | body[9]!)
    const padded = body.length % PADDING_BLOCK === 0
    if (records === 0 && body.length > 2 * q.length && !(padded && body.length <= PADDING_BLOCK)) {
      return `amplified ${q.length} -> ${body.length} octets without answers`
    }
  } else if (type.startsWith('application/json') || type.startsWith('application/dns-json')) {
    const json = JSON.parse(new TextDecoder().decode(body)) as { Status?: unknown }
    if (typeof json.Status !== 'number') return 'JSON reply without Status'
  }
  return null
}

/** The question of a message as name octets + type + class, or null when it has none. */
function questionOctets(bytes: Uint8Array): string | null {
  try {
    const r = new MessageReader(bytes)
    const h = r.header()
    if (h.qdcount === 0) return null
    const labels = r.labels()
    return `${labels.map((l) => [...l].join(',')).join('|')}/${r.u16()}/${r.u16()}`
  } catch {
    return 'unreadable'
  }
}

/** Runs `runs` requests from `seed`; throws fast-check's report on the first violation. */
export async function fuzz(runs: number, seed: number): Promise<void> {
  const send = fuzzApp()
  await fc.assert(
    fc.asyncProperty(requests, async (sent) => {
      const problem = await violation(sent, await send(sent.request))
      if (problem) throw new Error(problem)
    }),
    { numRuns: runs, seed, endOnFailure: true },
  )
}
