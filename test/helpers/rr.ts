/**
 * Resource records written as zone-file text, as CoreDNS's tests write them:
 * rr('web.example.com. 60 IN A 192.0.2.1'). Owner names keep their case, lose the final dot.
 */
import type { RR } from '../../src/core/dns/types.ts'

const bare = (name: string): string => (name.endsWith('.') && name !== '.' ? name.slice(0, -1) : name)

export function rr(text: string): RR {
  const m = /^(\S+)\s+(\d+)\s+IN\s+(\S+)\s+(.*)$/.exec(text.trim())
  if (!m) throw new Error(`not a resource record: ${text}`)
  const [, owner, ttlText, type, data] = m as unknown as [string, string, string, string, string]
  const name = bare(owner)
  const ttl = Number(ttlText)
  switch (type) {
    case 'A':
    case 'AAAA':
      return { name, ttl, type, data }
    case 'CNAME':
    case 'NS':
      return { name, ttl, type, data: bare(data) }
    case 'TXT':
      return { name, ttl, type, data: [...data.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]!) }
    case 'SOA': {
      const [mname, rname, ...nums] = data.split(/\s+/) as [string, string, ...string[]]
      const [serial, refresh, retry, expire, minimum] = nums.map(Number) as [number, number, number, number, number]
      return { name, ttl, type, data: { mname: bare(mname), rname: bare(rname), serial, refresh, retry, expire, minimum } }
    }
    default:
      throw new Error(`rr(): type ${type} not supported`)
  }
}

/** The same record as zone-file text, for readable failure messages. */
export function rrText(record: RR): string {
  const d = record.data
  let data: string
  if (record.type === 'SOA') {
    const s = record.data
    data = `${s.mname}. ${s.rname}. ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`
  } else if (record.type === 'TXT') data = record.data.map((t) => `"${t}"`).join(' ')
  else if (record.type === 'CNAME' || record.type === 'NS') data = `${String(d)}.`
  else data = String(d)
  return `${record.name}. ${record.ttl} IN ${record.type} ${data}`
}
