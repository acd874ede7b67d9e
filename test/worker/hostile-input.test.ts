/**
 * Findings of the fuzz campaign against the worker, each pinned: no 5xx from input, no reply
 * over 65,535 octets, bodies read as streams, header-only FORMERR, names as label octets.
 */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { beforeEach, describe, expect, it } from 'vitest'
import { decodeResponse, getUrl, pointerChainQuery, postInit, query, rcodeOf } from '../helpers/dns.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

/** A query for a name given as raw label octets, as no library would build it. */
function rawQuery(labels: Uint8Array[], { id = 1, qdcount = 1, type = 1 } = {}): Uint8Array {
  const name = labels.flatMap((l) => [l.length, ...l])
  return new Uint8Array([id >> 8, id & 255, 1, 0, 0, qdcount, 0, 0, 0, 0, 0, 0, ...name, 0, 0, type, 0, 1])
}
const ascii = (text: string) => new TextEncoder().encode(text)

const thousands = Array.from({ length: 5000 }, (_, i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`)

beforeEach(async () => {
  await publish(
    recordSet({
      'web.example.com': { a: ['192.0.2.1'] },
      'crowd.example.com': { a: thousands },
      'long.example.com': { txt: ['x'.repeat(70_000)] },
      'utf.example.com': { txt: ['é'.repeat(200)] },
    }),
  )
})

describe('no request produces a 5xx', () => {
  it.each(['UNKNOWN_70000', 'UNKNOWN_-1', '70000', '-1', 'TYPE65536', 'NOPE'])('JSON type %s is a 400 naming the problem', async (type) => {
    const res = await testApp().fetch(`http://doh.test/resolve?name=web.example.com&type=${type}`)
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/unknown record type/)
  })
  it('takes RFC 3597 TYPE<n> and numbers up to 65535', async () => {
    for (const type of ['TYPE65', '65535', 'https']) {
      const res = await testApp().fetch(`http://doh.test/resolve?name=web.example.com&type=${type}`)
      expect(res.status, type).toBe(200)
    }
  })
})

describe('replies stay within DNS', () => {
  it('serves a name with 5,000 addresses in KV as its first 64, with a warning', async () => {
    const app = testApp()
    const res = await app.fetch(getUrl(query('crowd.example.com', 'A')))
    const msg = await decodeResponse(res)
    expect(msg.answers).toHaveLength(64)
    expect(msg.raw.byteLength).toBeLessThan(65_535)
    expect(app.warnings).toEqual(['KV v1/name/default/crowd.example.com: a: 5000 addresses, first 64 served'])
  })
  it('never serves a TXT value over the octet limit, and answers the name NODATA', async () => {
    const app = testApp()
    const msg = await decodeResponse(await app.fetch(getUrl(query('long.example.com', 'TXT'))))
    expect([rcodeOf(msg), msg.answers ?? []]).toEqual([0, []])
    expect(app.warnings[0]).toMatch(/txt: over 16 values or 4096 octets, first 0 served/)
  })
  it('splits TXT into 255-octet strings counted in UTF-8 octets', async () => {
    const msg = await decodeResponse(await testApp().fetch(getUrl(query('utf.example.com', 'TXT'))))
    const strings = msg.answers![0]!.data as Buffer[]
    expect(strings.map((s) => s.length)).toEqual([255, 145])
    expect(Buffer.concat(strings).toString('utf8')).toBe('é'.repeat(200))
  })
})

describe('bodies', () => {
  it('stops reading a chunked POST at 65,535 octets with 413', async () => {
    let pulled = 0
    const chunk = new Uint8Array(16_384)
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        if (pulled > 12_800) controller.close() // 200 MB if read to the end
        else controller.enqueue(chunk)
      },
    })
    const res = await testApp().fetch('http://doh.test/dns-query', {
      method: 'POST',
      headers: { 'content-type': 'application/dns-message' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(pulled).toBeLessThan(10)
  })
})

describe('FORMERR and NOTIMP are header-only', () => {
  it('answers a query with many questions with 12 octets, not an echo of them all', async () => {
    const q = new Uint8Array(packet.encode({ id: 7, type: 'query', questions: Array.from({ length: 100 }, (_, i) => ({ name: `q${i}.example.com`, type: 'A' as const })) }))
    const res = await testApp().fetch('http://doh.test/dns-query', postInit(q))
    const msg = await decodeResponse(res)
    expect([res.status, msg.raw.byteLength, msg.id, rcodeOf(msg), msg.questions]).toEqual([200, 12, 7, 1, []])
  })
  it('answers a chain of compression pointers with FORMERR, and a short chain normally', async () => {
    const long = await decodeResponse(await testApp().fetch('http://doh.test/dns-query', postInit(pointerChainQuery(678))))
    expect([rcodeOf(long), long.raw.byteLength]).toEqual([1, 12])
    const short = await decodeResponse(await testApp().fetch('http://doh.test/dns-query', postInit(pointerChainQuery(15))))
    expect([rcodeOf(short), short.answers?.length]).toEqual([0, 1])
  })
  it('answers two OPT records with FORMERR (RFC 6891 §6.1.1)', async () => {
    const opt = { name: '.', type: 'OPT', udpPayloadSize: 1232, flags: 0, options: [] } as unknown as packet.Answer
    const q = new Uint8Array(packet.encode({ id: 2, type: 'query', questions: [{ name: 'web.example.com', type: 'A' }], additionals: [opt, opt] }))
    const msg = await decodeResponse(await testApp().fetch(getUrl(q)))
    expect([rcodeOf(msg), msg.raw.byteLength]).toEqual([1, 12])
  })
  it('answers other opcodes NOTIMP with the opcode echoed', async () => {
    const msg = await decodeResponse(await testApp().fetch(getUrl(query('web.example.com', 'A', { flags: 2 << 11 }))))
    expect([rcodeOf(msg), msg.opcode, msg.raw.byteLength]).toEqual([4, 'STATUS', 12])
  })
})

describe('names are label octets', () => {
  it('never answers a label holding a dot as the name it spells', async () => {
    const res = await testApp().fetch(getUrl(rawQuery([ascii('web.example'), ascii('com')])))
    const msg = await decodeResponse(res)
    expect(rcodeOf(msg)).toBe(5) // a name under "com", not ours
    expect(msg.answers ?? []).toEqual([])
  })
  it('echoes a label of 63 0xff octets exactly, so the client can parse the reply', async () => {
    const labels = [new Uint8Array(63).fill(0xff), ascii('example'), ascii('com')]
    const q = rawQuery(labels, { id: 4 })
    const app = testApp()
    const res = await app.fetch(getUrl(q))
    const raw = new Uint8Array(await res.arrayBuffer())
    expect(Buffer.from(raw.subarray(12, q.length)).equals(Buffer.from(q.subarray(12)))).toBe(true)
    expect(raw[3]! & 15).toBe(3) // NXDOMAIN: such a name cannot be in our data
    expect(app.reads.keys).toBe(2) // the meta and the wildcard *.example.com, never the name itself
  })
  it('counts JSON API labels in UTF-8 octets: 63 x "é" is 126 octets, a 400', async () => {
    const res = await testApp().fetch(`http://doh.test/resolve?name=${encodeURIComponent('é'.repeat(63))}.example.com`)
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/label longer than 63 octets/)
  })
  it('folds ASCII case only: a Kelvin sign is not "k"', async () => {
    await publish(recordSet({ 'kube.example.com': { a: ['192.0.2.8'] } }))
    const res = await testApp().fetch(`http://doh.test/resolve?name=${encodeURIComponent('\u212aube.example.com')}`)
    const body = (await res.json()) as { Status: number; Question: { name: string }[] }
    expect(body.Status).toBe(3)
    expect(body.Question[0]!.name).toBe('\\226\\132\\170ube.example.com.')
  })
  it('answers names longer than any key without a KV read of them', async () => {
    const app = testApp()
    const long = Array.from({ length: 4 }, () => 'a'.repeat(60)).join('.')
    const res = await app.fetch(getUrl(query(`${long}.example.com`.slice(-250), 'A')))
    expect(res.status).toBe(200)
    expect(app.warnings).toEqual([])
  })
})

describe('HTTP details', () => {
  it('varies /dns-query answers and errors on Accept', async () => {
    expect((await testApp().fetch(getUrl(query('web.example.com', 'A')))).headers.get('vary')).toBe('accept')
    expect((await testApp().fetch('http://doh.test/dns-query')).headers.get('vary')).toBe('accept')
  })
  it('echoes the Content-Type the client sent in the 415', async () => {
    const res = await testApp().fetch('http://doh.test/dns-query', postInit(query('web.example.com', 'A'), 'Application/Octet-Stream; charset=x'))
    expect(res.status).toBe(415)
    expect(await res.text()).toContain('"Application/Octet-Stream; charset=x"')
  })
})
