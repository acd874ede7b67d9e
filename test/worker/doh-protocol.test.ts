/** RFC 8484 over HTTP in the Workers runtime: methods, encodings, statuses, EDNS. */
import * as packet from 'dns-packet'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Decoded } from '../helpers/dns.ts'
import { decodeResponse, getUrl, postInit, query, rcodeOf } from '../helpers/dns.ts'
import { recordSet } from '../helpers/recordset.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

const many = Array.from({ length: 64 }, (_, i) => `10.0.${i >> 8}.${i & 255}`)

beforeEach(async () => {
  await publish(
    recordSet({
      'web.example.com': { a: ['192.0.2.1'], aaaa: ['2001:db8::1'] },
      'big.example.com': { a: many },
    }),
  )
})

describe('GET and POST', () => {
  it('answers GET ?dns= with the ID, question and AA flag echoed', async () => {
    const app = testApp()
    const res = await app.fetch(getUrl(query('Web.Example.com', 'A', { id: 0xbeef })))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/dns-message')
    expect(res.headers.get('cache-control')).toBe('max-age=60')
    const msg = await decodeResponse(res)
    expect(msg.id).toBe(0xbeef)
    expect(msg.questions).toEqual([{ name: 'Web.Example.com', type: 'A', class: 'IN' }])
    expect(msg.flag_aa).toBe(true)
    expect(msg.flag_rd).toBe(true)
    expect(msg.answers?.map((a) => [a.name, a.type, a.ttl, a.data])).toEqual([['Web.Example.com', 'A', 60, '192.0.2.1']])
  })
  it('answers POST application/dns-message with ID 0 as well', async () => {
    const res = await testApp().fetch('http://doh.test/dns-query', postInit(query('web.example.com', 'AAAA')))
    const msg = await decodeResponse(res)
    expect(msg.id).toBe(0)
    expect(msg.answers?.map((a) => a.data)).toEqual(['2001:db8::1'])
  })
  it('serves NXDOMAIN with the SOA minimum as max-age', async () => {
    const res = await testApp().fetch(getUrl(query('nope.example.com', 'A')))
    expect(res.headers.get('cache-control')).toBe('max-age=30')
    const msg = await decodeResponse(res)
    expect(rcodeOf(msg)).toBe(3)
    expect(msg.authorities?.[0]?.type).toBe('SOA')
  })
  it.each(['*/*', 'application/dns-message', 'application/*, text/html;q=0.5', ''])('accepts Accept: %s', async (accept) => {
    const res = await testApp().fetch(getUrl(query('web.example.com', 'A')), { headers: accept ? { accept } : {} })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/dns-message')
  })
})

describe('bad input', () => {
  const post = (body: BodyInit, contentType = 'application/dns-message') =>
    testApp().fetch('http://doh.test/dns-query', { method: 'POST', headers: { 'content-type': contentType }, body })
  it.each([
    ['missing dns', 'http://doh.test/dns-query'],
    ['empty dns', 'http://doh.test/dns-query?dns='],
    ['not base64url', 'http://doh.test/dns-query?dns=a+b/c'],
    ['garbage bytes', 'http://doh.test/dns-query?dns=AAAA'],
  ])('GET with %s is 400', async (_, url) => {
    expect((await testApp().fetch(url)).status).toBe(400)
  })
  it('POST with garbage or an empty body is 400', async () => {
    expect((await post(new Uint8Array([1, 2, 3]))).status).toBe(400)
    expect((await post(new Uint8Array([]))).status).toBe(400)
  })
  it('a DNS response sent as a query is 400', async () => {
    const response = packet.encode({ id: 1, type: 'response', questions: [{ name: 'a.example.com', type: 'A' }] })
    expect((await post(new Uint8Array(response))).status).toBe(400)
  })
  it('other methods are 405 with Allow', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await testApp().fetch('http://doh.test/dns-query', { method })
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('GET, POST, OPTIONS')
    }
  })
  it('an oversized POST is 413 and an oversized GET is 414', async () => {
    expect((await post(new Uint8Array(65_536))).status).toBe(413)
    expect((await testApp().fetch(`http://doh.test/dns-query?dns=${'A'.repeat(87_381)}`)).status).toBe(414)
  })
  it('a POST of another content type is 415', async () => {
    expect((await post(query('web.example.com', 'A'), 'application/octet-stream')).status).toBe(415)
    expect((await testApp().fetch('http://doh.test/dns-query', { method: 'POST', body: query('web.example.com', 'A') })).status).toBe(415)
  })
  it('an Accept that admits neither format is 406', async () => {
    expect((await testApp().fetch(getUrl(query('web.example.com', 'A')), { headers: { accept: 'text/html' } })).status).toBe(406)
  })
  it('answers FORMERR for a query without a question and NOTIMP for other opcodes', async () => {
    const none = await testApp().fetch(getUrl(query('x', 'A', { questions: [] })))
    expect(rcodeOf(await decodeResponse(none))).toBe(1)
    const update = await testApp().fetch(getUrl(query('web.example.com', 'A', { flags: 5 << 11 })))
    const msg = await decodeResponse(update)
    expect(rcodeOf(msg)).toBe(4)
    expect(msg.opcode).toBe('UPDATE')
  })
})

describe('EDNS(0)', () => {
  const opt = (msg: Decoded) => msg.additionals?.find((a) => a.type === 'OPT')
  it('answers an OPT with an OPT and copies the DO bit', async () => {
    const msg = await decodeResponse(await testApp().fetch(getUrl(query('web.example.com', 'A', { edns: { do: true } }))))
    expect(opt(msg)?.flags).toBe(packet.DNSSEC_OK)
    const plain = await decodeResponse(await testApp().fetch(getUrl(query('web.example.com', 'A'))))
    expect(opt(plain)).toBeUndefined()
  })
  it('pads the reply to a multiple of 468 octets when the query was padded (RFC 8467)', async () => {
    for (const name of ['web.example.com', 'nope.example.com', 'big.example.com']) {
      const msg = await decodeResponse(await testApp().fetch(getUrl(query(name, 'A', { edns: { padding: 40 } }))))
      expect(msg.raw.byteLength % 468, name).toBe(0)
    }
  })
  it('answers BADVERS to EDNS versions other than 0 (RFC 6891 §6.1.3)', async () => {
    const msg = await decodeResponse(await testApp().fetch(getUrl(query('web.example.com', 'A', { edns: { version: 1 } }))))
    expect(opt(msg)?.extendedRcode).toBe(1)
    expect(rcodeOf(msg)).toBe(0)
  })
  it('never truncates below 65,535 octets, whatever payload size the client advertises', async () => {
    const msg = await decodeResponse(await testApp().fetch(getUrl(query('big.example.com', 'A', { edns: { udpPayloadSize: 512 } }))))
    expect(msg.flag_tc).toBe(false)
    expect(msg.answers).toHaveLength(64)
    expect(msg.raw.byteLength).toBeGreaterThan(512)
  })
})
