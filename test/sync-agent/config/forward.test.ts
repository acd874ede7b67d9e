import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../../sync-agent/config/k8s-gateway.ts'

const corefile = (...lines: string[]) =>
  `example.com {\n  k8s_gateway\n${lines.map((l) => `  ${l}\n`).join('')}}\n`
const parse = (...lines: string[]) => parseConfig(corefile(...lines), 'Corefile')
const DEFAULTS = { policy: 'random', maxFails: 2, healthCheck: 0.5 }

describe('forward gives the DoH upstreams', () => {
  it('takes an https URL with CoreDNS forward defaults (random, max_fails 2, health_check 0.5s)', () => {
    const { config, warnings } = parse('forward . https://dns.example/dns-query')
    expect(config.forward).toEqual({ upstreams: ['https://dns.example/dns-query'], ...DEFAULTS })
    expect(warnings).toEqual([])
  })

  it('accepts plain DNS targets but ignores them with a warning', () => {
    const { config, warnings } = parse('forward . 1.1.1.1 https://a.example/q tls://9.9.9.9')
    expect(config.forward?.upstreams).toEqual(['https://a.example/q'])
    expect(warnings).toEqual([
      'Corefile:3: forward to 1.1.1.1 ignored: the edge can only reach DoH (https://) upstreams',
      'Corefile:3: forward to tls://9.9.9.9 ignored: the edge can only reach DoH (https://) upstreams',
    ])
  })

  it('takes http(s) only as the scheme at the start of the target', () => {
    const { config, warnings } = parse('forward . x-https://a.example/q')
    expect(config.forward).toBeNull()
    expect(warnings).toEqual(['Corefile:3: forward to x-https://a.example/q ignored: the edge can only reach DoH (https://) upstreams'])
  })

  it('keeps the first forward . of the block and warns on another', () => {
    const { config, warnings } = parse('forward . https://a.example/q', 'forward . https://b.example/q')
    expect(config.forward?.upstreams).toEqual(['https://a.example/q'])
    expect(warnings).toEqual(['Corefile:4: forward ignored: the block already has one'])
  })

  it('keeps every DoH upstream in order, without repeats, 15 at most', () => {
    expect(parse('forward . https://a.example/q https://b.example/q https://a.example/q').config.forward?.upstreams).toEqual([
      'https://a.example/q',
      'https://b.example/q',
    ])
    const many = Array.from({ length: 16 }, (_, i) => `https://u${i}.example/q`)
    const { config, warnings } = parse(`forward . ${many.join(' ')}`)
    expect(config.forward?.upstreams).toHaveLength(15)
    expect(warnings).toEqual(['Corefile:3: forward to https://u15.example ignored: at most 15 upstreams (as CoreDNS)'])
  })

  it('honours policy, max_fails and health_check; warns on transport options', () => {
    const { config, warnings } = parse('forward . https://a.example/q https://b.example/q {', '  policy sequential', '  max_fails 5', '  health_check 10s no_rec', '  force_tcp', '}')
    expect(config.forward).toEqual({ upstreams: ['https://a.example/q', 'https://b.example/q'], policy: 'sequential', maxFails: 5, healthCheck: 10 })
    expect(warnings).toEqual([
      'Corefile:6: health_check no_rec ignored: the edge checks health by the answers it gets',
      'Corefile:7: forward option force_tcp ignored: it has no meaning for a DoH relay at the edge',
    ])
    expect(parse('forward . https://a.example/q {', '  health_check 500ms', '}').config.forward?.healthCheck).toBe(0.5)
  })

  // Go durations: a decimal number and one unit, up to one hour.
  it.each([
    ['500ms', 0.5],
    ['0.25s', 0.25],
    ['1.5m', 90],
    ['10s', 10],
    ['1h', 3600],
  ])('reads health_check %s as %s s, with no warning', (duration, seconds) => {
    const { config, warnings } = parse('forward . https://a.example/q {', `  health_check ${duration}`, '}')
    expect(config.forward?.healthCheck).toBe(seconds)
    expect(warnings).toEqual([])
  })

  it.each([['0', 0], ['10', 10], ['999', 999]])('takes max_fails %s', (text, maxFails) => {
    expect(parse('forward . https://a.example/q {', `  max_fails ${text}`, '}').config.forward?.maxFails).toBe(maxFails)
  })

  it('names every ignored health_check argument', () => {
    const { warnings } = parse('forward . https://a.example/q {', '  health_check 1s no_rec domain example.org', '}')
    expect(warnings).toEqual(['Corefile:4: health_check no_rec domain example.org ignored: the edge checks health by the answers it gets'])
  })

  it.each(['force_tcp', 'prefer_udp', 'expire 10s', 'tls cert key', 'tls_servername dns.example', 'max_idle_conns 10', 'except corp.example', 'next NXDOMAIN', 'failfast_all_unhealthy_upstreams', 'max_concurrent 100'])(
    'ignores the transport option %s with a warning',
    (option) => {
      const { config, warnings } = parse('forward . https://a.example/q {', `  ${option}`, '}')
      expect(config.forward?.upstreams).toEqual(['https://a.example/q'])
      expect(warnings).toEqual([`Corefile:4: forward option ${option.split(' ')[0]} ignored: it has no meaning for a DoH relay at the edge`])
    },
  )

  it.each([
    ['policy fastest', 'Corefile:4: policy must be one of random, round_robin, sequential'],
    ['policy', 'Corefile:4: policy must be one of random, round_robin, sequential'],
    ['policy random sequential', 'Corefile:4: policy must be one of random, round_robin, sequential'],
    ['max_fails many', 'Corefile:4: max_fails must be a whole number'],
    ['max_fails', 'Corefile:4: max_fails must be a whole number'],
    ['max_fails 1 2', 'Corefile:4: max_fails must be a whole number'],
    ['max_fails x5', 'Corefile:4: max_fails must be a whole number'],
    ['max_fails 5x', 'Corefile:4: max_fails must be a whole number'],
    ['max_fails 1000', 'Corefile:4: max_fails must be a whole number'],
    ['health_check soon', 'Corefile:4: health_check needs a duration up to 1h, e.g. 0.5s or 10s'],
    ['health_check', 'Corefile:4: health_check needs a duration up to 1h, e.g. 0.5s or 10s'],
    ['health_check 2h', 'Corefile:4: health_check needs a duration up to 1h, e.g. 0.5s or 10s'],
    ['health_check 3601s', 'Corefile:4: health_check needs a duration up to 1h, e.g. 0.5s or 10s'],
    ['health_check x10s', 'Corefile:4: health_check needs a duration up to 1h, e.g. 0.5s or 10s'],
    ['health_check 10sx', 'Corefile:4: health_check needs a duration up to 1h, e.g. 0.5s or 10s'],
    ['health_check 10', 'Corefile:4: health_check needs a duration up to 1h, e.g. 0.5s or 10s'],
    ['health_check .5s', 'Corefile:4: health_check needs a duration up to 1h, e.g. 0.5s or 10s'],
    ['retries 3', 'Corefile:4: unknown forward option "retries"'],
  ])('refuses the option %j', (option, message) => {
    expect(() => parse('forward . https://a.example/q {', `  ${option}`, '}')).toThrow(message)
  })

  it('ignores forwarding of a sub-domain and forward in another server block', () => {
    const text = `${corefile('forward corp.example https://a.example/q')}. {\n  forward . https://b.example/q\n}\n`
    const { config, warnings } = parseConfig(text, 'Corefile')
    expect(config.forward).toBeNull()
    expect(warnings).toEqual(['Corefile:3: forward corp.example ignored: only "forward ." can give the DoH upstream'])
  })

  it.each([
    ['forward .', 'Corefile:3: forward needs FROM and at least one TO'],
    ['forward . https://', 'Corefile:3: forward: invalid URL https://'],
  ])('%s', (line, message) => {
    expect(() => parseConfig(corefile(line), 'Corefile')).toThrow(message)
  })

  it('refuses plain http to anything but loopback, naming the upstream by origin only', () => {
    const { config, warnings } = parse('forward . http://dns.example/q?token=secret')
    expect(config.forward).toBeNull()
    expect(warnings).toEqual(['Corefile:3: forward to http://dns.example ignored: plain http is allowed to loopback only'])
    expect(parse('forward . http://127.0.0.1:8053/dns-query').config.forward?.upstreams).toEqual(['http://127.0.0.1:8053/dns-query'])
  })
})

describe('the server block keys bound what is relayed', () => {
  it.each([
    ['example.com {\n  k8s_gateway\n}', ['example.com']],
    ['.:53 {\n  k8s_gateway example.com\n}', ['']],
    ['dns://.:53 example.org {\n  k8s_gateway example.com\n}', ['', 'example.org']],
    ['Example.COM:53 example.com {\n  k8s_gateway\n}', ['example.com']],
    // The root in every spelling: with or without scheme, port or dot; a quoted key is trimmed.
    [':53 {\n  k8s_gateway example.com\n}', ['']],
    ['DNS://. tls://:853 {\n  k8s_gateway example.com\n}', ['']],
    ['" .:53 " {\n  k8s_gateway example.com\n}', ['']],
  ])('%j -> %j', (text, keys) => {
    expect(parseConfig(text, 'Corefile').config.serverBlock).toEqual(keys)
  })

  // Checked even when k8s_gateway names its zones, as CoreDNS checks every key.
  it.each([
    ['bad..key {\n  k8s_gateway example.com\n}', 'Corefile:1: invalid zone bad..key: empty label'],
    // Only a leading scheme and a trailing port are dropped.
    ['.dns:// {\n  k8s_gateway example.com\n}', 'Corefile:1: not a CIDR prefix: .dns://'],
    [':53. {\n  k8s_gateway example.com\n}', 'Corefile:1: invalid zone :53.: invalid label ":53"'],
  ])('refuses the key of %j', (text, message) => {
    expect(() => parseConfig(text, 'Corefile')).toThrow(message)
  })
})
