/** DNSEndpoint targets as external-dns writes them, parsed into the records they stand for. */
import { describe, expect, it } from 'vitest'
import { parseCaa, parseHost, parseMx, parseSrv } from '../../../sync-agent/render/endpoint-targets.ts'

describe('target fields', () => {
  it.each<[string, () => unknown, unknown]>([
    ['MX, spaces around and two between', () => parseMx(' 10  mail.example.com '), { preference: 10, exchange: 'mail.example.com' }],
    ['SRV, a tab between', () => parseSrv('10 5\t5060 sip.example.com'), { priority: 10, weight: 5, port: 5060, target: 'sip.example.com' }],
    ['CAA, spaces around', () => parseCaa(' 0 issue "ca.example" '), { flags: 0, tag: 'issue', value: 'ca.example' }],
    ['a host name, spaces around', () => parseHost(' Target.example.net. '), 'target.example.net'],
  ])('are split on any run of white space: %s', (_, parse, value) => {
    expect(parse()).toEqual({ value })
  })

  it.each<[string, () => unknown]>([
    ['the MX preference', () => parseMx('ten mail.example.com')],
    ['the SRV priority', () => parseSrv('x 5 5060 sip.example.com')],
    ['the SRV weight', () => parseSrv('10 x 5060 sip.example.com')],
    ['the SRV port', () => parseSrv('10 5 x sip.example.com')],
  ])('must all be numbers before the host: %s', (_, parse) => {
    expect(parse()).toEqual({ problem: expect.stringMatching(/^expected "/) })
  })
})

describe('a CAA value', () => {
  it.each([
    ['0 issue "ca.example"', 'ca.example'],
    ['0 issue ca.example', 'ca.example'],
    ['0 iodef "mailto:\\"ops\\"@example.com"', 'mailto:"ops"@example.com'],
    ['0 issue "a\\\\b"', 'a\\b'],
  ])('%s reads as %s: quotes removed, escapes undone', (target, value) => {
    expect(parseCaa(target)).toEqual({ value: { flags: 0, tag: target.split(' ')[1], value } })
  })
})
