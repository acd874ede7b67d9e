/**
 * HTTP-level failures of a DoH request, each with its status (RFC 8484 §4.2.1 and RFC 9110).
 * Anything that is a well-formed DNS query is answered in DNS instead (FORMERR, SERVFAIL, ...).
 */
export type DohFailure =
  | 'missing-dns'
  | 'malformed'
  | 'method'
  | 'too-large'
  | 'uri-too-long'
  | 'media-type'
  | 'not-acceptable'

const STATUS: Record<DohFailure, 400 | 405 | 406 | 413 | 414 | 415> = {
  'missing-dns': 400,
  malformed: 400,
  method: 405,
  'not-acceptable': 406,
  'too-large': 413,
  'uri-too-long': 414,
  'media-type': 415,
}

export class DohError extends Error {
  readonly status: 400 | 405 | 406 | 413 | 414 | 415
  constructor(
    readonly failure: DohFailure,
    message: string,
  ) {
    super(message)
    this.status = STATUS[failure]
  }
}
