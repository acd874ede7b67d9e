import type { Resolved } from '../resolve.ts'
import { DNS_MESSAGE } from './parse.ts'

/** RFC 8484 §4.2.1 and §5.1: the reply as application/dns-message with its freshness. */
export function wireResponse(resolved: Resolved): Response {
  return new Response(resolved.bytes, {
    status: 200,
    headers: { 'content-type': DNS_MESSAGE, 'cache-control': `max-age=${resolved.maxAge}` },
  })
}
