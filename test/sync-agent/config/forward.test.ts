import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../sync-agent/config/k8s-gateway.ts'

const corefile = (...lines: string[]) =>
  `example.com {\n  k8s_gateway\n${lines.map((l) => `  ${l}\n`).join('')}}\n`

describe('forward gives the DoH upstream', () => {
  it('takes an https URL', () => {
    const { config, warnings } = parseConfig(
      corefile('forward . https://dns.example/dns-query'),
      'Corefile'
    )
    expect(config.upstream).toBe('https://dns.example/dns-query')
    expect(warnings).toEqual([])
  })

  it('accepts plain DNS targets but ignores them with a warning', () => {
    const { config, warnings } = parseConfig(
      corefile('forward . 1.1.1.1 https://a.example/q tls://9.9.9.9'),
      'Corefile'
    )
    expect(config.upstream).toBe('https://a.example/q')
    expect(warnings).toEqual([
      'Corefile:3: forward to 1.1.1.1 ignored: the edge can only reach DoH (https://) upstreams',
      'Corefile:3: forward to tls://9.9.9.9 ignored: the edge can only reach DoH (https://) upstreams',
    ])
  })

  it('keeps the first of several DoH upstreams', () => {
    const { config, warnings } = parseConfig(
      corefile('forward . https://a.example/q https://b.example/q'),
      'Corefile'
    )
    expect(config.upstream).toBe('https://a.example/q')
    expect(warnings).toEqual([
      'Corefile:3: forward to https://b.example/q ignored: only the first DoH upstream is used',
    ])
  })

  it('ignores forwarding of a sub-domain and forward in another server block', () => {
    const text = `${corefile('forward corp.example https://a.example/q')}. {\n  forward . https://b.example/q\n}\n`
    const { config, warnings } = parseConfig(text, 'Corefile')
    expect(config.upstream).toBeNull()
    expect(warnings).toEqual([
      'Corefile:3: forward corp.example ignored: only "forward ." can give the DoH upstream',
    ])
  })

  it.each([
    ['forward .', 'Corefile:3: forward needs FROM and at least one TO'],
    ['forward . https://', 'Corefile:3: forward: invalid URL https://'],
  ])('%s', (line, message) => {
    expect(() => parseConfig(corefile(line), 'Corefile')).toThrow(message)
  })

  it('refuses plain http to anything but loopback, naming the upstream by origin only', () => {
    const { config, warnings } = parseConfig(corefile('forward . http://dns.example/q?token=secret'), 'Corefile')
    expect(config.upstream).toBeNull()
    expect(warnings).toEqual(['Corefile:3: forward to http://dns.example ignored: plain http is allowed to loopback only'])
    expect(parseConfig(corefile('forward . http://127.0.0.1:8053/dns-query'), 'Corefile').config.upstream).toBe(
      'http://127.0.0.1:8053/dns-query',
    )
  })
})

describe('the server block keys bound what is relayed', () => {
  it.each([
    ['example.com {\n  k8s_gateway\n}', ['example.com']],
    ['.:53 {\n  k8s_gateway example.com\n}', ['']],
    ['dns://.:53 example.org {\n  k8s_gateway example.com\n}', ['', 'example.org']],
    ['Example.COM:53 example.com {\n  k8s_gateway\n}', ['example.com']],
  ])('%j -> %j', (text, keys) => {
    expect(parseConfig(text, 'Corefile').config.serverBlock).toEqual(keys)
  })
})
