/**
 * Abuse controls for a public resolver, both off unless configured (README, "Security"):
 * a path token that hides the resolver from anyone without the URL (DoH profile services hand
 * out such URLs), and a rate limit per client IP through the Workers rate-limiting binding.
 */
import type { MiddlewareHandler } from 'hono'
import type { Env } from '../env.ts'
import { DohError } from './errors.ts'

export function guard(): MiddlewareHandler<{ Bindings: Env }> {
  return async function guard(c, next) {
    const expected = c.env.DOH_TOKEN
    const given = c.req.param('token')
    // With a token, the bare paths stop answering; without one, token paths do not exist.
    if (expected ? !(given !== undefined && sameSecret(given, expected)) : given !== undefined) {
      throw new DohError('not-found', 'not found')
    }
    if (c.env.RATE_LIMITER) {
      const key = c.req.header('cf-connecting-ip') ?? 'unknown'
      const { success } = await c.env.RATE_LIMITER.limit({ key })
      if (!success) throw new DohError('rate-limited', 'rate limit exceeded for this client; retry in a minute')
    }
    await next()
  }
}

/** Compares without stopping at the first difference, so timing does not reveal the token. */
function sameSecret(a: string, b: string): boolean {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0)
  return diff === 0
}
