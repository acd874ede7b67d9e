/**
 * RDATA of each record type we write or read, one encode/decode pair per type (dns-packet's
 * shape). Types whose RDATA holds names that RFC 3597 §4 lets senders compress are decoded so
 * their names survive re-encoding; every other type travels as opaque octets.
 */
import { parseIPv6 } from '../../core/dns/addresses.ts'
import { addressOctets } from './address-octets.ts'
import { typeCode } from '../../core/dns/codes.ts'
import type { RR } from '../../core/dns/types.ts'
import { MalformedMessage, type MessageReader } from './reader.ts'
import type { MessageWriter } from './writer.ts'

export function rrCode(rr: RR): number {
  return rr.type === 'OTHER' ? rr.code : typeCode(rr.type)!
}

export function encodeRdata(w: MessageWriter, rr: RR): void {
  switch (rr.type) {
    case 'A':
      return w.bytes(addressOctets(rr.data, 4))
    case 'AAAA':
      return w.bytes(addressOctets(rr.data, 6))
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return w.name(rr.data)
    case 'DNAME':
      return w.name(rr.data, false) // RFC 6672 §2.5: not compressed
    case 'TXT':
      for (const s of rr.data) {
        w.u8(s.length)
        w.bytes(s)
      }
      return
    case 'SOA': {
      const d = rr.data
      w.name(d.mname)
      w.name(d.rname)
      for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(v)
      return
    }
    case 'MX':
      w.u16(rr.data.preference)
      return w.name(rr.data.exchange)
    case 'SRV':
      w.u16(rr.data.priority)
      w.u16(rr.data.weight)
      w.u16(rr.data.port)
      return w.name(rr.data.target, false) // RFC 2782: no compression
    case 'CAA':
      w.u8(rr.data.flags)
      w.u8(rr.data.tag.length)
      for (let i = 0; i < rr.data.tag.length; i++) w.u8(rr.data.tag.charCodeAt(i))
      return w.bytes(rr.data.value)
    case 'OTHER':
      return w.bytes(rr.data)
  }
}

/** The RR of one decoded record; `end` is where its RDATA stops. */
export function decodeRdata(r: MessageReader, base: { name: string; ttl: number }, code: number, end: number): RR {
  const rr = decodeKnown(r, base, code, end)
  if (r.offset !== end) throw new MalformedMessage(`RDATA of type ${code} has the wrong length`)
  return rr
}

function decodeKnown(r: MessageReader, base: { name: string; ttl: number }, code: number, end: number): RR {
  const length = end - r.offset
  switch (code) {
    case 1:
      if (length !== 4) break
      return { ...base, type: 'A', data: [...r.take(4)].join('.') }
    case 28: {
      if (length !== 16) break
      const groups: string[] = []
      for (let i = 0; i < 8; i++) groups.push(r.u16().toString(16))
      return { ...base, type: 'AAAA', data: parseIPv6(groups.join(':'))! }
    }
    case 2:
      return { ...base, type: 'NS', data: r.name() }
    case 5:
      return { ...base, type: 'CNAME', data: r.name() }
    case 12:
      return { ...base, type: 'PTR', data: r.name() }
    case 39:
      return { ...base, type: 'DNAME', data: r.name() }
    case 6: {
      const mname = r.name()
      const rname = r.name()
      const [serial, refresh, retry, expire, minimum] = [r.u32(), r.u32(), r.u32(), r.u32(), r.u32()] as const
      return { ...base, type: 'SOA', data: { mname, rname, serial, refresh, retry, expire, minimum } }
    }
    case 15:
      return { ...base, type: 'MX', data: { preference: r.u16(), exchange: r.name() } }
    case 33:
      return { ...base, type: 'SRV', data: { priority: r.u16(), weight: r.u16(), port: r.u16(), target: r.name() } }
    case 257: {
      // RFC 8659 §4.1: flags, a tag of 1-15 ASCII letters and digits, the value to the end.
      // Anything else is relayed as it came, opaque (RFC 3597).
      const at = r.offset
      const tagLength = length >= 2 ? r.bytes[at + 1]! : 0
      const tag = String.fromCharCode(...r.bytes.subarray(at + 2, at + 2 + tagLength))
      if (2 + tagLength > length || !/^[A-Za-z0-9]{1,15}$/.test(tag)) break
      const flags = r.u8()
      r.take(1 + tagLength)
      return { ...base, type: 'CAA', data: { flags, tag, value: r.take(end - r.offset) } }
    }
    case 16: {
      const strings: Uint8Array[] = []
      while (r.offset < end) strings.push(r.take(r.u8()))
      return { ...base, type: 'TXT', data: strings }
    }
  }
  return { ...base, type: 'OTHER', code, data: r.take(length) }
}
