/** The record set the answer-rules table is written against, shared with the wire-path tests. */
import { recordSet } from './recordset.ts'

export const SOA = 'example.com. 30 IN SOA dns1.kube-system.example.com. hostmaster.dns1.kube-system.example.com. 12345 7200 1800 86400 30'

export const answerWorld = recordSet({
  'web.example.com': { a: ['192.0.2.1', '192.0.2.2'], aaaa: ['2001:db8::1'] },
  'v4only.example.com': { a: ['192.0.2.4'] },
  'v6only.example.com': { aaaa: ['2001:db8::6'] },
  'a.b.example.com': { a: ['192.0.2.10'] },
  '*.apps.example.com': { a: ['192.0.2.20'] },
  'exact.apps.example.com': { a: ['192.0.2.21'] },
  'txt.example.com': { txt: ['v=spf1 -all', 'hello'] },
  'lb.example.com': { cname: 'lb-123.elb.example.net' },
  'example.com': { a: ['192.0.2.100'] },
})

