/** The edge of the reply flow: whatever a reply holds, the client gets DNS, never an HTTP 5xx. */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { emptyReply, question, type Query, type Reply } from '../../src/core/dns/types.ts'
import { jsonReply, wireReply } from '../../src/doh/encode.ts'
import { resolve } from '../../src/resolve.ts'

const query: Query = { id: 77, opcode: 0, recursionDesired: true, checkingDisabled: false, question: question('Web.example.com', 'AAAA'), edns: null }
const broken: Reply = { ...emptyReply('NOERROR'), answers: [{ name: 'web.example.com', type: 'AAAA', ttl: 60, data: 'not-an-address' }] }

describe('replies that cannot be encoded', () => {
  it('become SERVFAIL for the same question on the wire, with a warning', () => {
    const warnings: string[] = []
    const { body, maxAge } = wireReply(query, broken, (m) => warnings.push(m))
    const msg = packet.decode(Buffer.from(body))
    expect([msg.id, (msg.flags ?? 0) & 15, msg.questions, maxAge]).toEqual([77, 2, [{ name: 'Web.example.com', type: 'AAAA', class: 'IN' }], 0])
    expect(warnings).toEqual(['reply not encodable, answered SERVFAIL: not an IPv6 address: not-an-address'])
  })
  it('a failure inside resolve() is SERVFAIL too, not an exception', async () => {
    const warnings: string[] = []
    const reader = { read: () => Promise.resolve(null as never) } // a view no rule can read
    const resolution = await resolve(query, { reader, relay: () => Promise.reject(new Error('none')), warn: (m) => warnings.push(m) })
    expect([resolution.kind, resolution.reply.rcode]).toEqual(['failed', 'SERVFAIL'])
    expect(warnings[0]).toMatch(/^answering failed: /)
    expect(jsonReply(query, resolution.reply, () => {}).body.Status).toBe(2)
  })
})
