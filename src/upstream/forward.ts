/**
 * The HTTP leg to the upstream DoH server (`forward . URL`): one POST, bounded in time so a slow
 * upstream turns into SERVFAIL rather than a hung client, and in size so a hostile one cannot
 * fill the isolate. Errors name the upstream by origin only (upstreamLabel).
 */
import { MAX_MESSAGE_OCTETS } from '../core/limits.ts'
import { upstreamLabel } from '../core/recordset/upstream.ts'
import { DNS_MESSAGE, readAtMost } from '../doh/parse.ts'

/** One POST to one upstream; `signal` ends it (the relay's per-attempt timeout). */
export type Forwarder = (upstream: string, query: Uint8Array, signal: AbortSignal) => Promise<Uint8Array>

/** Per attempt: a failing upstream costs this before the next one is asked. */
export const UPSTREAM_TIMEOUT_MS = 2000

export function createForwarder(fetcher: typeof fetch = fetch): Forwarder {
  return async (upstream, query, signal) => {
    const label = upstreamLabel(upstream)
    const response = await fetcher(upstream, {
      method: 'POST',
      headers: { 'content-type': DNS_MESSAGE, accept: DNS_MESSAGE },
      body: query,
      signal,
    }).catch((err: unknown) => {
      throw new Error(`upstream ${label} unreachable: ${(err as Error).name}`)
    })
    if (!response.ok) {
      await response.body?.cancel()
      throw new Error(`upstream ${label} answered HTTP ${response.status}`)
    }
    return readAtMost(response.body, MAX_MESSAGE_OCTETS).catch(() => {
      throw new Error(`upstream ${label} sent more than a DNS message or broke off`)
    })
  }
}
