/** DNS wire queries for e2e tests: DoH (RFC 8484 GET/POST) and plain UDP, loopback only. */
import * as packet from 'dns-packet'
import { Buffer } from 'node:buffer'
import { createSocket } from 'node:dgram'

export type DnsMessage = packet.DecodedPacket & { raw: Uint8Array }

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const
export const rcodeOf = (msg: packet.DecodedPacket): number => (msg.flags ?? 0) & 0x0f

let nextId = 1
export function encodeQuery(name: string, type: string, id = (nextId = (nextId % 0xffff) + 1), qclass = 'IN'): Buffer {
  return packet.encode({
    id,
    type: 'query',
    flags: packet.RECURSION_DESIRED,
    questions: [{ name, type: type as packet.RecordType, class: qclass as packet.RecordClass }],
  })
}

function assertLoopback(url: URL | string): void {
  const host = typeof url === 'string' ? url : url.hostname
  if (!['127.0.0.1', '[::1]', '::1', 'localhost'].includes(host)) throw new Error(`e2e DNS traffic must stay on loopback, not ${host}`)
}

const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/**
 * One DoH exchange. GET uses ?dns= with id 0 as RFC 8484 recommends; POST sends the body.
 * `qclass` (default IN) asks in another class, e.g. CH.
 */
export async function dohQuery(
  dohUrl: string,
  name: string,
  type: string,
  { method = 'GET', timeoutMs = 5_000, qclass = 'IN' }: { method?: 'GET' | 'POST'; timeoutMs?: number; qclass?: string } = {},
): Promise<DnsMessage> {
  const url = new URL(dohUrl)
  assertLoopback(url)
  const q = encodeQuery(name, type, method === 'GET' ? 0 : undefined, qclass)
  const init: RequestInit =
    method === 'GET'
      ? { headers: { accept: 'application/dns-message' } }
      : { method: 'POST', headers: { accept: 'application/dns-message', 'content-type': 'application/dns-message' }, body: q }
  if (method === 'GET') url.searchParams.set('dns', b64url(q))
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  if (res.status !== 200) throw new Error(`DoH ${method} ${url}: HTTP ${res.status}: ${await res.text()}`)
  const raw = new Uint8Array(await res.arrayBuffer())
  return Object.assign(packet.decode(Buffer.from(raw)), { raw })
}

/** One UDP exchange with a DNS server on loopback. */
export function udpQuery(host: string, port: number, name: string, type: string, timeoutMs = 3_000): Promise<DnsMessage> {
  assertLoopback(host)
  const q = encodeQuery(name, type)
  const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4')
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sock.close()
      reject(new Error(`UDP query ${name} ${type} to ${host}:${port} timed out`))
    }, timeoutMs)
    sock.on('message', (msg) => {
      if (msg.readUInt16BE(0) !== q.readUInt16BE(0)) return
      clearTimeout(timer)
      sock.close()
      resolve(Object.assign(packet.decode(msg), { raw: new Uint8Array(msg) }))
    })
    sock.on('error', (e) => {
      clearTimeout(timer)
      sock.close()
      reject(e)
    })
    sock.send(q, port, host)
  })
}

/** The A/AAAA addresses (or other rdata) of the answers of `type`, sorted. */
/** A record's data as one string: structured RDATA (MX, SRV, CAA) as compact JSON of dns-packet's fields. */
function dataText(data: unknown): string {
  return data !== null && typeof data === 'object' && !Array.isArray(data) && !Buffer.isBuffer(data) ? JSON.stringify(data) : String(data)
}

export function answerData(msg: packet.DecodedPacket, type: string): string[] {
  return (msg.answers ?? [])
    .filter((a) => a.type === type)
    .map((a) => dataText((a as { data: unknown }).data))
    .sort()
}
