import { describe, expect, it } from 'vitest'
import { normalizeZone } from '../../../sync-agent/config/zones.ts'

// CoreDNS's plugin.Host().NormalizeExact: a leading transport scheme and a trailing port are
// dropped, the name lower-cased (ASCII) and written without the final dot.
describe('normalizeZone', () => {
  it.each([
    ['example.com', 'example.com'],
    ['HTTPS://Example.COM:53', 'example.com'],
    ['dns://example.com.:53', 'example.com'],
    ['grpc://Dev.Example.com.', 'dev.example.com'],
    ['tls://example.com:853', 'example.com'],
    [' Example.COM ', 'example.com'],
    // A CIDR key on a label boundary is its reverse zone, with or without a scheme.
    ['10.0.0.0/8', '10.in-addr.arpa'],
    ['dns://192.0.2.0/24', '2.0.192.in-addr.arpa'],
    // An IPv6 prefix may be bracketed, as in a URL, and a port after the prefix is dropped.
    ['[2001:db8::]/32', '8.b.d.0.1.0.0.2.ip6.arpa'],
    ['dns://[2001:DB8::]/32:53', '8.b.d.0.1.0.0.2.ip6.arpa'],
    ['192.0.2.0/24:53', '2.0.192.in-addr.arpa'],
  ])('%j -> %j', (text, zone) => {
    expect(normalizeZone(text)).toEqual({ zone })
  })

  it.each([
    ['.', 'the root zone is not supported, name the zones: .'],
    [':53', 'the root zone is not supported, name the zones: :53'],
    ['dns://.:53', 'the root zone is not supported, name the zones: dns://.:53'],
    // A scheme begins with a letter and only at the start; a port ends the key.
    // A scheme starts with a letter: this one is not stripped, so the slash reads as a prefix.
    ['0dns://example.com', 'not a CIDR prefix: 0dns://example.com'],
    // Brackets hold the whole address, and only one port ends the key.
    ['1[9]2.0.2.0/24', 'not a CIDR prefix: 1[9]2.0.2.0/24'],
    ['192.0.2.0/24:53:53', 'not a CIDR prefix: 192.0.2.0/24:53:53'],
    ['example.com:53x', 'invalid zone example.com:53x: invalid label "com:53x"'],
    ['example.com:', 'invalid zone example.com:: invalid label "com:"'],
    ['a..b', 'invalid zone a..b: empty label'],
    ['*.example.com', 'invalid zone *.example.com: wildcard label'],
    ['x.*.example.com', 'invalid zone x.*.example.com: wildcard "*" is only allowed as the first label'],
  ])('refuses %j', (text, error) => {
    expect(normalizeZone(text)).toEqual({ error })
  })
})
