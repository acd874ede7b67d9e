import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../sync-agent/config/errors.ts'
import { loadConfig, ownerProblem, parseConfig } from '../../../sync-agent/config/k8s-gateway.ts'

/** A Corefile whose k8s_gateway block holds `options`; the options start on line 3. */
const withOptions = (...options: string[]) =>
  `example.com {\n  k8s_gateway {\n${options.map((o) => `    ${o}\n`).join('')}  }\n}\n`

const parse = (text: string) => parseConfig(text, 'Corefile').config

describe('Windows line endings', () => {
  it('reads a Corefile with CRLF line endings as with LF', () => {
    const text = 'example.com {\n  k8s_gateway {\n    ttl 30\n    resources Ingress Node\n  }\n}\n'
    expect(parse(text.replaceAll('\n', '\r\n'))).toEqual(parse(text))
    expect(parse(text.replaceAll('\n', '\r\n'))).toMatchObject({ ttl: 30, resources: ['Ingress', 'Node'] })
  })
})

describe('loadConfig', () => {
  it('reads the file, naming it in warnings, and says when it cannot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'corefile-'))
    try {
      const path = join(dir, 'Corefile')
      await writeFile(path, 'example.com {\n  k8s_gateway {\n    clientFiltering\n  }\n}\n')
      const { config, warnings } = await loadConfig(path)
      expect(config.zones).toEqual(['example.com'])
      expect(warnings).toEqual([`${path}:3: clientFiltering is ignored: answers do not depend on the client subnet`])
      const missing = join(dir, 'nope')
      const err = await loadConfig(missing).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ConfigError)
      expect(err).toMatchObject({ file: missing, line: 0 })
      expect((err as ConfigError).message).toMatch(new RegExp(`^${missing}: cannot read: ENOENT`))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('snippets', () => {
  it('leaves out snippet definitions, so a k8s_gateway in one is not a second plugin', () => {
    const text = '(common) {\n  k8s_gateway other.example\n}\nexample.com {\n  k8s_gateway\n}\n'
    expect(parse(text).zones).toEqual(['example.com'])
  })
})

describe('parseConfig defaults', () => {
  it('takes upstream defaults when the block is bare', () => {
    expect(parse('example.com {\n  k8s_gateway\n}')).toEqual({
      owner: 'default',
      zones: ['example.com'],
      resources: ['Ingress', 'Service'],
      ingressClasses: [],
      gatewayClasses: [],
      serviceLabelSelectors: [],
      ttl: 60,
      apex: 'dns1.kube-system',
      secondary: null,
      hostmaster: 'hostmaster',
      soa: { refresh: 7200, retry: 1800, expire: 86400 },
      kubeconfig: null,
      fallthrough: null,
      nodeAddressType: 'InternalIP',
      forward: null,
      serverBlock: ['example.com'],
    })
  })
})

describe('zones', () => {
  it.each([
    ['example.com {\n  k8s_gateway\n}', ['example.com']],
    ['Example.COM. dns://example.org:53 {\n  k8s_gateway\n}', ['example.com', 'example.org']],
    [
      'https://example.com:443 tls://dev.example.com {\n  k8s_gateway\n}',
      ['example.com', 'dev.example.com'],
    ],
    ['.:53 {\n  k8s_gateway a.example.com B.example.org.\n}', ['a.example.com', 'b.example.org']],
    ['example.com:53 example.com:5353 {\n  k8s_gateway\n}', ['example.com']],
    // Zone arguments and a block on the same line: the arguments are kept, the block read.
    ['.:53 {\n  k8s_gateway a.example.com b.example.org {\n    ttl 30\n  }\n}', ['a.example.com', 'b.example.org']],
    // Reverse zones (PTR): by name, the whole of either tree, or as CoreDNS reads a CIDR key.
    ['example.com 2.0.192.in-addr.arpa 8.b.d.0.1.0.0.2.ip6.arpa {\n  k8s_gateway\n}', ['example.com', '2.0.192.in-addr.arpa', '8.b.d.0.1.0.0.2.ip6.arpa']],
    ['example.com {\n  k8s_gateway example.com in-addr.arpa IP6.ARPA.\n}', ['example.com', 'in-addr.arpa', 'ip6.arpa']],
    ['example.com 192.0.2.0/24 10.0.0.0/8 2001:db8::/32 dns://198.51.100.0/24:53 {\n  k8s_gateway\n}', ['example.com', '2.0.192.in-addr.arpa', '10.in-addr.arpa', '8.b.d.0.1.0.0.2.ip6.arpa', '100.51.198.in-addr.arpa']],
    ['0.0.0.0/0 ::/0 {\n  k8s_gateway\n}', ['in-addr.arpa', 'ip6.arpa']],
  ])('%j -> %j', (text, zones) => {
    expect(parse(text).zones).toEqual(zones)
  })
})

describe('options', () => {
  it.each([
    ['resources HTTPRoute Ingress Node', { resources: ['HTTPRoute', 'Ingress', 'Node'] }],
    ['ingressClasses nginx alb', { ingressClasses: ['nginx', 'alb'] }],
    ['gatewayClasses cilium', { gatewayClasses: ['cilium'] }],
    [
      'serviceLabelSelectors app=web "env in (a,b)"',
      { serviceLabelSelectors: ['app=web', 'env in (a,b)'] },
    ],
    ['ttl 0', { ttl: 0 }],
    ['ttl 3600', { ttl: 3600 }],
    ['apex Exdns-1.Kube-System', { apex: 'exdns-1.kube-system' }],
    ['secondary exdns-2.kube-system', { secondary: 'exdns-2.kube-system' }],
    ['soa 3600 600 604800', { soa: { refresh: 3600, retry: 600, expire: 604800 } }],
    ['kubeconfig /k/config', { kubeconfig: { file: '/k/config', context: null } }],
    ['kubeconfig /k/config prod', { kubeconfig: { file: '/k/config', context: 'prod' } }],
    ['fallthrough', { fallthrough: [] }],
    ['fallthrough .', { fallthrough: [] }],
    ['fallthrough Example.org. in-addr.arpa', { fallthrough: ['example.org', 'in-addr.arpa'] }],
    ['fallthrough example.org Example.ORG. dns://example.org:53', { fallthrough: ['example.org'] }],
    ['nodeAddressType ExternalIP', { nodeAddressType: 'ExternalIP' }],
    ['nodeAddressType InternalIP', { nodeAddressType: 'InternalIP' }],
  ])('%s', (option, expected) => {
    expect(parse(withOptions(option))).toMatchObject(expected)
  })

  it('accepts clientFiltering with a warning, as it changes nothing here', () => {
    const { warnings } = parseConfig(withOptions('clientFiltering'), 'Corefile')
    expect(warnings).toEqual([
      'Corefile:3: clientFiltering is ignored: answers do not depend on the client subnet',
    ])
  })
})

describe('errors name the file and line', () => {
  it.each([
    ['ttl 5000', 'Corefile:3: ttl must be in range [0, 3600]: 5000'],
    ['ttl -1', 'Corefile:3: ttl must be in range [0, 3600]: -1'],
    ['ttl abc', 'Corefile:3: ttl: not an integer: "abc"'],
    // Whole integers only: a unit or a prefix would read as NaN and lose the zone its meta.
    ['ttl 60s', 'Corefile:3: ttl: not an integer: "60s"'],
    ['ttl x60', 'Corefile:3: ttl: not an integer: "x60"'],
    ['ttl 1.5', 'Corefile:3: ttl: not an integer: "1.5"'],
    ['ttl', 'Corefile:3: ttl takes 1 argument, got 0'],
    ['ttl 1 2', 'Corefile:3: ttl takes 1 argument, got 2'],
    [
      'resources Ingress Gateway',
      'Corefile:3: unknown resource "Gateway" (valid: Ingress Service HTTPRoute TLSRoute GRPCRoute VirtualServer DNSEndpoint Node)',
    ],
    ['resources ingress', 'Corefile:3: unknown resource "ingress" (did you mean Ingress?)'],
    ['resources Ingress Ingress', 'Corefile:3: resource Ingress is listed twice'],
    ['resources', 'Corefile:3: resources takes at least 1 arguments, got 0'],
    ['ingressClasses', 'Corefile:3: ingressClasses takes at least 1 arguments, got 0'],
    ['gatewayClasses', 'Corefile:3: gatewayClasses takes at least 1 arguments, got 0'],
    ['serviceLabelSelectors', 'Corefile:3: serviceLabelSelectors takes at least 1 arguments, got 0'],
    ['secondary', 'Corefile:3: secondary takes 1 argument, got 0'],
    ['secondary a.b c.d', 'Corefile:3: secondary takes 1 argument, got 2'],
    ['nodeAddressType', 'Corefile:3: nodeAddressType takes 1 argument, got 0'],
    ['clientFiltering on off', 'Corefile:3: clientFiltering takes 0 to 1 arguments, got 2'],
    [
      'serviceLabelSelectors "a in ()"',
      'Corefile:3: invalid serviceLabelSelectors "a in ()": invalid value list in "a in ()"',
    ],
    [
      'serviceLabelSelectors "a b"',
      'Corefile:3: invalid serviceLabelSelectors "a b": invalid label selector requirement "a b"',
    ],
    ['apex', 'Corefile:3: apex takes 1 argument, got 0'],
    ['apex a..b', 'Corefile:3: apex: invalid name "a..b": empty label'],
    ['secondary *.x', 'Corefile:3: secondary: invalid name "*.x": wildcard label'],
    ['soa 1 2', 'Corefile:3: soa takes 3 arguments, got 2'],
    ['soa 1 -2 3', 'Corefile:3: soa retry must be in range [0, 2147483647]: -2'],
    ['kubeconfig a b c', 'Corefile:3: kubeconfig takes 1 to 2 arguments, got 3'],
    [
      'nodeAddressType Hostname',
      "Corefile:3: nodeAddressType must be 'InternalIP' or 'ExternalIP', got: Hostname",
    ],
    [
      'fallthrough 10.0.0.0/12',
      'Corefile:3: fallthrough: reverse zone 10.0.0.0/12 is not on a label boundary (a multiple of /8): list the zones of /16 it holds instead',
    ],
    ['upstream', 'Corefile:3: unknown k8s_gateway option "upstream"'],
    ['ttl 30 {', 'Corefile:3: ttl takes no block'],
  ])('%s', (option, message) => {
    const text = option.endsWith('{') ? withOptions(option, '}') : withOptions(option)
    expect(() => parse(text)).toThrow(message)
  })

  it('rejects a repeated option, naming both lines', () => {
    expect(() => parse(withOptions('ttl 1', 'apex a.b', 'ttl 2'))).toThrow(
      'Corefile:5: ttl is already set on line 3'
    )
  })

  it.each([
    ['example.com {\n  log\n}', 'Corefile: no k8s_gateway plugin found'],
    [
      'a.com {\n  k8s_gateway\n}\nb.com {\n  k8s_gateway\n}',
      'Corefile:5: k8s_gateway is declared more than once (lines 2, 5)',
    ],
    [
      '.:53 {\n  k8s_gateway\n}',
      'Corefile:1: the root zone is not supported, name the zones: .:53',
    ],
    [
      'x {\n  k8s_gateway 192.0.2.128/25\n}',
      'Corefile:2: reverse zone 192.0.2.128/25 is not on a label boundary (a multiple of /8): list the zones of /32 it holds instead',
    ],
    ['x {\n  k8s_gateway 192.0.2.1/24\n}', 'Corefile:2: reverse zone 192.0.2.1/24 has bits set past its prefix length'],
    ['x {\n  k8s_gateway 2001:db8::/30\n}', 'Corefile:2: reverse zone 2001:db8::/30 is not on a label boundary (a multiple of /4): list the zones of /32 it holds instead'],
    ['x {\n  k8s_gateway 192.0.2.0/33\n}', 'Corefile:2: prefix length /33 is longer than /32: 192.0.2.0/33'],
    ['x {\n  k8s_gateway 192.0.2/24\n}', 'Corefile:2: not a CIDR prefix: 192.0.2/24'],
    ['x {\n  k8s_gateway a_b..c\n}', 'Corefile:2: invalid zone a_b..c: empty label'],
    // A wildcard is a name in a zone, never a zone.
    ['x {\n  k8s_gateway *.example.com\n}', 'Corefile:2: invalid zone *.example.com: wildcard label'],
    ['*.example.com {\n  k8s_gateway\n}', 'Corefile:1: invalid zone *.example.com: wildcard label'],
  ])('%j', (text, message) => {
    expect(() => parse(text)).toThrow(message)
  })

  it('names a file-level error without a line', () => {
    const err = new ConfigError('Corefile', 0, 'no k8s_gateway plugin found')
    expect(err.message).toBe('Corefile: no k8s_gateway plugin found')
    // The name is what logs print before the message ("ConfigError: Corefile:3: ...").
    expect(String(new ConfigError('Corefile', 3, 'x'))).toBe('ConfigError: Corefile:3: x')
  })

  it('throws ConfigError carrying file and line', () => {
    try {
      parse(withOptions('ttl 5000'))
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      expect(err).toMatchObject({
        file: 'Corefile',
        line: 3,
        detail: 'ttl must be in range [0, 3600]: 5000',
      })
    }
  })
})

describe('owner', () => {
  it.each([
    ['default', null],
    ['eu-1.prod', null],
    ['EU', 'invalid owner "EU": use 1-63 lower-case letters, digits, ".", "_" or "-"'],
    ['a/b', 'invalid owner "a/b": use 1-63 lower-case letters, digits, ".", "_" or "-"'],
  ])('%s', (owner, problem) => {
    expect(ownerProblem(owner)).toBe(problem)
  })
})
