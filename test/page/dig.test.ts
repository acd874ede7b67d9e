/** digText: a reply as dig prints it, and the same from its own source, as the browser runs it. */
import { describe, expect, it } from 'vitest'
import { emptyReply } from '../../src/core/dns/types.ts'
import type { JsonReply } from '../../src/doh/json.ts'
import { jsonQuery, toJson } from '../../src/doh/json.ts'
import { CODE_NAMES } from '../../src/page/code-names.ts'
import { digText } from '../../src/page/dig.ts'

/** What /resolve returns for web.example.com A: the JSON encoder's own output, not a copy. */
const reply: JsonReply = toJson(jsonQuery('web.example.com', 'A', undefined), {
  ...emptyReply('NOERROR'),
  answers: [{ name: 'web.example.com', type: 'A', ttl: 60, data: '192.0.2.10' }],
})

describe('digText', () => {
  it('prints header, flags, question and answer', () => {
    expect(digText(reply, CODE_NAMES)).toBe(
      [
        ';; ->>HEADER<<- opcode: QUERY, status: NOERROR',
        ';; flags: qr rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0',
        '',
        ';; QUESTION SECTION:',
        ';web.example.com.\t\tIN\tA',
        '',
        ';; ANSWER SECTION:',
        'web.example.com.\t60\tIN\tA\t192.0.2.10',
      ].join('\n'),
    )
  })
  it('prints the authority of a negative answer, every flag set, and unnamed codes generically', () => {
    const nx: JsonReply = {
      ...reply,
      Status: 3,
      TC: true,
      RA: true,
      AD: true,
      CD: true,
      Question: [{ name: 'x.example.com.', type: 65280 }],
      Answer: undefined,
      Authority: [{ name: 'example.com.', type: 6, TTL: 30, data: 'ns. host. 1 2 3 4 5' }],
    }
    const text = digText(nx, CODE_NAMES)
    expect(text).toContain('status: NXDOMAIN')
    expect(text).toContain(';; flags: qr tc rd ra ad cd; QUERY: 1, ANSWER: 0, AUTHORITY: 1')
    expect(text).toContain(';x.example.com.\t\tIN\tTYPE65280')
    expect(text).not.toContain('ANSWER SECTION')
    expect(text).toContain(';; AUTHORITY SECTION:\nexample.com.\t30\tIN\tSOA\tns. host. 1 2 3 4 5')
    expect(digText({ ...nx, Status: 23 }, CODE_NAMES)).toContain('status: RCODE23')
  })
  it('runs from its own source with nothing else in scope, as the page ships it', () => {
    const shipped = new Function(`return (${digText.toString()})`)() as typeof digText
    const names = JSON.parse(JSON.stringify(CODE_NAMES))
    expect(shipped(reply, names)).toBe(digText(reply, CODE_NAMES))
  })
  it('names the codes the registries name', () => {
    expect([CODE_NAMES.types[28], CODE_NAMES.types[65], CODE_NAMES.rcodes[16], CODE_NAMES.types[300]]).toEqual(['AAAA', 'HTTPS', 'BADVERS', undefined])
  })
})
