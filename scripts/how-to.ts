/**
 * The commands `npm start` prints once the worker is up. The README's "Two commands" section
 * shows the same four for the examples (test/cli/start.test.ts holds them equal), so what a
 * newcomer reads is what they get. With several clusters (`--cluster`), two more ask for a
 * name they share as if from Berlin and from Sydney: wrangler dev takes `request.cf` from the
 * MF-CF-Blob header (miniflare's), which the Cloudflare edge never does.
 */
import * as packet from 'dns-packet'
import type { RecordSet } from '../src/core/recordset/schema.ts'

/** A name with an A record to show: web.* when there is one. */
export function exampleHost(recordSet: RecordSet): string {
  const names = Object.entries(recordSet.names).filter(([n, r]) => r.a && !n.startsWith('*'))
  return (names.find(([n]) => n.startsWith('web.')) ?? names[0])?.[0] ?? recordSet.zones[0]?.zone ?? 'example.com'
}

export function howTo(port: number, sets: readonly RecordSet[]): string[] {
  const recordSet = sets[0]!
  const host = exampleHost(recordSet)
  const base = `http://127.0.0.1:${port}`
  const query = packet
    .encode({ id: 0, type: 'query', flags: packet.RECURSION_DESIRED, questions: [{ name: host, type: 'A', class: 'IN' }] })
    .toString('base64url') // RFC 8484 §4.1: base64url without padding, which Node's is
  const address = recordSet.names[host]?.a?.[0]
  const shared = sets.length > 1 ? sharedHost(sets) : null
  const from = (cf: string, where: string) => `curl -s --compressed -H 'MF-CF-Blob: ${cf}' '${base}/resolve?name=${shared}&type=A'  # as from ${where}`
  const steered = shared
    ? [from(PLACES.berlin, 'Berlin'), from(PLACES.sydney, 'Sydney')]
    : []
  return [
    `dig @127.0.0.1 -p ${port} +http-plain=/dns-query ${host}${address ? `  # -> ${address}` : ''}`,
    `curl -s -H 'accept: application/dns-message' '${base}/dns-query?dns=${query}' | od -An -tx1`,
    `curl -s '${base}/resolve?name=${host}&type=AAAA'`,
    `curl -s -o /dev/null -w '%{http_code}\\n' '${base}/dns-query?dns=garbage'  # -> 400`,
    ...steered,
  ]
}

const PLACES = {
  berlin: '{"latitude":"52.52","longitude":"13.40","continent":"EU","country":"DE"}',
  sydney: '{"latitude":"-33.87","longitude":"151.21","continent":"OC","country":"AU"}',
}

/** A name with an A record that more than one cluster serves, else the first cluster's example. */
function sharedHost(sets: readonly RecordSet[]): string {
  const count = new Map<string, number>()
  for (const set of sets) for (const [name, records] of Object.entries(set.names)) if (records.a && !name.startsWith('*')) count.set(name, (count.get(name) ?? 0) + 1)
  return [...count].find(([, n]) => n > 1)?.[0] ?? exampleHost(sets[0]!)
}
