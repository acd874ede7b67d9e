import { describe, expect, it } from 'vitest'
import { query } from '../helpers/dns.ts'
import { fuzz, violation } from './harness.ts'

describe('fuzzing the app in process (a fixed-seed slice of npm run fuzz)', () => {
  it('50,000 generated and mutated requests: no 5xx, every reply parses, echoes, fits and does not amplify', async () => {
    await fuzz(50_000, 20261201)
  }, 300_000)

  it('the properties catch what they are there to catch', async () => {
    const q = query('web.example.com', 'A', { id: 0x1234 })
    const sent = { request: new Request('http://fuzz.test/'), query: q }
    const wire = (bytes: Uint8Array) => new Response(bytes, { headers: { 'content-type': 'application/dns-message' } })
    const reply = new Uint8Array(q)
    reply[2] = 0x81
    expect(await violation(sent, wire(reply))).toBeNull()
    expect(await violation(sent, new Response('x', { status: 500 }))).toBe('HTTP 500')
    expect(await violation(sent, wire(Object.assign(new Uint8Array(reply), { 1: 0 })))).toBe('ID not echoed')
    const otherCase = new Uint8Array(reply)
    otherCase[13] = 0x57 // "Web"
    expect(await violation(sent, wire(otherCase))).toBe('question not echoed exactly')
    const amplified = new Uint8Array([...reply, ...new Uint8Array(200)])
    expect(await violation(sent, wire(amplified))).toMatch(/^amplified/)
    expect(await violation(sent, wire(new Uint8Array(70_000)))).toBe('reply of 70000 octets')
  })
})
