/**
 * Which upstream to ask first, and which to rest: CoreDNS forward's `policy`, `max_fails` and
 * `health_check`, with the health of each upstream kept in the isolate. An upstream that
 * failed `maxFails` times in a row is asked last until `healthCheck` seconds have passed; then
 * it gets one chance again. When every upstream rests they are all tried anyway, as CoreDNS does.
 */
import type { Forward } from '../core/recordset/schema.ts'

interface State {
  fails: number
  restUntil: number
}

export class UpstreamHealth {
  private readonly states = new Map<string, State>()
  private turn = 0

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** The upstreams in the order to try them. */
  order(forward: Forward): string[] {
    const list = [...forward.upstreams]
    if (forward.policy === 'round_robin') {
      const start = this.turn++ % list.length
      list.push(...list.splice(0, start))
    } else if (forward.policy === 'random') {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1))
        ;[list[i], list[j]] = [list[j]!, list[i]!]
      }
    }
    const now = this.now()
    const resting = (url: string): boolean => (this.states.get(url)?.restUntil ?? 0) > now
    return [...list.filter((u) => !resting(u)), ...list.filter(resting)]
  }

  succeeded(url: string): void {
    this.states.delete(url)
  }

  failed(url: string, forward: Forward): void {
    const state = this.states.get(url) ?? { fails: 0, restUntil: 0 }
    state.fails++
    if (forward.maxFails > 0 && state.fails >= forward.maxFails) state.restUntil = this.now() + forward.healthCheck * 1000
    this.states.set(url, state)
    // Bounded: an isolate sees a handful of configured upstreams, but KV could name many.
    if (this.states.size > 256) this.states.delete(this.states.keys().next().value!)
  }
}
