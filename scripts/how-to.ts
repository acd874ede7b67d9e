/**
 * The commands `npm start` prints once the worker is up. The README's "Two commands" section
 * shows the same four for the examples (test/cli/start.test.ts holds them equal), so what a
 * newcomer reads is what they get.
 */
import * as packet from 'dns-packet'
import type { RecordSet } from '../src/core/recordset/schema.ts'

/** A name with an A record to show: web.* when there is one. */
export function exampleHost(recordSet: RecordSet): string {
  const names = Object.entries(recordSet.names).filter(([n, r]) => r.a && !n.startsWith('*'))
  return (names.find(([n]) => n.startsWith('web.')) ?? names[0])?.[0] ?? recordSet.zones[0]?.zone ?? 'example.com'
}

export function howTo(port: number, recordSet: RecordSet): string[] {
  const host = exampleHost(recordSet)
  const base = `http://127.0.0.1:${port}`
  const query = packet
    .encode({ id: 0, type: 'query', flags: packet.RECURSION_DESIRED, questions: [{ name: host, type: 'A', class: 'IN' }] })
    .toString('base64url') // RFC 8484 §4.1: base64url without padding, which Node's is
  const address = recordSet.names[host]?.a?.[0]
  return [
    `dig @127.0.0.1 -p ${port} +http-plain=/dns-query ${host}${address ? `  # -> ${address}` : ''}`,
    `curl -s -H 'accept: application/dns-message' '${base}/dns-query?dns=${query}' | od -An -tx1`,
    `curl -s '${base}/resolve?name=${host}&type=AAAA'`,
    `curl -s -o /dev/null -w '%{http_code}\\n' '${base}/dns-query?dns=garbage'  # -> 400`,
  ]
}
