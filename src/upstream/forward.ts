/**
 * Relays a query to the upstream DoH server (`forward . URL`): fallthrough misses and names
 * outside every zone. Bounded in time so a slow upstream turns into SERVFAIL, not a hung client.
 */
import { DNS_MESSAGE } from '../doh/parse.ts'

export type Forwarder = (upstream: string, query: Uint8Array) => Promise<Uint8Array>

export const UPSTREAM_TIMEOUT_MS = 3000

export function createForwarder(fetcher: typeof fetch = fetch): Forwarder {
  return async (upstream, query) => {
    const response = await fetcher(upstream, {
      method: 'POST',
      headers: { 'content-type': DNS_MESSAGE, accept: DNS_MESSAGE },
      body: query,
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    })
    if (!response.ok) throw new Error(`upstream ${upstream} answered HTTP ${response.status}`)
    return new Uint8Array(await response.arrayBuffer())
  }
}
