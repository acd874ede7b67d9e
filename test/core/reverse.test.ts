/** Reverse zones of CIDR prefixes (RFC 1035 §3.5 in-addr.arpa, RFC 3596 §2.5 ip6.arpa). */
import { describe, expect, it } from 'vitest'
import { cidrZone, isReverseName, reverseName } from '../../src/core/dns/reverse.ts'

const V6_DB8 = '8.b.d.0.1.0.0.2.ip6.arpa'

describe('cidrZone', () => {
  it.each([
    ['192.0.2.0/24', '2.0.192.in-addr.arpa'],
    ['10.0.0.0/8', '10.in-addr.arpa'],
    ['10.20.0.0/16', '20.10.in-addr.arpa'],
    ['192.0.2.1/32', '1.2.0.192.in-addr.arpa'],
    ['0.0.0.0/0', 'in-addr.arpa'],
    ['2001:db8::/32', V6_DB8],
    ['2001:db8::/36', `0.${V6_DB8}`],
    ['2001:db8::1/128', `1.${'0.'.repeat(23)}${V6_DB8}`],
    ['::/0', 'ip6.arpa'],
  ])('%s is the zone %s', (prefix, zone) => {
    expect(cidrZone(prefix)).toEqual({ zone })
  })
  it.each([
    ['192.0.2.0/33', 'prefix length /33 is longer than /32: 192.0.2.0/33'],
    ['2001:db8::/129', 'prefix length /129 is longer than /128: 2001:db8::/129'],
    ['192.0.2.0/25', 'reverse zone 192.0.2.0/25 is not on a label boundary (a multiple of /8): list the zones of /32 it holds instead'],
    ['2001:db8::/33', 'reverse zone 2001:db8::/33 is not on a label boundary (a multiple of /4): list the zones of /36 it holds instead'],
    ['10.1.0.0/8', 'reverse zone 10.1.0.0/8 has bits set past its prefix length'],
    ['10.0.0.1/8', 'reverse zone 10.0.0.1/8 has bits set past its prefix length'],
    ['2001:db8::1/32', 'reverse zone 2001:db8::1/32 has bits set past its prefix length'],
    ['2001:db8:8000::/32', 'reverse zone 2001:db8:8000::/32 has bits set past its prefix length'],
    ['192.0.2.0', 'not a CIDR prefix: 192.0.2.0'],
    ['192.0.2.0/', 'not a CIDR prefix: 192.0.2.0/'],
    ['192.0.2.0/24x', 'not a CIDR prefix: 192.0.2.0/24x'],
    ['x/192.0.2.0/24', 'not a CIDR prefix: x/192.0.2.0/24'],
    ['192.0.2.0/1234', 'not a CIDR prefix: 192.0.2.0/1234'],
    ['lb.example.com/24', 'not a CIDR prefix: lb.example.com/24'],
  ])('refuses %s: %s', (prefix, error) => {
    expect(cidrZone(prefix)).toEqual({ error })
  })
})

describe('reverse names', () => {
  it('is the address\'s labels reversed under in-addr.arpa or ip6.arpa, or null for a non-address', () => {
    expect(reverseName('192.0.2.10')).toBe('10.2.0.192.in-addr.arpa')
    expect(reverseName('2001:db8::1')).toBe(`1.${'0.'.repeat(23)}${V6_DB8}`)
    expect(reverseName('lb.example.com')).toBeNull()
  })
  it.each([
    ['in-addr.arpa', true],
    ['2.0.192.in-addr.arpa', true],
    ['ip6.arpa', true],
    [V6_DB8, true],
    ['arpa', false],
    ['example.com', false],
    ['in-addr.arpa.example.com', false],
  ])('isReverseName(%s) = %s', (name, expected) => {
    expect(isReverseName(name)).toBe(expected)
  })
})
