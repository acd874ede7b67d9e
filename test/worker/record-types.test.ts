/**
 * MX, SRV, CAA and PTR through the whole worker (KV, the wire codec, the JSON API), read back
 * with dns-packet as a client would: every RDATA must parse in a codec that is not ours.
 */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Forwarder } from '../../src/upstream/forward.ts'
import { answerWorld, REVERSE } from '../helpers/answer-world.ts'
import { decodeResponse, getUrl, postInit, query, rcodeOf } from '../helpers/dns.ts'
import { publish, testApp } from '../helpers/worker-app.ts'

beforeEach(async () => {
  await publish(answerWorld)
})

async function ask(name: string, type: string) {
  const msg = await decodeResponse(await testApp().fetch('http://doh.test/dns-query', postInit(query(name, type, { id: 7 }))))
  return { rcode: rcodeOf(msg), aa: ((msg.flags ?? 0) & 0x400) !== 0, answers: msg.answers ?? [], authorities: msg.authorities ?? [] }
}

describe('typed records on the wire', () => {
  it('answers MX with the name\'s own TTL, in preference order', async () => {
    const r = await ask('mail.example.com', 'MX')
    expect(r.rcode).toBe(0)
    expect(r.answers.map((a) => [a.ttl, a.data])).toEqual([
      [300, { preference: 10, exchange: 'mail.example.com' }],
      [300, { preference: 20, exchange: 'backup.example.net' }],
    ])
  })
  it('answers a null MX with the root', async () => {
    expect((await ask('nomail.example.com', 'MX')).answers.map((a) => a.data)).toEqual([{ preference: 0, exchange: '.' }])
  })
  it('answers SRV', async () => {
    expect((await ask('_sip._udp.example.com', 'SRV')).answers.map((a) => a.data)).toEqual([
      { priority: 10, weight: 5, port: 5060, target: 'sip.example.com' },
      { priority: 20, weight: 0, port: 5060, target: 'sip2.example.com' },
    ])
  })
  it('answers CAA, the critical flag included', async () => {
    const r = await ask('mail.example.com', 'CAA')
    expect(r.answers.map((a) => a.data)).toEqual([
      { flags: 0, tag: 'issue', value: 'letsencrypt.org', issuerCritical: false },
      { flags: 128, tag: 'iodef', value: 'mailto:ca@example.com', issuerCritical: true },
    ])
  })
  it('answers PTR for an address we serve, several names sorted', async () => {
    const r = await ask(`100.${REVERSE}`, 'PTR')
    expect([r.rcode, r.aa]).toEqual([0, true])
    expect(r.answers.map((a) => [a.name, a.type, a.data])).toEqual([
      [`100.${REVERSE}`, 'PTR', 'example.com'],
      [`100.${REVERSE}`, 'PTR', 'www.example.com'],
    ])
  })
  it('answers ANY with every type a name holds', async () => {
    expect((await ask('mail.example.com', 'ANY')).answers.map((a) => a.type)).toEqual(['A', 'MX', 'MX', 'CAA', 'CAA'])
  })
})

describe('negative answers', () => {
  it('answers NXDOMAIN for PTR of an address we do not serve, with the reverse zone\'s SOA', async () => {
    const r = await ask(`99.${REVERSE}`, 'PTR')
    expect([r.rcode, r.aa, r.answers]).toEqual([3, true, []])
    expect(r.authorities.map((a) => [a.name, a.type])).toEqual([[REVERSE, 'SOA']])
  })
  it('answers NODATA for MX asked of an A-only name', async () => {
    const r = await ask('v4only.example.com', 'MX')
    expect([r.rcode, r.answers]).toEqual([0, []])
    expect(r.authorities.map((a) => a.type)).toEqual(['SOA'])
  })
  it('answers a CNAME name asked for MX with the CNAME', async () => {
    const r = await ask('lb.example.com', 'MX')
    expect(r.answers.map((a) => [a.type, a.data])).toEqual([['CNAME', 'lb-123.elb.example.net']])
  })
})

describe('typed records in the JSON API', () => {
  it('prints MX, SRV, CAA and PTR in presentation format', async () => {
    const data = async (name: string, type: string) =>
      ((await (await testApp().fetch(`http://doh.test/resolve?name=${name}&type=${type}`)).json()) as { Answer: { type: number; TTL: number; data: string }[] }).Answer
    expect(await data('mail.example.com', 'MX')).toEqual([
      { name: 'mail.example.com.', type: 15, TTL: 300, data: '10 mail.example.com.' },
      { name: 'mail.example.com.', type: 15, TTL: 300, data: '20 backup.example.net.' },
    ])
    expect((await data('_sip._udp.example.com', 'SRV'))[0]!.data).toBe('10 5 5060 sip.example.com.')
    expect((await data('mail.example.com', 'CAA'))[0]).toEqual({ name: 'mail.example.com.', type: 257, TTL: 300, data: '0 issue "letsencrypt.org"' })
    expect(await data(`1.${REVERSE}`, 'PTR')).toEqual([{ name: `1.${REVERSE}.`, type: 12, TTL: 60, data: 'web.example.com.' }])
  })
})

describe('reverse-zone fallthrough', () => {
  it('sends a PTR miss upstream with `fallthrough in-addr.arpa`, and answers what it holds', async () => {
    const upstream = 'https://upstream.test/dns-query'
    await publish({ ...answerWorld, upstream, fallthrough: { zones: ['in-addr.arpa'] } })
    const seen: string[] = []
    const forward: Forwarder = async (_url, bytes) => {
      const q = packet.decode(Buffer.from(bytes))
      seen.push(q.questions![0]!.name)
      const reply = { id: q.id, type: 'response' as const, flags: packet.RECURSION_AVAILABLE, questions: q.questions, answers: [{ name: q.questions![0]!.name, type: 'PTR' as const, ttl: 60, data: 'elsewhere.example.net' }] }
      return new Uint8Array(packet.encode(reply))
    }
    const app = testApp({ forward })
    const miss = await decodeResponse(await app.fetch(getUrl(query(`99.${REVERSE}`, 'PTR'))))
    expect(miss.answers!.map((a) => a.data)).toEqual(['elsewhere.example.net'])
    const hit = await decodeResponse(await app.fetch(getUrl(query(`1.${REVERSE}`, 'PTR'))))
    expect(hit.answers!.map((a) => a.data)).toEqual(['web.example.com'])
    expect(seen).toEqual([`99.${REVERSE}`])
  })
})

describe('a relayed CAA', () => {
  it('is decoded and re-encoded with its value intact', async () => {
    await publish({ ...answerWorld, upstream: 'https://upstream.test/dns-query', serverBlock: [''] })
    const forward: Forwarder = async (_url, bytes) => {
      const q = packet.decode(Buffer.from(bytes))
      const answers = [{ name: 'example.org', type: 'CAA' as const, ttl: 60, data: { flags: 0, tag: 'issue', value: 'ca.example; account=1' } }] as unknown as packet.Answer[]
      return new Uint8Array(packet.encode({ id: q.id, type: 'response', flags: packet.RECURSION_AVAILABLE, questions: q.questions, answers }))
    }
    const msg = await decodeResponse(await testApp({ forward }).fetch(getUrl(query('example.org', 'CAA'))))
    expect(msg.answers!.map((a) => a.data)).toEqual([{ flags: 0, tag: 'issue', value: 'ca.example; account=1', issuerCritical: false }])
  })
})
