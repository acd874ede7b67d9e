/**
 * RFC 8484 §4.1: the DNS query of a DoH request, from `?dns=` (base64url, no padding) on GET
 * or the body of a POST with Content-Type application/dns-message.
 */
import { MAX_MESSAGE_OCTETS } from '../core/limits.ts'
import { DohError } from './errors.ts'

export const DNS_MESSAGE = 'application/dns-message'
export const DNS_JSON = 'application/dns-json'

/** A query is a DNS message, which its two-octet length bounds (RFC 1035 §4.2.2). */
export const MAX_QUERY_BYTES = MAX_MESSAGE_OCTETS
const MAX_DNS_PARAM = Math.ceil((MAX_QUERY_BYTES * 4) / 3)

export function queryFromGet(dns: string | undefined): Uint8Array {
  if (dns === undefined || dns === '') throw new DohError('missing-dns', 'missing "dns" query parameter')
  if (dns.length > MAX_DNS_PARAM) {
    throw new DohError('uri-too-long', `"dns" parameter longer than ${MAX_DNS_PARAM} characters`)
  }
  return decodeBase64Url(dns)
}

export async function queryFromPost(request: Request): Promise<Uint8Array> {
  const sent = request.headers.get('content-type') ?? ''
  const type = sent.split(';')[0]!.trim().toLowerCase()
  if (type !== DNS_MESSAGE) {
    const shown = sent.length > 100 ? `${sent.slice(0, 100)}…` : sent
    throw new DohError('media-type', `Content-Type must be ${DNS_MESSAGE}, not ${shown ? JSON.stringify(shown) : 'none'}`)
  }
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > MAX_QUERY_BYTES) throw tooLarge()
  const body = await readAtMost(request.body, MAX_QUERY_BYTES)
  if (body.byteLength === 0) throw new DohError('malformed', 'empty body')
  return body
}

/**
 * Reads a body as a stream and gives up as soon as it passes `max` octets: a chunked upload
 * has no Content-Length to refuse up front, and buffering it whole could exhaust the
 * isolate's 128 MB before the size check.
 */
export async function readAtMost(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0)
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > max) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.byteLength
  }
  return out
}

function tooLarge(): DohError {
  return new DohError('too-large', `DNS message larger than ${MAX_QUERY_BYTES} octets`)
}

/** Strict base64url (RFC 4648 §5); padding is tolerated though RFC 8484 omits it. */
export function decodeBase64Url(text: string): Uint8Array {
  const bare = text.replace(/=+$/, '')
  if (!/^[A-Za-z0-9_-]*$/.test(bare) || bare.length % 4 === 1) {
    throw new DohError('malformed', '"dns" is not base64url')
  }
  const b64 = bare.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * What the client accepts: DNS wire format when named, the JSON API when that is named, else
 * wire format when admitted (`*\/*`, `application/*`, or no Accept, as curl and browsers send).
 */
export function negotiate(accept: string | undefined): 'wire' | 'json' {
  if (!accept) return 'wire'
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase())
  if (types.includes(DNS_MESSAGE)) return 'wire'
  if (types.includes(DNS_JSON) || types.includes('application/json')) return 'json'
  if (types.includes('*/*') || types.includes('application/*')) return 'wire'
  throw new DohError('not-acceptable', `Accept must admit ${DNS_MESSAGE} or ${DNS_JSON}`)
}
