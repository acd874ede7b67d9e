/**
 * HTTP-level failures of a DoH request, each with its status (RFC 8484 §4.2.1 and RFC 9110).
 * Anything that is a DNS query, however odd, is answered in DNS instead (FORMERR, SERVFAIL, ...).
 */
export type DohFailure =
  | 'missing-dns'
  | 'malformed'
  | 'not-found'
  | 'method'
  | 'too-large'
  | 'uri-too-long'
  | 'media-type'
  | 'not-acceptable'
  | 'rate-limited'

export type DohStatus = 400 | 404 | 405 | 406 | 413 | 414 | 415 | 429

const STATUS: Record<DohFailure, DohStatus> = {
  'missing-dns': 400,
  malformed: 400,
  'not-found': 404,
  method: 405,
  'not-acceptable': 406,
  'too-large': 413,
  'uri-too-long': 414,
  'media-type': 415,
  'rate-limited': 429,
}

export class DohError extends Error {
  readonly status: DohStatus
  constructor(
    readonly failure: DohFailure,
    message: string,
  ) {
    super(message)
    this.status = STATUS[failure]
  }
}
