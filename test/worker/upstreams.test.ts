/** Several upstreams, CoreDNS forward's policies and health: a dead or slow one is skipped. */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { question, type Query } from '../../src/core/dns/types.ts'
import type { Forward } from '../../src/core/recordset/schema.ts'
import type { Forwarder } from '../../src/upstream/forward.ts'
import { UpstreamHealth } from '../../src/upstream/health.ts'
import { createRelay } from '../../src/upstream/relay.ts'

const DEAD = 'https://dead.test/dns-query'
const SLOW = 'https://slow.test/dns-query'
const GOOD = 'https://good.test/dns-query'

/** dead refuses at once, slow answers after 300 ms, good at once; each answer names its upstream. */
function upstreams(asked: string[]): Forwarder {
  return async (url, bytes, signal) => {
    asked.push(new URL(url).hostname.split('.')[0]!)
    if (url === DEAD) throw new Error('connection refused')
    if (url === SLOW) {
      await new Promise((done, fail) => {
        const t = setTimeout(done, 300)
        signal.addEventListener('abort', () => (clearTimeout(t), fail(new Error('aborted'))))
      })
    }
    const q = packet.decode(Buffer.from(bytes))
    const data = url === SLOW ? '203.0.113.2' : '203.0.113.3'
    return new Uint8Array(packet.encode({ id: q.id, type: 'response', questions: q.questions, answers: [{ name: q.questions![0]!.name, type: 'A', ttl: 60, data }] }))
  }
}

const query: Query = { id: 1, opcode: 0, recursionDesired: true, checkingDisabled: false, question: question('www.other.test', 'A'), edns: null }
const forward = (policy: Forward['policy'], list = [DEAD, SLOW, GOOD], maxFails = 2): Forward => ({ upstreams: list, policy, maxFails, healthCheck: 10 })

describe('several upstreams', () => {
  it('sequential: asks in order, skipping the dead one and timing out the slow one', async () => {
    const asked: string[] = []
    const relay = createRelay(upstreams(asked), { attemptTimeoutMs: 100 })
    const reply = await relay(forward('sequential'), query)
    expect([asked, reply.answers[0]?.type === 'A' && reply.answers[0].data]).toEqual([['dead', 'slow', 'good'], '203.0.113.3'])
  })
  it('sequential: a slow upstream within the timeout still answers', async () => {
    const asked: string[] = []
    const reply = await createRelay(upstreams(asked), { attemptTimeoutMs: 1000 })(forward('sequential', [SLOW, GOOD]), query)
    expect([asked, reply.answers[0]?.type === 'A' && reply.answers[0].data]).toEqual([['slow'], '203.0.113.2'])
  })
  it('round_robin: starts one further each time', async () => {
    const asked: string[] = []
    const relay = createRelay(upstreams(asked), { attemptTimeoutMs: 1000 })
    for (let i = 0; i < 3; i++) await relay(forward('round_robin', [GOOD, SLOW]), query)
    expect(asked).toEqual(['good', 'slow', 'good'])
  })
  it('random: every order is a permutation; the answer comes from a live upstream', async () => {
    const asked: string[] = []
    const relay = createRelay(upstreams(asked), { attemptTimeoutMs: 100, health: new UpstreamHealth(Date.now, () => 0.99) })
    const reply = await relay(forward('random'), query)
    expect(reply.rcode).toBe('NOERROR')
    expect(new Set(asked).size).toBe(asked.length)
  })
  it('rests an upstream after max_fails failures in a row, then tries it again after health_check', async () => {
    const clock = { t: 0 }
    const asked: string[] = []
    const relay = createRelay(upstreams(asked), { attemptTimeoutMs: 100, health: new UpstreamHealth(() => clock.t) })
    const config = forward('sequential', [DEAD, GOOD], 2)
    for (let i = 0; i < 3; i++) await relay(config, query)
    expect(asked).toEqual(['dead', 'good', 'dead', 'good', 'good']) // resting after two failures
    clock.t += 10_001
    asked.length = 0
    await relay(config, query)
    expect(asked).toEqual(['dead', 'good'])
  })
  it('hedges: a second upstream is asked when the first is slow, and the faster answer wins', async () => {
    const asked: string[] = []
    const relay = createRelay(upstreams(asked), { attemptTimeoutMs: 1000, hedgeMs: 20 })
    const reply = await relay(forward('sequential', [SLOW, GOOD]), query)
    expect([asked, reply.answers[0]?.type === 'A' && reply.answers[0].data]).toEqual([['slow', 'good'], '203.0.113.3'])
  })
  it('fails with every reason when no upstream answers', async () => {
    const relay = createRelay(upstreams([]), { attemptTimeoutMs: 50 })
    await expect(relay(forward('sequential', [DEAD, SLOW]), query)).rejects.toThrow('connection refused; upstream https://slow.test timed out')
  })
})
