/** The wire codec on its own: size bounds, truncation by whole RRsets, compression, padding. */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { emptyReply, question, type Query, type RR } from '../../src/core/dns/types.ts'
import { decodeQuery, encodeQuery } from '../../src/doh/wire/query.ts'
import { encodeReply } from '../../src/doh/wire/reply.ts'
import { MessageWriter } from '../../src/doh/wire/writer.ts'

const q = (name: string, type = 'A', edns: Query['edns'] = null): Query => ({
  id: 42,
  opcode: 0,
  recursionDesired: true,
  checkingDisabled: false,
  question: question(name, type),
  edns,
})
const a = (name: string, n: number): RR[] => Array.from({ length: n }, (_, i) => ({ name, type: 'A', ttl: 60, data: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}` }))
const txt = (name: string, n: number): RR[] => Array.from({ length: n }, () => ({ name, type: 'TXT', ttl: 60, data: [new Uint8Array(255).fill(0x61)] }))

describe('encodeReply', () => {
  it('never exceeds 65,535 octets: an RRset that does not fit is left out whole and TC is set', () => {
    const reply = { ...emptyReply('NOERROR'), answers: [...a('x.example.com', 10), ...txt('x.example.com', 400)] }
    const bytes = encodeReply(q('x.example.com', 'ANY'), reply)
    const msg = packet.decode(Buffer.from(bytes))
    expect(bytes.length).toBeLessThanOrEqual(65_535)
    expect(msg.flag_tc).toBe(true)
    expect(msg.answers?.map((r) => r.type)).toEqual(Array(10).fill('A'))
  })
  it('keeps room for the OPT record and padding under the limit', () => {
    const reply = { ...emptyReply('NOERROR'), answers: a('x.example.com', 5000) }
    const bytes = encodeReply(q('x.example.com', 'A', { version: 0, dnssecOk: true, padded: true }), reply)
    const msg = packet.decode(Buffer.from(bytes))
    expect(bytes.length).toBeLessThanOrEqual(65_535)
    expect([msg.flag_tc, msg.answers?.length, msg.additionals?.map((r) => r.type)]).toEqual([true, 0, ['OPT']])
  })
  it('leaves out additional data without setting TC (RFC 2181 §9)', () => {
    const reply = { ...emptyReply('NOERROR'), answers: a('x.example.com', 1), additionals: txt('glue.example.com', 400) }
    const msg = packet.decode(Buffer.from(encodeReply(q('x.example.com'), reply)))
    expect([msg.flag_tc, msg.answers?.length, msg.additionals?.length]).toEqual([false, 1, 0])
  })
  it('compresses repeated owner names against the question, keeping the client case', () => {
    const reply = { ...emptyReply('NOERROR'), answers: a('WeB.example.com', 3) }
    const bytes = encodeReply(q('WeB.example.com'), reply)
    // header 12 + question 17+4 + three records of 2 (pointer) + 10 + 4
    expect(bytes.length).toBe(12 + 21 + 3 * 16)
    expect(packet.decode(Buffer.from(bytes)).answers?.map((r) => r.name)).toEqual(Array(3).fill('WeB.example.com'))
  })
  it('puts BADVERS in the OPT record (extended rcode 1, header 0)', () => {
    const bytes = encodeReply(q('x.example.com', 'A', { version: 1, dnssecOk: false, padded: false }), emptyReply('BADVERS'))
    const msg = packet.decode(Buffer.from(bytes)) as packet.Packet & { additionals: { extendedRcode?: number }[] }
    expect([(msg.flags ?? 0) & 15, msg.additionals[0]!.extendedRcode]).toEqual([0, 1])
  })
})

describe('decodeQuery and encodeQuery', () => {
  it('round-trips a question with escaped octets exactly', () => {
    const query = q('a\\.b.\\255x.example.com', 'TYPE4000', { version: 0, dnssecOk: true, padded: true })
    const decoded = decodeQuery(encodeQuery(query, 42))
    expect(decoded).toEqual({ ok: true, query: { ...query, question: { ...query.question, labels: expect.any(Array) } } })
  })
  it('pads relayed queries to 128-octet blocks (RFC 8467 §4.1)', () => {
    expect(encodeQuery(q('web.example.com', 'A', { version: 0, dnssecOk: false, padded: true }), 1).length % 128).toBe(0)
  })
})

describe('MessageWriter', () => {
  it('gives each writer open at the same time its own buffer, and reuses one only after finish()', () => {
    const a = new MessageWriter()
    const b = new MessageWriter()
    a.u16(0x1111)
    b.u16(0x2222)
    expect([...a.finish()]).toEqual([0x11, 0x11])
    expect([...b.finish()]).toEqual([0x22, 0x22])
    // A finished message is a copy: the next writer reusing the buffer does not change it.
    const c = new MessageWriter()
    c.u16(0x3333)
    const first = c.finish()
    const d = new MessageWriter()
    d.u16(0x4444)
    expect([...first]).toEqual([0x33, 0x33])
    expect([...d.finish()]).toEqual([0x44, 0x44])
  })

  it('writes correctly after a writer failed half way', () => {
    const broken = new MessageWriter()
    broken.u16(0xffff)
    expect(() => broken.name('a..b')).toThrow(/empty label/)
    const w = new MessageWriter()
    w.name('example.com')
    expect([...w.finish()]).toEqual([7, ...Buffer.from('example'), 3, ...Buffer.from('com'), 0])
  })
})

describe('A and AAAA rdata', () => {
  it('writes the same address right every time, in either family', () => {
    const rrs: RR[] = [
      { name: 'a.example.com', type: 'A', ttl: 60, data: '192.0.2.7' },
      { name: 'a.example.com', type: 'AAAA', ttl: 60, data: '2001:db8::7' },
      { name: 'a.example.com', type: 'AAAA', ttl: 60, data: '2001:db8:0:0:1::9' },
    ]
    const query: Query = { id: 9, opcode: 0, recursionDesired: true, checkingDisabled: false, question: question('a.example.com', 'A', 'IN'), edns: null }
    for (let round = 0; round < 2; round++) {
      const decoded = packet.decode(Buffer.from(encodeReply(query, { ...emptyReply('NOERROR'), answers: rrs })))
      expect(decoded.answers!.map((a) => (a as packet.StringAnswer).data)).toEqual(['192.0.2.7', '2001:db8::7', '2001:db8::1:0:0:9'])
    }
  })
})
