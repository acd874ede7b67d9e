/**
 * Relays one question upstream as a resolver does: a fresh query built from the parsed
 * question (never the client's raw octets), a random ID, and the reply checked against what we
 * asked before anything of it reaches the client. Upstreams are tried in the order the health
 * state gives (health.ts); one that fails, times out or lies is skipped for the next, and with
 * `hedgeMs` a second upstream is asked when the first is slow. In-flight relays per isolate
 * are bounded, so a flood of out-of-zone names cannot pile up subrequests.
 */
import type { Query, Reply } from '../core/dns/types.ts'
import type { Forward } from '../core/recordset/schema.ts'
import { upstreamLabel, upstreamProblem } from '../core/recordset/upstream.ts'
import { encodeQuery } from '../doh/wire/query.ts'
import { decodeRelayed } from '../doh/wire/reply.ts'
import { UPSTREAM_TIMEOUT_MS, type Forwarder } from './forward.ts'
import { UpstreamHealth } from './health.ts'

/** The checked reply to `query` from one of the upstreams; throws (naming origins only) when none. */
export type Relay = (forward: Forward, query: Query) => Promise<Reply>

/** Relays one isolate keeps in flight at most; each waits up to the upstream timeout. */
export const MAX_RELAYS_IN_FLIGHT = 64

export interface RelayOptions {
  maxInFlight?: number
  /** Ask the next upstream too when the first has not answered after this many ms; 0: never. */
  hedgeMs?: number
  /** How long one upstream may take before it counts as failed and the next is asked. */
  attemptTimeoutMs?: number
  health?: UpstreamHealth
}

export function createRelay(forward: Forwarder, options: RelayOptions = {}): Relay {
  const maxInFlight = options.maxInFlight ?? MAX_RELAYS_IN_FLIGHT
  const health = options.health ?? new UpstreamHealth()
  let inFlight = 0

  async function ask(url: string, config: Forward, query: Query): Promise<Reply> {
    try {
      const problem = upstreamProblem(url)
      if (problem) throw new Error(`upstream ${upstreamLabel(url)} refused: ${problem}`)
      const sent = { ...query, id: randomId() }
      const signal = AbortSignal.timeout(options.attemptTimeoutMs ?? UPSTREAM_TIMEOUT_MS)
      const timedOut = new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error(`upstream ${upstreamLabel(url)} timed out`)), { once: true }),
      )
      const bytes = await Promise.race([forward(url, encodeQuery(sent, sent.id), signal), timedOut])
      const decoded = decodeRelayed(bytes, sent)
      if (!decoded.ok) throw new Error(`upstream ${upstreamLabel(url)} reply rejected: ${decoded.why}`)
      health.succeeded(url)
      return decoded.reply
    } catch (err) {
      health.failed(url, config)
      throw err
    }
  }

  return async (config, query) => {
    if (inFlight >= maxInFlight) throw new Error(`${maxInFlight} relays already in flight`)
    inFlight++
    try {
      return await firstAnswer(health.order(config), (url) => ask(url, config, query), options.hedgeMs ?? 0)
    } finally {
      inFlight--
    }
  }
}

/**
 * Tries `urls` in order until one answers: the next starts when one fails, or when it has been
 * slow for `hedgeMs`. Rejects with every failure once all have failed.
 */
function firstAnswer(urls: string[], attempt: (url: string) => Promise<Reply>, hedgeMs: number): Promise<Reply> {
  if (urls.length === 0) return Promise.reject(new Error('no upstream to ask'))
  return new Promise((resolve, reject) => {
    const errors: string[] = []
    let next = 0
    let running = 0
    let done = false
    const launch = (): void => {
      if (done || next >= urls.length) return
      const url = urls[next++]!
      running++
      const hedge = hedgeMs > 0 && next < urls.length ? setTimeout(launch, hedgeMs) : null
      attempt(url).then(
        (reply) => {
          if (hedge) clearTimeout(hedge)
          if (!done) resolve(reply)
          done = true
        },
        (err: unknown) => {
          if (hedge) clearTimeout(hedge)
          running--
          errors.push((err as Error).message)
          if (next < urls.length) launch()
          else if (running === 0 && !done) {
            done = true
            reject(new Error(errors.join('; ')))
          }
        },
      )
    }
    launch()
  })
}

function randomId(): number {
  const [id] = crypto.getRandomValues(new Uint16Array(1))
  return id!
}
