/**
 * Resource records as zone-file text, the way CoreDNS's tests compare them:
 * 'web.example.com. 60 IN A 192.0.2.1'.
 */
import { txtText } from '../../src/core/dns/txt.ts'
import type { RR } from '../../src/core/dns/types.ts'

/** The same record as zone-file text, for readable failure messages. */
export function rrText(record: RR): string {
  const d = record.data
  let data: string
  if (record.type === 'SOA') {
    const s = record.data
    data = `${s.mname}. ${s.rname}. ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`
  } else if (record.type === 'TXT') data = record.data.map(txtText).join(' ')
  else if (record.type === 'MX') data = `${record.data.preference} ${record.data.exchange}.`
  else if (record.type === 'SRV') data = `${record.data.priority} ${record.data.weight} ${record.data.port} ${record.data.target}.`
  else if (record.type === 'CAA') data = `${record.data.flags} ${record.data.tag} ${txtText(record.data.value)}`
  else if (record.type === 'CNAME' || record.type === 'NS' || record.type === 'PTR') data = `${String(d)}.`
  else data = String(d)
  return `${record.name}. ${record.ttl} IN ${record.type} ${data}`
}
