/**
 * Worker CPU per request for the most expensive requests the limits allow (README, "Security"):
 * the longest name, the largest RRset a name may carry asked ANY, a query of 100 questions, a
 * chain of compression pointers and a 65,535-octet query full of records. The whole Hono app
 * runs on Node's V8 with KV in memory; each case is repeated and timed after a warm-up.
 */
import { performance } from 'node:perf_hooks'
import * as packet from 'dns-packet'
import { createApp } from '../src/app.ts'
import { kvEntries } from '../src/core/recordset/keys.ts'
import { MAX_ADDRESSES_PER_FAMILY, MAX_TXT_OCTETS, MAX_TXT_VALUES } from '../src/core/limits.ts'
import type { Env } from '../src/env.ts'
import type { Cached } from '../src/store/kv-reader.ts'
import { createKvReader } from '../src/store/kv-reader.ts'
import { TtlCache } from '../src/store/ttl-cache.ts'
import { pointerChainQuery } from '../test/helpers/dns.ts'
import { recordSet } from '../test/helpers/recordset.ts'
import { fmt, percentile, table } from './stats.ts'

const REPEATS = 2000
const longest = `${['a', 'b', 'c'].map((c) => c.repeat(63)).join('.')}.${'d'.repeat(49)}.example.com` // 253 characters
const full = {
  a: Array.from({ length: MAX_ADDRESSES_PER_FAMILY }, (_, i) => `192.0.2.${i}`),
  aaaa: Array.from({ length: MAX_ADDRESSES_PER_FAMILY }, (_, i) => `2001:db8::${(i + 1).toString(16)}`),
  txt: Array.from({ length: MAX_TXT_VALUES }, () => 'é'.repeat(MAX_TXT_OCTETS / MAX_TXT_VALUES / 2)),
}

function wire(q: packet.Packet): Uint8Array {
  return new Uint8Array(packet.encode(q))
}

/** A query padded to 65,535 octets with additional records, each read and skipped. */
function fullQuery(): Uint8Array {
  const head = wire({ id: 1, type: 'query', flags: 256, questions: [{ name: 'web.example.com', type: 'A' }] })
  const record = [0, 0, 16, 0, 1, 0, 0, 0, 0, 0, 0] // root owner, TXT, IN, TTL 0, empty RDATA
  const count = Math.floor((65_535 - head.length) / record.length)
  const out = new Uint8Array(head.length + count * record.length)
  out.set(head)
  for (let i = 0; i < count; i++) out.set(record, head.length + i * record.length)
  out[10] = count >> 8
  out[11] = count & 0xff
  return out
}

export async function worstCase(): Promise<void> {
  const kv = kvEntries(recordSet({ [longest]: { a: ['192.0.2.1'] }, 'full.example.com': full }))
  const stub = { get: async (keys: string[]) => new Map(keys.map((k) => [k, kv.get(k) ?? null])) } as unknown as KVNamespace
  const app = createApp(() => ({
    reader: createKvReader(stub, { owners: ['default'], cacheSeconds: 0, cache: new TtlCache<Cached>(10), warn: () => {} }),
    relay: () => Promise.reject(new Error('none')),
    warn: () => {},
  }))
  const padded = { name: '.', type: 'OPT', udpPayloadSize: 1232, flags: packet.DNSSEC_OK, options: [{ code: 12, length: 8 }] } as unknown as packet.Answer
  const cases: [string, Uint8Array][] = [
    ['longest name (253 characters), answered', wire({ id: 1, type: 'query', flags: 256, questions: [{ name: longest, type: 'A' }] })],
    ['longest name, NXDOMAIN', wire({ id: 1, type: 'query', flags: 256, questions: [{ name: `x${longest.slice(1)}`, type: 'A' }] })],
    ['largest RRset a name may carry, ANY, padded', wire({ id: 1, type: 'query', flags: 256, questions: [{ name: 'full.example.com', type: 'ANY' as packet.RecordType }], additionals: [padded] })],
    ['100 questions (FORMERR)', wire({ id: 1, type: 'query', questions: Array.from({ length: 100 }, (_, i) => ({ name: `q${i}.example.com`, type: 'A' as const })) })],
    ['678 chained compression pointers (FORMERR)', pointerChainQuery(678)],
    ['65,535-octet query of 5,900 records', fullQuery()],
  ]
  const env = {} as Env
  const rows: (string | number)[][] = []
  for (const [label, body] of cases) {
    const send = () => app.request('http://bench/dns-query', { method: 'POST', headers: { 'content-type': 'application/dns-message' }, body }, env)
    for (let i = 0; i < 200; i++) await (await send()).arrayBuffer()
    const times: number[] = []
    let size = 0
    const cpu = process.cpuUsage()
    for (let i = 0; i < REPEATS; i++) {
      const t = performance.now()
      size = (await (await send()).arrayBuffer()).byteLength
      times.push((performance.now() - t) * 1000)
    }
    const used = process.cpuUsage(cpu)
    times.sort((a, b) => a - b)
    rows.push([label, body.length, size, fmt((used.user + used.system) / REPEATS, 0), fmt(percentile(times, 99), 0)])
  }
  table('Worst-case requests (µs of CPU per request, whole Hono app on Node; the free plan allows 10,000)', ['request', 'query octets', 'reply octets', 'CPU mean', 'p99'], rows)
}
