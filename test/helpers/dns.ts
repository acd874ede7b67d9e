/** Real DNS wire packets for worker tests, built and read with dns-packet as clients would. */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { encodeBase64Url } from '../../src/doh/parse.ts'

export interface QueryOptions {
  id?: number
  flags?: number
  edns?: { version?: number; do?: boolean; padding?: number; udpPayloadSize?: number }
  questions?: packet.Question[]
}

export function query(name: string, type: string, options: QueryOptions = {}): Uint8Array {
  const additionals: packet.Answer[] = []
  if (options.edns) {
    const options_: { code: number; length?: number }[] = []
    if (options.edns.padding !== undefined) options_.push({ code: 12, length: options.edns.padding })
    additionals.push({
      name: '.',
      type: 'OPT',
      udpPayloadSize: options.edns.udpPayloadSize ?? 1232,
      ednsVersion: options.edns.version ?? 0,
      flags: options.edns.do ? packet.DNSSEC_OK : 0,
      options: options_,
    } as unknown as packet.Answer)
  }
  return new Uint8Array(
    packet.encode({
      id: options.id ?? 0,
      type: 'query',
      flags: options.flags ?? packet.RECURSION_DESIRED,
      questions: options.questions ?? [{ name, type: type as packet.RecordType, class: 'IN' }],
      additionals,
    }),
  )
}

export const getUrl = (bytes: Uint8Array, base = 'http://doh.test'): string =>
  `${base}/dns-query?dns=${encodeBase64Url(bytes)}`

export function postInit(bytes: Uint8Array, contentType = 'application/dns-message'): RequestInit {
  return { method: 'POST', headers: { 'content-type': contentType }, body: bytes }
}

/** A decoded record of any type, loosely typed as tests read it. */
export interface AnyRecord {
  name: string
  type: string
  ttl?: number
  data?: unknown
  flags?: number
  extendedRcode?: number
}

export type Decoded = Omit<packet.DecodedPacket, 'answers' | 'authorities' | 'additionals'> & {
  opcode?: string
  answers?: AnyRecord[]
  authorities?: AnyRecord[]
  additionals?: AnyRecord[]
  raw: Uint8Array
}

export async function decodeResponse(res: Response): Promise<Decoded> {
  const raw = new Uint8Array(await res.arrayBuffer())
  return Object.assign(packet.decode(Buffer.from(raw)), { raw }) as Decoded
}

export const rcodeOf = (msg: { flags?: number }): number => (msg.flags ?? 0) & 0x0f

/**
 * A query whose `n` additional records each own a name that is a compression pointer to the
 * previous record's name: a decoder that follows every chain does n²/2 hops.
 */
export function pointerChainQuery(n: number): Uint8Array {
  const head = [...query('web.example.com', 'A', { id: 9 })]
  head[10] = n >> 8
  head[11] = n & 0xff
  const out = [...head]
  let previous = 12 // the question's name
  for (let i = 0; i < n; i++) {
    const at = out.length
    out.push(0xc0 | (previous >> 8), previous & 0xff, 0, 16, 0, 1, 0, 0, 0, 0, 0, 0)
    previous = at
  }
  return new Uint8Array(out)
}
