/** The record set the answer-rules table is written against, shared with the wire-path tests. */
import { recordSet, zoneMeta } from './recordset.ts'

export const SOA = 'example.com. 30 IN SOA dns1.kube-system.example.com. hostmaster.dns1.kube-system.example.com. 12345 7200 1800 86400 30'

/** The reverse zone of 192.0.2.0/24 in the world, and its SOA. */
export const REVERSE = '2.0.192.in-addr.arpa'
export const REVERSE_SOA = `${REVERSE}. 30 IN SOA dns1.kube-system.${REVERSE}. hostmaster.dns1.kube-system.${REVERSE}. 12345 7200 1800 86400 30`

export const answerWorld = recordSet({
  'web.example.com': { a: ['192.0.2.1', '192.0.2.2'], aaaa: ['2001:db8::1'] },
  'v4only.example.com': { a: ['192.0.2.4'] },
  'v6only.example.com': { aaaa: ['2001:db8::6'] },
  'a.b.example.com': { a: ['192.0.2.10'] },
  '*.apps.example.com': { a: ['192.0.2.20'] },
  'exact.apps.example.com': { a: ['192.0.2.21'] },
  'txt.example.com': { txt: ['v=spf1 -all', 'hello'] },
  'lb.example.com': { cname: 'lb-123.elb.example.net' },
  'example.com': { a: ['192.0.2.100'], mx: [{ preference: 10, exchange: 'mail.example.com' }] },
  // DNSEndpoint MX, CAA and SRV (schema version 3), one with its own TTL (recordTTL).
  'mail.example.com': {
    a: ['192.0.2.25'],
    mx: [{ preference: 10, exchange: 'mail.example.com' }, { preference: 20, exchange: 'backup.example.net' }],
    caa: [{ flags: 0, tag: 'issue', value: 'letsencrypt.org' }, { flags: 128, tag: 'iodef', value: 'mailto:ca@example.com' }],
    ttl: 300,
  },
  'nomail.example.com': { mx: [{ preference: 0, exchange: '' }] },
  '_sip._udp.example.com': { srv: [{ priority: 10, weight: 5, port: 5060, target: 'sip.example.com' }, { priority: 20, weight: 0, port: 5060, target: 'sip2.example.com' }] },
  '*.mx.example.com': { mx: [{ preference: 5, exchange: 'in.example.com' }] },
  // PTR names of the reverse zone, as the agent derives them from the addresses above.
  [`1.${REVERSE}`]: { ptr: ['web.example.com'] },
  [`4.${REVERSE}`]: { ptr: ['v4only.example.com'] },
  [`25.${REVERSE}`]: { ptr: ['mail.example.com'], ttl: 300 },
  [`100.${REVERSE}`]: { ptr: ['example.com', 'www.example.com'] },
}, { zones: [zoneMeta('example.com'), zoneMeta(REVERSE)] })

