/**
 * A reply as `dig` prints it: header, flags, question, answer and authority. The page renders
 * lookups with this both on the server (no JavaScript) and in the browser (updating in place
 * from /resolve), so the two cannot drift: client.ts ships this function's own source.
 * That is why it is self-contained: no imports, nothing from outside its body, and no named
 * inner functions (the bundler would wrap those in a helper the browser does not have).
 */
import type { JsonReply } from '../doh/json.ts'

/** Names of the codes a reply carries; codes.ts owns the registries. */
export interface CodeNames {
  rcodes: Record<number, string>
  types: Record<number, string>
}

export function digText(reply: JsonReply, names: CodeNames): string {
  const q = reply.Question[0]
  const flags = ['qr']
  if (reply.TC) flags.push('tc')
  if (reply.RD) flags.push('rd')
  if (reply.RA) flags.push('ra')
  if (reply.AD) flags.push('ad')
  if (reply.CD) flags.push('cd')
  const answer = reply.Answer ?? []
  const authority = reply.Authority ?? []
  const lines = [
    `;; ->>HEADER<<- opcode: QUERY, status: ${names.rcodes[reply.Status] ?? `RCODE${reply.Status}`}`,
    `;; flags: ${flags.join(' ')}; QUERY: ${reply.Question.length}, ANSWER: ${answer.length}, AUTHORITY: ${authority.length}`,
    '',
    ';; QUESTION SECTION:',
    q ? `;${q.name}\t\tIN\t${names.types[q.type] ?? `TYPE${q.type}`}` : ';',
  ]
  for (const [title, rrs] of [['ANSWER', answer], ['AUTHORITY', authority]] as const) {
    if (rrs.length === 0) continue
    lines.push('', `;; ${title} SECTION:`)
    for (const rr of rrs) lines.push(`${rr.name}\t${rr.TTL}\tIN\t${names.types[rr.type] ?? `TYPE${rr.type}`}\t${rr.data}`)
  }
  return lines.join('\n')
}
