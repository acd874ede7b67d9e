/**
 * Retrying HTTP calls to the KV API: exponential backoff with full jitter (AWS architecture
 * blog, "Exponential Backoff And Jitter"), and the server's Retry-After when it sends one.
 *
 * Retry-After is the server saying when it will take the request; waiting less only earns
 * another 429. So it is honoured beyond our own backoff cap, up to `retryAfterCeilingMs`
 * (5 minutes): a longer ask is taken as 5 minutes, so one bad header cannot park the agent for
 * hours. Watch events keep being coalesced meanwhile, and the publish after this one carries
 * the newest state.
 */

export interface RetryPolicy {
  attempts: number
  baseMs: number
  /** Our own backoff never waits longer than this. */
  capMs: number
  /** The longest Retry-After honoured. */
  retryAfterCeilingMs: number
  /** Injected so tests run without real waiting. */
  sleep: (ms: number) => Promise<void>
  random: () => number
}

export const defaultRetry: RetryPolicy = {
  attempts: 6,
  baseMs: 500,
  capMs: 30_000,
  retryAfterCeilingMs: 300_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
}

/** A failure worth another try (HTTP 429 and 5xx, timeouts, connection errors). */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message)
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000
  const at = Date.parse(header)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/** The wait before retry number `attempt` (1-based): full jitter, or the server's Retry-After. */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | null): number {
  const backoff = policy.random() * Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1))
  return Math.max(backoff, Math.min(retryAfterMs ?? 0, policy.retryAfterCeilingMs))
}

export async function withRetries<T>(
  policy: RetryPolicy,
  onRetry: (error: Error, attempt: number, waitMs: number) => void,
  call: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!(error instanceof TransientError) || attempt >= policy.attempts) throw error
      const wait = backoffMs(policy, attempt, error.retryAfterMs)
      onRetry(error, attempt, wait)
      await policy.sleep(wait)
    }
  }
}
