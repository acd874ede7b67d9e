/** What /readyz and /healthz report from the agent's state: synced means listed, live means progressing. */
import { describe, expect, it } from 'vitest'
import { agentHealth, type AgentState } from '../../../sync-agent/ops/agent-health.ts'
import type { KindStatus } from '../../../sync-agent/watch/snapshot.ts'

const kind = (k: string, state: KindStatus['state'], known: boolean, error: string | null = null): KindStatus => ({
  kind: k,
  state,
  objects: 0,
  error,
  known,
})
const RESYNC = 300_000
const state = (overrides: Partial<AgentState>): AgentState => ({
  kinds: [kind('Ingress', 'listed', true), kind('Service', 'listed', true)],
  leader: true,
  published: true,
  lastRunOk: true,
  lastProgressAt: 0,
  ...overrides,
})
const at = (s: AgentState, now = 1000) => agentHealth(s, now, 3 * RESYNC)

describe('agent health', () => {
  it('is ready once every kind listed and the leader published', () => {
    expect(at(state({}))).toMatchObject({ live: true, ready: true, detail: { synced: true, waiting: [] } })
    expect(at(state({ published: false })).ready).toBe(false)
  })

  it('is not synced while kinds fail that never listed (no reachable cluster), even after a publish', () => {
    const failing = [kind('Ingress', 'failing', false, 'connect ECONNREFUSED'), kind('Service', 'failing', false)]
    expect(at(state({ kinds: failing }))).toMatchObject({ ready: false, detail: { synced: false, waiting: ['Ingress', 'Service'] } })
  })

  it('counts an absent CRD as known, and a kind that failed after listing keeps counting', () => {
    const kinds = [kind('Ingress', 'failing', true), kind('DNSEndpoint', 'absent', true)]
    expect(at(state({ kinds })).ready).toBe(true)
    expect(at(state({ kinds: [kind('Ingress', 'forbidden', false)] })).ready).toBe(false)
  })

  it('is not ready while refusing an owner id another cluster publishes under, and says why', () => {
    expect(at(state({ conflict: 'owner "eu" is published by another cluster' }))).toMatchObject({
      live: true,
      ready: false,
      detail: { conflict: 'owner "eu" is published by another cluster' },
    })
  })

  it('makes a synced standby ready: it can take over at once', () => {
    expect(at(state({ leader: false, published: false })).ready).toBe(true)
  })

  it('stops being live after three resync periods without a completed reconcile', () => {
    expect(at(state({}), 3 * RESYNC).live).toBe(true)
    const stuck = at(state({}), 3 * RESYNC + 1)
    expect(stuck).toMatchObject({ live: false, detail: { stuck: 'no reconcile completed for 900 s' } })
  })
})
